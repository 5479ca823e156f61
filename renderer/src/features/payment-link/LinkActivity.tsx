import type { LinkView } from '../../../../shared/contract/register-view';
import { timeOfDay } from '../../app/format';
import { deliveryText } from './link-state';

const ICON = { sent: '✓', failed: '✕', queued: '…' } as const;

/**
 * Where the link stands (each channel's delivery, whether the client opened it) and, below, what happened so far
 * as the engine logged it (deliveries, resends, declined cards, 3-D Secure, the payment). Both update by themselves.
 */
export function LinkActivity({ link, timeZone }: { link: LinkView; timeZone: string }) {
  return (
    <>
      <ul className="link-status" aria-label="Delivery">
        {link.deliveries.map((delivery, index) => (
          <li key={`${delivery.channel}-${index}`} className={`link-status__item link-status__item--${delivery.status}`}>
            <span className="link-status__icon" aria-hidden="true">
              {ICON[delivery.status]}
            </span>
            <span>{deliveryText(delivery)}</span>
          </li>
        ))}
        {link.openedAt && (
          <li className="link-status__item link-status__item--opened">
            <span className="link-status__icon" aria-hidden="true">
              ◉
            </span>
            <span>Opened by client at {timeOfDay(link.openedAt, timeZone)}</span>
          </li>
        )}
      </ul>
      {link.activity.length > 0 && (
        // The live region wraps the list: role="log" on the <ol> itself would take its list semantics away.
        <div role="log" aria-label="Link activity">
          <ol className="link-log">
            {link.activity.map((entry, index) => (
              <li key={`${entry.at}-${index}`}>
                <time className="link-log__time" dateTime={entry.at}>
                  {timeOfDay(entry.at, timeZone)}
                </time>
                <span>{entry.message}</span>
              </li>
            ))}
          </ol>
        </div>
      )}
    </>
  );
}
