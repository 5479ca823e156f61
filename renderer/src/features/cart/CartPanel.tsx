import { money } from '../../app/format';
import { useRegister, useSnapshot } from '../../app/register-store';
import { useStudio } from '../../app/studio';
import { useAction } from '../../app/use-action';
import { InlineError } from '../../components/InlineError';
import { CheckoutPanel } from '../checkout/CheckoutPanel';
import { CartLineRow } from './CartLineRow';

/** The cart; `locked` while a payment link waits: read-only, no edit controls, and no checkout. */
export function CartPanel({ locked }: { locked: boolean }) {
  const { call } = useRegister();
  const snapshot = useSnapshot();
  const { run, busy, error } = useAction();
  const cart = snapshot.cart;
  const { timeZone } = useStudio();

  if (!cart)
    return (
      <section className="panel cart" aria-label="Cart">
        <p className="muted">Preparing the cart…</p>
      </section>
    );
  const empty = cart.lines.length === 0;

  return (
    <section className="panel cart" aria-labelledby="cart-title">
      <header className="cart__header">
        <h2 id="cart-title">Cart</h2>
        <span className="muted small">{cart.client ? cart.client.name : 'Walk-in'}</span>
        {locked && <span className="chip chip--warning">Locked</span>}
        {!empty && !locked && (
          <button type="button" className="button button--quiet button--small" disabled={busy} onClick={() => run(() => call('cart.clear', {}))}>
            Clear cart
          </button>
        )}
      </header>
      <InlineError error={error} />
      {cart.problem && (
        <p className="inline-error" role="alert">
          {cart.problem.message}
        </p>
      )}
      {empty ? (
        <p className="cart__empty">The cart is empty. Add a class, appointment or product from the catalog.</p>
      ) : (
        <ul className="cart-lines" aria-label="Cart lines">
          {cart.lines.map((line) => (
            <CartLineRow key={line.id} line={line} currency={cart.currency} timeZone={timeZone} today={snapshot.today} locked={locked} />
          ))}
        </ul>
      )}
      <div className="cart__total" aria-live="polite">
        <span>Total</span>
        <strong data-testid="cart-total">{money(cart.totalCents, cart.currency)}</strong>
      </div>
      {!locked && <CheckoutPanel cart={cart} />}
    </section>
  );
}
