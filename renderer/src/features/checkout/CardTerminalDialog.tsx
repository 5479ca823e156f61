import type { CartView } from '../../../../shared/contract/register-view';
import { money } from '../../app/format';
import { useRegister } from '../../app/register-store';
import { useAction } from '../../app/use-action';
import { Dialog } from '../../components/Dialog';
import { InlineError } from '../../components/InlineError';

/** The studio's own card terminal is not connected: staff charge it there and confirm here. */
export function CardTerminalDialog({ cart, onClose }: { cart: CartView; onClose: () => void }) {
  const { call } = useRegister();
  const { run, busy, error } = useAction();

  const confirm = async () => {
    const result = await run(() => call('checkout.pay', { method: 'external_card' }));
    if (result) onClose();
  };

  return (
    <Dialog title="External card terminal" onClose={onClose}>
      <div className="pay-form">
        <p className="pay-form__due">
          Charge <strong>{money(cart.totalCents, cart.currency)}</strong> on the card terminal.
        </p>
        <p className="muted">When the terminal shows the payment as approved, confirm it here to complete the sale.</p>
        <InlineError error={error} />
        <div className="dialog__actions dialog__actions--stacked">
          <button type="button" className="button button--primary button--large" data-autofocus disabled={busy} onClick={confirm}>
            {busy ? 'Completing…' : 'Terminal approved — complete sale'}
          </button>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </div>
    </Dialog>
  );
}
