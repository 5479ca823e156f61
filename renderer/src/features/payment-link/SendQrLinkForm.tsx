import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { Client } from '../../../../shared/contract/entities';
import type { LinkView } from '../../../../shared/contract/register-view';
import { useRegister } from '../../app/register-store';
import { useAction } from '../../app/use-action';
import { InlineError } from '../../components/InlineError';
import { ChannelChoiceGroup } from './ChannelChoiceGroup';
import { checkContact, defaultChoice, displayPhone, usesEmail, usesPhone, type ContactErrors } from './contact';
import { ContactFields, focusFirstInvalid } from './ContactFields';

const MESSAGE_CHOICES = ['email', 'sms', 'both'] as const;

/**
 * The Resend of a link that was only shown as a QR code: nothing was sent, so staff choose SMS and/or email and the
 * contact. It is the same link and amount; the server adds the channels the given addresses name.
 */
export function SendQrLinkForm({ link, client, onDone }: { link: LinkView; client: Client | null; onDone: (sentence: string) => void }) {
  const { call } = useRegister();
  const { run, busy, error } = useAction();
  const [choice, setChoice] = useState(() => defaultChoice(client));
  const [draft, setDraft] = useState({ phone: displayPhone(client?.phone), email: client?.email ?? '' });
  const [errors, setErrors] = useState<ContactErrors>({});
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => form.current?.querySelector<HTMLInputElement>('input:checked')?.focus(), []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const checked = checkContact(draft, choice);
    if (!checked.ok) {
      setErrors(checked.errors);
      requestAnimationFrame(() => focusFirstInvalid(form.current));
      return;
    }
    setErrors({});
    const { phone, email } = checked;
    const input = { ...(phone ? { phone } : {}), ...(email ? { email } : {}), ...(link.onScreen ? {} : { linkId: link.localId }) };
    const done = await run(() => call('link.resend', input));
    if (done) onDone('The link was sent to the client.');
  };

  return (
    <form ref={form} className="resend-form" aria-label="Send the link by message" onSubmit={submit} noValidate>
      <p className="muted small">Only the QR code was shown. Send the same link by message too.</p>
      <ChannelChoiceGroup value={choice} choices={MESSAGE_CHOICES} onChange={setChoice} disabled={busy} />
      <ContactFields draft={draft} errors={errors} showPhone={usesPhone(choice)} showEmail={usesEmail(choice)} onChange={setDraft} disabled={busy} />
      <InlineError error={error} />
      <div className="resend-form__actions">
        <button type="button" className="button button--small" onClick={() => onDone('')}>
          Don’t send
        </button>
        <button type="submit" className="button button--primary button--small" disabled={busy}>
          {busy ? 'Sending…' : 'Send link'}
        </button>
      </div>
    </form>
  );
}
