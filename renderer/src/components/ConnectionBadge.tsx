import type { ConnectionState } from '../../../shared/contract/register-view';

const LABEL: Record<ConnectionState['kind'], string> = {
  live: 'Online',
  polling: 'Reconnecting… (checking every 5 s)',
  offline: 'Offline — sales are saved and will sync',
};

/** Always visible; a polite live region so a change of connection is announced without stealing focus. */
export function ConnectionBadge({ connection, pending }: { connection: ConnectionState; pending: number }) {
  return (
    <div className="connection" role="status" aria-live="polite" aria-label="Connection">
      <span className={`badge badge--${connection.kind}`} data-state={connection.kind}>
        <span className="badge__dot" aria-hidden="true" />
        {LABEL[connection.kind]}
      </span>
      {pending > 0 && (
        <span className="outbox-count">
          {pending} waiting to sync
        </span>
      )}
    </div>
  );
}
