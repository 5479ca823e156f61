import { hasPermission } from '../../shared/domain/permissions';
import { SALE_COMMAND } from './command-kinds';
import type { EngineClock } from './engine-clock';
import type { OutboxRow, StandIn } from './outbox';
import type { StaffAuth } from './staff-auth';

// A queued sale is sent with the token of the staff member who made it. When that token has been unusable
// (expired, refused, or never kept) for a while, a colleague who can take payments and is signed in online here
// sends it instead, so a sale does not wait for one person to come back. The body is sent unchanged: it names the
// original seller (`sellerStaffId`, set at checkout), so the server records the sale under them, not the colleague,
// and a retry after an attempt that did reach the server is the same request under the same Idempotency-Key.

export const STAND_IN_AFTER_MS = 10 * 60_000;

export type StandInDeps = {
  staffAuth: Pick<StaffAuth, 'current' | 'tokenFor' | 'tokenUnusableSince'>;
  clock: EngineClock;
  serverNow(): number;
  /** Whether the server is reachable now (a stand-in is only worth it when the command can go). */
  online(): boolean;
  afterMs?: number;
};

export function standInFor(row: OutboxRow, deps: StandInDeps): StandIn | null {
  if (row.kind !== SALE_COMMAND || !deps.online()) return null;
  const session = deps.staffAuth.current();
  if (!session || session.offline || session.staff.id === row.staffId) return null;
  if (!hasPermission(session.staff, 'take_payment')) return null;
  const unusableSince = deps.staffAuth.tokenUnusableSince(row.staffId);
  if (unusableSince === undefined) return null; // the maker's token is fine: it is sent with that
  const serverNow = deps.serverNow();
  // No token at all: count from when the sale was queued (wall clock then, converted to server time now).
  const since = unusableSince ?? serverNow - Math.max(0, deps.clock.now() - row.createdAt);
  if (serverNow - since < (deps.afterMs ?? STAND_IN_AFTER_MS)) return null;
  const token = deps.staffAuth.tokenFor(session.staff.id);
  return token ? { staffId: session.staff.id, token } : null;
}
