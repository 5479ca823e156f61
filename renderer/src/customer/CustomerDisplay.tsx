import { useEffect, useState } from 'react';
import type { CustomerLine, CustomerView } from '../../../shared/contract/customer-view';
import { money, setStudioRegion, timeOfDay } from '../app/format';
import { QrCode } from '../components/QrCode';
import { formatMmSs } from '../features/payment-link/countdown';
import { useCountdown } from '../features/payment-link/use-countdown';
import type { ViewSource } from './view-source';

// What the client at the desk sees: their cart and total, the link's QR code and time left, then thank you. Nothing
// here can be pressed: the display only follows the register.

type Received = { view: CustomerView | null; receivedAt: number };

export function CustomerDisplay({ source }: { source: ViewSource }) {
  const [{ view, receivedAt }, setReceived] = useState<Received>({ view: null, receivedAt: 0 });
  useEffect(
    () =>
      source((next) => {
        // Money and times in the studio's locale, as on the register's own screen.
        if (next.studio) setStudioRegion(next.studio);
        setReceived({ view: next, receivedAt: performance.now() });
      }),
    [source],
  );

  if (!view || view.kind === 'idle') {
    return (
      <main className="customer customer--idle">
        <h1 className="customer__welcome">Welcome{view?.studio ? ` to ${view.studio.name}` : ''}</h1>
      </main>
    );
  }
  if (view.kind === 'paid') {
    return (
      <main className="customer customer--paid">
        <h1 className="customer__thanks">Paid — thank you{view.firstName ? `, ${view.firstName}` : ''}</h1>
        <p className="customer__paid-amount">{money(view.totalCents, view.currency)}</p>
        {view.changeCents ? <p className="customer__change">Your change: {money(view.changeCents, view.currency)}</p> : null}
      </main>
    );
  }
  return (
    <main className={`customer customer--${view.kind}`}>
      {view.kind === 'waiting' && <WaitingForPayment url={view.url} expiresInMs={view.expiresInMs} receivedAt={receivedAt} />}
      <section className="customer__order" aria-labelledby="customer-order-title">
        <h1 id="customer-order-title" className="customer__title">
          {view.firstName ? `Hi ${view.firstName}, here is your order` : 'Your order'}
        </h1>
        <ul className="customer__lines" aria-label="Your order">
          {view.lines.map((line, index) => (
            <OrderLine key={index} line={line} currency={view.currency} timeZone={view.studio.timeZone} />
          ))}
        </ul>
        <p className="customer__total">
          <span>Total</span> <strong>{money(view.totalCents, view.currency)}</strong>
        </p>
      </section>
    </main>
  );
}

function OrderLine({ line, currency, timeZone }: { line: CustomerLine; currency: string; timeZone: string }) {
  const details = [line.startsAt ? timeOfDay(line.startsAt, timeZone) : null, line.seatLabel ? `Seat ${line.seatLabel}` : null].filter(Boolean);
  return (
    <li className="customer__line">
      <span className="customer__line-name">
        {line.quantity > 1 ? `${line.quantity} × ` : ''}
        {line.name}
        {details.length > 0 && <span className="customer__line-detail">{details.join(' · ')}</span>}
      </span>
      <span className="customer__line-total">{money(line.totalCents, currency)}</span>
    </li>
  );
}

function WaitingForPayment({ url, expiresInMs, receivedAt }: { url: string | null; expiresInMs: number | null; receivedAt: number }) {
  const { ms } = useCountdown(expiresInMs, receivedAt);
  return (
    <section className="customer__pay" aria-labelledby="customer-pay-title">
      <h2 id="customer-pay-title" className="customer__pay-title">
        Scan to pay on your phone
      </h2>
      {url ? (
        <QrCode value={url} label="QR code of the payment link" size={320} />
      ) : (
        <p className="customer__qr-placeholder">Your payment link is on its way…</p>
      )}
      {ms !== null && (
        <p className="customer__countdown" role="timer" aria-label="Time left to pay">
          {ms > 0 ? (
            <>
              Time left <span className="customer__countdown-time">{formatMmSs(ms)}</span>
            </>
          ) : (
            'The time to pay is up'
          )}
        </p>
      )}
    </section>
  );
}
