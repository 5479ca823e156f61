import { useEffect, useRef, useState } from 'react';
import { Notices } from '../components/Notices';
import { TopBar, type View } from '../components/TopBar';
import { EnrollmentScreen } from '../features/enrollment/EnrollmentScreen';
import { PendingLinksTray } from '../features/link-tray/PendingLinksTray';
import { PosScreen } from '../features/pos/PosScreen';
import { RecoveryBanner } from '../features/recovery/RecoveryBanner';
import { DaySalesView } from '../features/reports/DaySalesView';
import { RosterView } from '../features/reports/RosterView';
import { SettingsScreen } from '../features/settings/SettingsScreen';
import { SignInScreen } from '../features/sign-in/SignInScreen';
import { useRegister } from './register-store';
import { useActivityReport } from './use-activity-report';

/** Chooses the screen from the snapshot: enrollment, sign-in, or the signed-in views. */
export function App() {
  const { snapshot, bridge } = useRegister();
  const [view, setView] = useState<View>('sell');
  const staffId = snapshot?.staff?.id ?? null;
  const lastStaff = useRef(staffId);
  useActivityReport(staffId !== null);

  useEffect(() => {
    if (lastStaff.current !== staffId) setView('sell');
    lastStaff.current = staffId;
  }, [staffId]);

  // A link paid while staff look at a report: the sale completes by itself, so show it where it happens.
  const linkSaleId = snapshot?.lastSale?.linkId ? snapshot.lastSale.id : null;
  useEffect(() => {
    if (linkSaleId) setView('sell');
  }, [linkSaleId]);

  if (!snapshot) {
    return (
      <main className="center-stage" aria-busy="true">
        <p className="muted" role="status">
          {bridge === 'open' ? 'Loading the register…' : 'Connecting to the register…'}
        </p>
      </main>
    );
  }

  let screen;
  if (snapshot.enrollment.kind === 'unenrolled') screen = <EnrollmentScreen />;
  else if (!snapshot.staff) screen = <SignInScreen />;
  else if (view === 'sales') screen = <DaySalesView />;
  else if (view === 'roster') screen = <RosterView />;
  else if (view === 'settings') screen = <SettingsScreen />;
  else screen = <PosScreen />;

  return (
    <div className="app">
      <TopBar view={view} onView={setView} />
      {bridge !== 'open' && (
        <p className="bridge-down" role="alert">
          Lost contact with the register program. Reconnecting…
        </p>
      )}
      <Notices />
      <RecoveryBanner />
      {snapshot.staff && <PendingLinksTray />}
      {screen}
    </div>
  );
}
