import { useState } from 'react';
import type { CartView } from '../../../../shared/contract/register-view';
import { CardTerminalDialog } from './CardTerminalDialog';
import { CashDialog } from './CashDialog';
import { SendLinkButton } from '../payment-link/SendLinkButton';

type Open = 'cash' | 'card' | null;

/** How the client pays: at the desk (cash, the studio’s own card terminal), or by a payment link the client pays on their phone. */
export function CheckoutPanel({ cart }: { cart: CartView }) {
  const [open, setOpen] = useState<Open>(null);
  const payable = cart.lines.length > 0 && !cart.problem;

  return (
    <div className="checkout">
      <h3 className="checkout__title">Take payment</h3>
      <div className="checkout__buttons">
        <button type="button" className="button button--primary button--large" disabled={!payable} onClick={() => setOpen('cash')}>
          Pay cash
        </button>
        <button type="button" className="button button--large" disabled={!payable} onClick={() => setOpen('card')}>
          External card terminal
        </button>
      </div>
      <section className="other-methods" aria-labelledby="other-methods-title">
        <h3 id="other-methods-title">Other payment methods</h3>
        <SendLinkButton cart={cart} />
      </section>
      {open === 'cash' && <CashDialog cart={cart} onClose={() => setOpen(null)} />}
      {open === 'card' && <CardTerminalDialog cart={cart} onClose={() => setOpen(null)} />}
    </div>
  );
}
