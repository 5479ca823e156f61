import { formatMmSs, isUrgent } from './countdown';
import { useCountdown } from './use-countdown';

/**
 * "Expires in 14:32", red in the last two minutes. The visible timer is not live (it would talk every second);
 * a separate polite region says the time left at 5, 2 and 1 minutes.
 */
export function LinkCountdown({ expiresInMs, receivedAt, canceling = false }: { expiresInMs: number | null; receivedAt: number; canceling?: boolean }) {
  const { ms, spoken } = useCountdown(expiresInMs, receivedAt);
  if (ms === null) return null;
  // While a cancel is queued the client can still pay until the deadline; past it, the cancel's sentence says it all.
  if (canceling) {
    return ms > 0 ? (
      <p className="countdown" role="timer" aria-label="Time the client can still pay">
        Payable for <span className="countdown__time">{formatMmSs(ms)}</span> unless the cancel reaches the server first
      </p>
    ) : null;
  }
  const urgent = isUrgent(ms);
  return (
    <>
      <p className={urgent ? 'countdown countdown--urgent' : 'countdown'} role="timer" aria-label="Time left to pay" data-urgent={urgent}>
        {ms > 0 ? (
          <>
            Expires in <span className="countdown__time">{formatMmSs(ms)}</span>
          </>
        ) : (
          'Time is up — waiting for the server to close the link'
        )}
      </p>
      <p className="visually-hidden" aria-live="polite" aria-atomic="true">
        {spoken}
      </p>
    </>
  );
}
