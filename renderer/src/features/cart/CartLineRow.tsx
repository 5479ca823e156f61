import type { PricedLine } from '../../../../shared/contract/entities';
import { money } from '../../app/format';
import { useRegister } from '../../app/register-store';
import { useAction } from '../../app/use-action';
import { InlineError } from '../../components/InlineError';
import { hasQuantity, lineDetails } from './line-details';

type Props = { line: PricedLine; currency: string; timeZone: string; today: string; locked: boolean };

export function CartLineRow({ line, currency, timeZone, today, locked }: Props) {
  const { call } = useRegister();
  const { run, busy, error } = useAction();
  const details = lineDetails(line, timeZone, today);
  const setQuantity = (quantity: number) => run(() => call('cart.updateLine', { lineId: line.id, quantity }));

  return (
    <li className="cart-line">
      <div className="cart-line__main">
        <p className="cart-line__name">{line.name}</p>
        {details && <p className="muted small">{details}</p>}
        {hasQuantity(line) && line.quantity > 1 && (
          <p className="muted small">
            {line.quantity} × {money(line.unitCents, currency)}
          </p>
        )}
        <InlineError error={error} />
      </div>
      <div className="cart-line__controls">
        {hasQuantity(line) && !locked && (
          <div className="stepper" role="group" aria-label={`Quantity of ${line.name}`}>
            <button
              type="button"
              aria-label={`Decrease quantity of ${line.name}`}
              disabled={locked || busy || line.quantity <= 1}
              onClick={() => setQuantity(line.quantity - 1)}
            >
              −
            </button>
            <span className="stepper__value" aria-live="polite">
              {line.quantity}
            </span>
            <button
              type="button"
              aria-label={`Increase quantity of ${line.name}`}
              disabled={locked || busy || line.quantity >= 99}
              onClick={() => setQuantity(line.quantity + 1)}
            >
              +
            </button>
          </div>
        )}
        <span className="cart-line__total">{money(line.totalCents, currency)}</span>
        {!locked && (
          <button
            type="button"
            className="icon-button"
            aria-label={`Remove ${line.name}`}
            disabled={busy}
            onClick={() => run(() => call('cart.removeLine', { lineId: line.id }))}
          >
            ×
          </button>
        )}
      </div>
    </li>
  );
}
