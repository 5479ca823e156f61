import { useAction } from '../app/use-action';
import { useRegister, useSnapshot } from '../app/register-store';
import { viewsFor } from '../features/reports/sales-access';
import { ConnectionBadge } from './ConnectionBadge';

export type View = 'sell' | 'sales' | 'roster' | 'settings';

const VIEWS: Array<{ id: View; label: string }> = [
  { id: 'sell', label: 'Sell' },
  { id: 'sales', label: "Today's sales" },
  { id: 'roster', label: 'Roster' },
  // Anyone signed in reaches it; it asks for an owner's or a manager's PIN.
  { id: 'settings', label: 'Settings' },
];

export function TopBar(props: { view?: View; onView?: (view: View) => void }) {
  const { call } = useRegister();
  const snapshot = useSnapshot();
  const { run, busy } = useAction();
  const enrollment = snapshot.enrollment;
  const studio = enrollment.kind === 'enrolled' ? enrollment.location.name : 'Frontdesk';
  const register = enrollment.kind === 'enrolled' ? enrollment.register.name : null;
  const staff = snapshot.staff;

  return (
    <header className="topbar">
      <div className="topbar__brand">
        <span className="topbar__logo" aria-hidden="true">
          F
        </span>
        <div>
          <p className="topbar__studio">{studio}</p>
          {register && <p className="topbar__register">{register}</p>}
        </div>
      </div>
      {staff && props.view && props.onView && (
        <nav className="topbar__nav" aria-label="Main">
          {viewsFor(VIEWS, staff).map((view) => (
            <button
              key={view.id}
              type="button"
              className="nav-button"
              aria-current={props.view === view.id ? 'page' : undefined}
              onClick={() => props.onView?.(view.id)}
            >
              {view.label}
            </button>
          ))}
        </nav>
      )}
      <div className="topbar__right">
        <ConnectionBadge connection={snapshot.connection} waiting={snapshot.outbox.waiting} />
        {staff && (
          <div className="topbar__staff">
            <span className="staff-name">{staff.name}</span>
            {staff.signedInOffline && <span className="chip chip--warning">Signed in offline</span>}
            <button type="button" className="button button--quiet" disabled={busy} onClick={() => run(() => call('staff.signOut', {}))}>
              Sign out
            </button>
          </div>
        )}
      </div>
    </header>
  );
}
