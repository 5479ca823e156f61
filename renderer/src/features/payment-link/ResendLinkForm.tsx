import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { LinkView } from '../../../../shared/contract/register-view';
import { useRegister, useSnapshot } from '../../app/register-store';
import { useAction } from '../../app/use-action';
import { InlineError } from '../../components/InlineError';
import { checkContact, displayPhone, type ChannelChoice, type ContactErrors } from './contact';
import { ContactFields, focusFirstInvalid } from './ContactFields';
import { SaveContactOffer } from './SaveContactOffer';

function choiceOf(link: LinkView): ChannelChoice {
  const channels = new Set(link.deliveries.map((d) => d.channel));
  if (channels.has('sms') && channels.has('email')) return 'both';
  return channels.has('sms') ? 'sms' : 'email';
}

const lastTo = (link: LinkView, channel: 'sms' | 'email') => [...link.deliveries].reverse().find((d) => d.channel === channel)?.to;

type Correction = { phone?: string; email?: string };

/**
 * Sends the same link (same amount) again on its channels; staff may correct the phone or email first, and are then
 * offered to save the correction to the client's profile.
 */
export function ResendLinkForm({ link, onDone }: { link: LinkView; onDone: (sentence: string) => void }) {
  const { call } = useRegister();
  const { cart } = useSnapshot();
  const { run, busy, error } = useAction();
  const [offer, setOffer] = useState<Correction | null>(null);
  const choice = choiceOf(link);
  const current = { phone: lastTo(link, 'sms') ?? '', email: lastTo(link, 'email') ?? '' };
  const [draft, setDraft] = useState({ phone: displayPhone(current.phone) || current.phone, email: current.email });
  const [errors, setErrors] = useState<ContactErrors>({});
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => form.current?.querySelector('input')?.focus(), []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const checked = checkContact(draft, choice);
    if (!checked.ok) {
      setErrors(checked.errors);
      requestAnimationFrame(() => focusFirstInvalid(form.current));
      return;
    }
    setErrors({});
    // Only corrections travel: an unchanged address is the one the link already has.
    const input = {
      ...(checked.phone && checked.phone !== current.phone ? { phone: checked.phone } : {}),
      ...(checked.email && checked.email !== current.email ? { email: checked.email } : {}),
    };
    const done = await run(() => call('link.resend', { ...input, ...(link.onScreen ? {} : { linkId: link.localId }) }));
    if (!done) return;
    const toSave = newToProfile(input, link.onScreen ? cart?.client : undefined);
    if (link.clientId && toSave) setOffer(toSave);
    else onDone(Object.keys(input).length > 0 ? 'The link was sent again to the corrected contact.' : 'The link was sent again.');
  };

  if (offer && link.clientId) return <SaveContactOffer clientId={link.clientId} clientName={link.clientName} correction={offer} onDone={onDone} />;

  return (
    <form ref={form} className="resend-form" aria-label="Resend link" onSubmit={submit} noValidate>
      <p className="muted small">Same link, same amount. Correct the contact if the client did not get it.</p>
      <ContactFields draft={draft} errors={errors} showPhone={choice !== 'email'} showEmail={choice !== 'sms'} onChange={setDraft} disabled={busy} />
      <InlineError error={error} />
      <div className="resend-form__actions">
        <button type="button" className="button button--small" onClick={() => onDone('')}>
          Don’t resend
        </button>
        <button type="submit" className="button button--primary button--small" disabled={busy}>
          {busy ? 'Sending…' : 'Send link again'}
        </button>
      </div>
    </form>
  );
}

/** The corrections the profile does not already have (when the profile is known here); null when there is none. */
function newToProfile(correction: Correction, profile: { phone?: string; email?: string } | null | undefined): Correction | null {
  const fresh: Correction = {
    ...(correction.phone && correction.phone !== profile?.phone ? { phone: correction.phone } : {}),
    ...(correction.email && correction.email !== profile?.email ? { email: correction.email } : {}),
  };
  return Object.keys(fresh).length > 0 ? fresh : null;
}
