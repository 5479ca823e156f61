import { useAction } from '../app/use-action';
import { useRegister, useSnapshot } from '../app/register-store';
import { linkStage } from '../features/payment-link/link-state';

/** The engine's notices as dismissable banners; errors are announced assertively. */
export function Notices() {
  const { call } = useRegister();
  const { notices, activeLink } = useSnapshot();
  const { run } = useAction();
  // The notice of an expired or canceled link is its outcome: reading it away also clears the finished link.
  const dismiss = async (id: string) => {
    const next = await call('notices.dismiss', { id });
    if (linkStage(activeLink).kind === 'ended') return call('link.dismiss', {});
    return next;
  };
  if (notices.length === 0) return null;
  return (
    <section className="notices" aria-label="Notices">
      {notices.map((notice) => (
        <div key={notice.id} className={`notice notice--${notice.level}`} role={notice.level === 'error' ? 'alert' : 'status'}>
          <p>{notice.message}</p>
          {notice.saleId && (
            <button
              type="button"
              className="button button--small"
              aria-label={`Show receipt: ${notice.message}`}
              onClick={() => run(() => call('receipt.show', { saleId: notice.saleId! }))}
            >
              Show receipt
            </button>
          )}
          <button type="button" className="notice__dismiss" aria-label={`Dismiss notice: ${notice.message}`} onClick={() => run(() => dismiss(notice.id))}>
            Dismiss
          </button>
        </div>
      ))}
    </section>
  );
}
