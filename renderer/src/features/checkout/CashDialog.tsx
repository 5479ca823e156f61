import { useState, type FormEvent } from 'react';
import type { CartView } from '../../../../shared/contract/register-view';
import { money } from '../../app/format';
import { useRegister } from '../../app/register-store';
import { useAction } from '../../app/use-action';
import { Dialog } from '../../components/Dialog';
import { InlineError } from '../../components/InlineError';
import { parseCashInput, quickTenders } from './cash-amount';

export function CashDialog({ cart, onClose }: { cart: CartView; onClose: () => void }) {
  const { call } = useRegister();
  const { run, busy, error } = useAction();
  const [text, setText] = useState((cart.totalCents / 100).toFixed(2));
  const tendered = parseCashInput(text);
  const enough = tendered !== null && tendered >= cart.totalCents;
  const change = enough ? tendered - cart.totalCents : 0;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!enough) return;
    // The engine records what was handed over; "Change due" and the receipt follow from its snapshot.
    const result = await run(() => call('checkout.pay', { method: 'cash', tenderedCents: tendered }));
    if (result) onClose();
  };

  return (
    <Dialog title="Cash payment" onClose={onClose}>
      <form onSubmit={submit} className="pay-form">
        <p className="pay-form__due">
          Amount due <strong>{money(cart.totalCents, cart.currency)}</strong>
        </p>
        <label className="field">
          <span>Cash tendered</span>
          <input inputMode="decimal" data-autofocus value={text} onChange={(e) => setText(e.target.value)} onFocus={(e) => e.target.select()} />
        </label>
        <div className="quick-tenders" role="group" aria-label="Quick amounts">
          {quickTenders(cart.totalCents).map((cents) => (
            <button key={cents} type="button" className="button button--small" onClick={() => setText((cents / 100).toFixed(2))}>
              {money(cents, cart.currency)}
            </button>
          ))}
        </div>
        <p className="pay-form__change" aria-live="polite">
          {tendered === null
            ? 'Enter the amount handed over.'
            : enough
              ? `Change due: ${money(change, cart.currency)}`
              : `${money(cart.totalCents - tendered, cart.currency)} still due`}
        </p>
        <InlineError error={error} />
        <button type="submit" className="button button--primary button--block button--large" disabled={!enough || busy}>
          {busy ? 'Completing…' : 'Complete cash sale'}
        </button>
      </form>
    </Dialog>
  );
}
