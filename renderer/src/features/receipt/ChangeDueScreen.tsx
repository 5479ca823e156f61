import { useEffect, useRef } from 'react';
import type { Sale } from '../../../../shared/contract/entities';
import { money } from '../../app/format';
import { useRegister } from '../../app/register-store';
import { useStudio } from '../../app/studio';
import { useAction } from '../../app/use-action';
import { InlineError } from '../../components/InlineError';

/**
 * After a cash sale with change: the amount to hand back, large enough to read from across the desk, until staff
 * confirm it was given (the button has focus, so Enter confirms); then the receipt.
 */
export function ChangeDueScreen({ sale, changeCents }: { sale: Sale; changeCents: number }) {
  const { call } = useRegister();
  const { run, busy, error } = useAction();
  const button = useRef<HTMLButtonElement>(null);
  const studio = useStudio();
  const currency = sale.currency ?? studio.currency;
  const tendered = sale.payments.find((p) => p.method === 'cash')?.tenderedCents;
  useEffect(() => button.current?.focus(), [sale.id]);

  return (
    <main className="center-stage">
      <section className="card change-due" aria-labelledby="change-due-title" role="status">
        <h1 id="change-due-title">
          Change due <strong className="change-due__amount">{money(changeCents, currency)}</strong>
        </h1>
        <p className="change-due__detail">
          Total {money(sale.totalCents, currency)}
          {tendered !== undefined && ` · cash tendered ${money(tendered, currency)}`} · receipt {sale.receiptNumber}
        </p>
        <InlineError error={error} />
        <button
          ref={button}
          type="button"
          className="button button--primary button--large"
          disabled={busy}
          onClick={() => run(() => call('receipt.changeGiven', {}))}
        >
          Change given — show the receipt
        </button>
      </section>
    </main>
  );
}
