import type { Role, Staff } from '../../shared/contract/entities';
import { AppError } from '../../shared/contract/errors';
import type { EngineClock } from './engine-clock';
import type { StaffAuth } from './staff-auth';

// Who may change this register's settings, and for how long. Settings open over the signed-in person's session
// with an owner's or a manager's PIN (a manager walks over to the desk); they close when that session ends or
// after a few minutes unused, so an open Settings screen is never left for the next person at the desk.

const SETTINGS_ROLES: readonly Role[] = ['owner', 'manager'];
export const SETTINGS_IDLE_MS = 5 * 60_000;

export type SettingsAccess = {
  /** Checks the PIN as sign-in does (a wrong one counts toward the same lockout) and opens Settings for its owner. */
  open(pin: string): Promise<Staff>;
  /** The person Settings are open for; settings_locked once they closed. Each use keeps them open longer. */
  require(): Staff;
  close(): void;
};

export function createSettingsAccess(deps: { staffAuth: StaffAuth; clock: EngineClock; idleMs?: number }): SettingsAccess {
  const idleMs = deps.idleMs ?? SETTINGS_IDLE_MS;
  let open: { staff: Staff; signedInStaffId: string; lastUse: number } | null = null;
  const locked = (message: string) => new AppError('settings_locked', message);

  return {
    async open(pin) {
      const signedIn = deps.staffAuth.current();
      if (!signedIn) throw new AppError('not_signed_in', 'Sign in with your PIN first.');
      const { staff } = await deps.staffAuth.verifyPin(pin);
      if (!SETTINGS_ROLES.includes(staff.role)) {
        throw new AppError('permission_denied', "Settings are for the studio's owner or a manager. Ask one of them to enter their PIN.");
      }
      deps.staffAuth.activity();
      open = { staff, signedInStaffId: signedIn.staff.id, lastUse: deps.clock.monotonic() };
      return staff;
    },
    require() {
      if (!open) throw locked("Settings are closed. Enter an owner's or a manager's PIN to open them.");
      if (deps.staffAuth.current()?.staff.id !== open.signedInStaffId) {
        open = null;
        throw locked("Settings closed when the person at the desk signed out. Enter an owner's or a manager's PIN to open them again.");
      }
      const now = deps.clock.monotonic();
      if (now - open.lastUse >= idleMs) {
        open = null;
        throw locked(`Settings closed after ${Math.round(idleMs / 60_000)} minutes without use. Enter an owner's or a manager's PIN to open them again.`);
      }
      open.lastUse = now;
      deps.staffAuth.activity();
      return open.staff;
    },
    close() {
      open = null;
    },
  };
}
