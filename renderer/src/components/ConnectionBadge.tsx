import type { ConnectionState, OutboxWaiting } from '../../../shared/contract/register-view';
import { outboxWords } from '../features/payment-link/link-state';

const LABEL: Record<ConnectionState['kind'], string> = {
  live: 'Online',
  polling: 'Reconnecting… (checking every 5 s)',
  offline: 'Offline — sales are saved and will sync',
};

/** Always visible; a polite live region so a change of connection is announced without stealing focus. */
export function ConnectionBadge({ connection, waiting }: { connection: ConnectionState; waiting: OutboxWaiting }) {
  const words = outboxWords(waiting);
  return (
    <div className="connection" role="status" aria-live="polite" aria-label="Connection">
      <span className={`badge badge--${connection.kind}`} data-state={connection.kind}>
        <span className="badge__dot" aria-hidden="true" />
        {LABEL[connection.kind]}
      </span>
      {words && <span className="outbox-count">{words}</span>}
    </div>
  );
}
