import { useEffect, useRef } from 'react';
import type { Sale } from '../../../../shared/contract/entities';
import { dateTime, money } from '../../app/format';
import { useRegister, useSnapshot } from '../../app/register-store';
import { useStudio } from '../../app/studio';
import { useAction } from '../../app/use-action';
import { InlineError } from '../../components/InlineError';
import { lineDetails } from '../cart/line-details';
import { receiptPaymentLines } from './receipt-change';
import { useReceiptPrint } from './use-receipt-print';

/** The receipt right after a checkout: printable (print CSS shows only this), then "New sale". */
export function ReceiptView({ sale }: { sale: Sale }) {
  const { call } = useRegister();
  const snapshot = useSnapshot();
  const { run, busy, error } = useAction();
  const heading = useRef<HTMLHeadingElement>(null);
  const studio = useStudio();
  const { timeZone } = studio;
  const currency = sale.currency ?? studio.currency;
  const printReceipt = useReceiptPrint(sale.id);

  useEffect(() => heading.current?.focus(), [sale.id]);

  return (
    <main className="center-stage receipt-stage">
      <article className="card receipt" aria-labelledby="receipt-title">
        <p className="receipt__paid" aria-hidden="true">
          ✓ Paid
        </p>
        <h1 id="receipt-title" ref={heading} tabIndex={-1}>
          Receipt {sale.receiptNumber}
        </h1>
        <p className="muted">
          {studio.name} · {dateTime(sale.createdAt, timeZone)}
        </p>
        <dl className="receipt__meta">
          <div>
            <dt>Client</dt>
            <dd>{sale.clientName ?? (sale.clientId ? 'Client' : 'Walk-in')}</dd>
          </div>
          {sale.staffName && (
            <div>
              <dt>Served by</dt>
              <dd>{sale.staffName}</dd>
            </div>
          )}
        </dl>
        <ul className="receipt__lines" aria-label="Items">
          {sale.lines.map((line) => (
            <li key={line.id}>
              <div>
                <p>{line.quantity > 1 ? `${line.quantity} × ${line.name}` : line.name}</p>
                <p className="muted small">{lineDetails(line, timeZone, snapshot.today)}</p>
              </div>
              <span>{money(line.totalCents, currency)}</span>
            </li>
          ))}
        </ul>
        <div className="receipt__total">
          <span>Total</span>
          <strong>{money(sale.totalCents, currency)}</strong>
        </div>
        <ul className="receipt__payments" aria-label="Payments">
          {receiptPaymentLines(sale.payments, currency).map((line, index) => (
            <li key={index} className={line.label === 'Change' ? 'receipt__change' : undefined}>
              <span>{line.label}</span> <span>{line.amount}</span>
            </li>
          ))}
        </ul>
        <InlineError error={error} />
        <div className="receipt__actions no-print">
          <button type="button" className="button button--large" onClick={printReceipt}>
            Print receipt
          </button>
          <button type="button" className="button button--primary button--large" disabled={busy} onClick={() => run(() => call('receipt.dismiss', {}))}>
            New sale
          </button>
        </div>
      </article>
    </main>
  );
}
