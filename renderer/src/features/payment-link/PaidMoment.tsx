import { useEffect, useRef } from 'react';
import type { Sale } from '../../../../shared/contract/entities';
import { cardSummaryText } from '../../../../shared/domain/studio-format';
import { money } from '../../app/format';
import { useStudio } from '../../app/studio';

/** The moment the client's payment arrives: unmistakable, announced, then the receipt follows by itself. */
export function PaidMoment({ sale, onContinue }: { sale: Sale; onContinue: () => void }) {
  const { currency } = useStudio();
  const button = useRef<HTMLButtonElement>(null);
  const card = sale.payments.find((p) => p.cardLast4);
  useEffect(() => button.current?.focus(), []);

  return (
    <main className="center-stage">
      <section className="card paid-moment" aria-labelledby="paid-title" role="status">
        <span className="paid-moment__check" aria-hidden="true">
          ✓
        </span>
        <h1 id="paid-title">Paid</h1>
        <p className="paid-moment__detail">
          {sale.clientName ?? 'The client'} paid <strong>{money(sale.totalCents, sale.currency ?? currency)}</strong> by payment link
          {card ? ` (${cardSummaryText(card.cardBrand, card.cardLast4)})` : ''}.
        </p>
        <button ref={button} type="button" className="button button--quiet" onClick={onContinue}>
          Show the receipt
        </button>
      </section>
    </main>
  );
}
