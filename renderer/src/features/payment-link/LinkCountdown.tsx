import { formatMmSs, isUrgent } from './countdown';
import { useCountdown } from './use-countdown';

/**
 * "Expires in 14:32", red in the last two minutes. The visible timer is not live (it would talk every second);
 * a separate polite region says the time left at 5, 2 and 1 minutes.
 */
export function LinkCountdown({ expiresInMs, receivedAt }: { expiresInMs: number | null; receivedAt: number }) {
  const { ms, spoken } = useCountdown(expiresInMs, receivedAt);
  if (ms === null) return null;
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
