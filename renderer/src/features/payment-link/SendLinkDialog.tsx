import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { CartView } from '../../../../shared/contract/register-view';
import { money } from '../../app/format';
import { useRegister } from '../../app/register-store';
import { useAction } from '../../app/use-action';
import { Dialog } from '../../components/Dialog';
import { InlineError } from '../../components/InlineError';
import { ChannelChoiceGroup } from './ChannelChoiceGroup';
import { channelsOf, checkContact, defaultChoice, displayPhone, usesEmail, usesPhone, type ContactErrors } from './contact';
import { ContactFields, focusFirstInvalid } from './ContactFields';
import { refusalHelp } from './link-refusal';
import { RefusalHelpPanel } from './RefusalHelpPanel';

/** Refusals that mean the catalog the register shows is out of date. */
const STALE_CATALOG = new Set(['seat_unavailable', 'capacity_unavailable', 'total_mismatch']);

/**
 * Choose how the client gets the link (a message, or only the QR code on screen), check the contact details, send.
 * Refusals stay here with a way out.
 */
export function SendLinkDialog({ cart, onClose, onSent }: { cart: CartView; onClose: () => void; onSent: () => void }) {
  const { call, catalog, reloadCatalog } = useRegister();
  const { run, busy, error, clearError } = useAction();
  const [choice, setChoice] = useState(() => defaultChoice(cart.client));
  const [draft, setDraft] = useState({ phone: displayPhone(cart.client?.phone), email: cart.client?.email ?? '' });
  const [errors, setErrors] = useState<ContactErrors>({});
  const [fixed, setFixed] = useState('');
  const form = useRef<HTMLFormElement>(null);
  const submitButton = useRef<HTMLButtonElement>(null);
  const help = refusalHelp(error, cart.lines, catalog?.items ?? []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFixed('');
    const checked = checkContact(draft, choice);
    if (!checked.ok) {
      setErrors(checked.errors);
      requestAnimationFrame(() => focusFirstInvalid(form.current));
      return;
    }
    setErrors({});
    const { phone, email } = checked;
    const sent = await run(() => call('link.send', { channels: channelsOf(choice), ...(phone ? { phone } : {}), ...(email ? { email } : {}) }));
    if (sent) onSent();
  };

  // A refusal about places or prices: fetch the catalog again so the seat grid and prices are the server's.
  useEffect(() => {
    if (error && STALE_CATALOG.has(error.code)) reloadCatalog();
  }, [error, reloadCatalog]);

  return (
    <Dialog title="Send payment link" onClose={onClose} wide={help.kind === 'pick_seat'}>
      <form ref={form} className="pay-form send-link" onSubmit={submit} noValidate>
        <p className="pay-form__due">
          {cart.client?.name ?? 'The client'} pays <strong>{money(cart.totalCents, cart.currency)}</strong> on their phone
        </p>
        <ChannelChoiceGroup value={choice} onChange={setChoice} disabled={busy} />
        <ContactFields draft={draft} errors={errors} showPhone={usesPhone(choice)} showEmail={usesEmail(choice)} onChange={setDraft} disabled={busy} />
        {choice === 'qr' && <p className="small">No message is sent: the client scans the QR code on the register’s screen with their phone.</p>}
        <p className="muted small">The client’s spots in the cart are held until the link is paid, canceled or expires.</p>
        <InlineError error={error} />
        <RefusalHelpPanel
          help={help}
          cart={cart}
          onFixed={(sentence) => {
            clearError();
            setFixed(sentence);
            // The control that fixed it is gone with the refusal: the next step is sending again.
            requestAnimationFrame(() => submitButton.current?.focus());
          }}
        />
        {fixed && (
          <p className="refusal-fixed" role="status">
            {fixed}
          </p>
        )}
        <div className="dialog__actions">
          <button type="button" className="button" onClick={onClose}>
            Back to checkout
          </button>
          <button ref={submitButton} type="submit" className="button button--primary button--large" disabled={busy || cart.lines.length === 0}>
            {busy ? (choice === 'qr' ? 'Creating…' : 'Sending…') : choice === 'qr' ? 'Create link and show QR code' : 'Send payment link'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
