import { longDate, money, PAYMENT_METHOD_LABEL, timeOfDay } from '../../app/format';
import { useStudio } from '../../app/studio';
import { InlineError } from '../../components/InlineError';
import { useDayReport } from './use-day-report';

export function DaySalesView() {
  const { report: loaded, error } = useDayReport('sales.day');
  const { currency, timeZone } = useStudio();
  // Staff whose role has no view_sales get the engine's sentence instead of a table (never figures kept from
  // before, nor this register's local copy).
  const refused = error?.code === 'permission_denied';
  const report = refused ? null : loaded;

  return (
    <main className="page" aria-labelledby="sales-title">
      <header className="page__header">
        <div>
          <h1 id="sales-title">Today's sales</h1>
          {report && <p className="muted">{longDate(report.date)}</p>}
        </div>
      </header>
      {refused ? (
        <p className="empty-state" role="alert" data-code={error.code}>
          {error.message}
        </p>
      ) : (
        <InlineError error={error} />
      )}
      {report?.source === 'local' && (
        <p className="notice notice--warning" role="status">
          The server cannot be reached: showing only this register's sales, from its own records.
        </p>
      )}
      {report && report.pendingUpload > 0 && (
        <p className="muted">{report.pendingUpload === 1 ? '1 sale is still waiting to sync.' : `${report.pendingUpload} sales are still waiting to sync.`}</p>
      )}
      {report && (
        <>
          <section className="totals" aria-label="Totals by payment method">
            {(['cash', 'external_card', 'payment_link'] as const).map((method) => (
              <div key={method} className="total-tile">
                <span className="muted small">{PAYMENT_METHOD_LABEL[method]}</span>
                <strong>{money(report.totals.byMethod[method] ?? 0, currency)}</strong>
              </div>
            ))}
            <div className="total-tile total-tile--grand">
              <span className="small">
                Total · {report.totals.count} {report.totals.count === 1 ? 'sale' : 'sales'}
              </span>
              <strong>{money(report.totals.totalCents, currency)}</strong>
            </div>
          </section>
          {report.sales.length === 0 ? (
            <p className="empty-state">No sales yet today.</p>
          ) : (
            <table className="table">
              <caption className="visually-hidden">Sales of the day</caption>
              <thead>
                <tr>
                  <th scope="col">Receipt</th>
                  <th scope="col">Time</th>
                  <th scope="col">Client</th>
                  <th scope="col">Items</th>
                  <th scope="col">Paid by</th>
                  <th scope="col" className="num">
                    Total
                  </th>
                </tr>
              </thead>
              <tbody>
                {report.sales.map((sale) => (
                  <tr key={sale.id}>
                    <td>
                      {sale.receiptNumber}
                      {report.pendingSaleIds.includes(sale.id) && <span className="chip chip--warning">Not synced yet</span>}
                    </td>
                    <td>{timeOfDay(sale.createdAt, timeZone)}</td>
                    <td>{sale.clientName ?? (sale.clientId ? '—' : 'Walk-in')}</td>
                    <td>
                      {sale.lines.map((l) => (l.quantity > 1 ? `${l.quantity} × ${l.name}` : l.name) + (l.seatLabel ? ` (${l.seatLabel})` : '')).join(', ')}
                    </td>
                    <td>{sale.payments.map((p) => PAYMENT_METHOD_LABEL[p.method] ?? p.method).join(', ')}</td>
                    <td className="num">{money(sale.totalCents, currency)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </main>
  );
}
