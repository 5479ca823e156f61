import { money } from '../../app/format';
import { useRegister, useSnapshot } from '../../app/register-store';
import { useAction } from '../../app/use-action';
import { InlineError } from '../../components/InlineError';
import { CheckoutPanel } from '../checkout/CheckoutPanel';
import { CartLineRow } from './CartLineRow';

export function CartPanel() {
  const { call } = useRegister();
  const snapshot = useSnapshot();
  const { run, busy, error } = useAction();
  const cart = snapshot.cart;
  const timeZone = snapshot.enrollment.kind === 'enrolled' ? snapshot.enrollment.location.timeZone : 'UTC';

  if (!cart) return <section className="panel cart" aria-label="Cart"><p className="muted">Preparing the cart…</p></section>;
  const empty = cart.lines.length === 0;

  return (
    <section className="panel cart" aria-labelledby="cart-title">
      <header className="cart__header">
        <h2 id="cart-title">Cart</h2>
        <span className="muted small">{cart.client ? cart.client.name : 'Walk-in'}</span>
        {!empty && (
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
            <CartLineRow key={line.id} line={line} currency={cart.currency} timeZone={timeZone} today={snapshot.today} locked={false} />
          ))}
        </ul>
      )}
      <div className="cart__total" aria-live="polite">
        <span>Total</span>
        <strong data-testid="cart-total">{money(cart.totalCents, cart.currency)}</strong>
      </div>
      <CheckoutPanel cart={cart} />
    </section>
  );
}
