import { useAction } from '../app/use-action';
import { useRegister, useSnapshot } from '../app/register-store';

/** The engine's notices as dismissable banners; errors are announced assertively. */
export function Notices() {
  const { call } = useRegister();
  const { notices } = useSnapshot();
  const { run } = useAction();
  if (notices.length === 0) return null;
  return (
    <section className="notices" aria-label="Notices">
      {notices.map((notice) => (
        <div key={notice.id} className={`notice notice--${notice.level}`} role={notice.level === 'error' ? 'alert' : 'status'}>
          <p>{notice.message}</p>
          <button
            type="button"
            className="notice__dismiss"
            aria-label={`Dismiss notice: ${notice.message}`}
            onClick={() => run(() => call('notices.dismiss', { id: notice.id }))}
          >
            Dismiss
          </button>
        </div>
      ))}
    </section>
  );
}
