import { eq } from 'drizzle-orm';
import { AppError } from '../../shared/contract/errors';
import type { IpcHandlers } from '../../shared/contract/ipc';
import { routes } from '../../shared/contract/http';
import type { RecoveryView } from '../../shared/contract/recovery';
import type { LocalDb } from '../../db/open-database';
import { outbox, sales } from '../../db/schema';
import { toApiRequest, type ApiClient } from './api-client';
import type { StoredRecovery } from './db-recovery-record';
import type { StaffAuth } from './staff-auth';
import { deleteMeta, getMeta, setMeta } from './meta-store';

// The salvage list after a start from a backup (db-recovery.ts): shown to staff, each entry kept until dismissed;
// a sale can be sent again exactly as the damaged file held it (same sale id, same idempotency key), so the server
// ends up with it once whatever it already had. On the way back online, the server is asked about each unsent sale.

export type RecoveryMethod = 'recovery.list' | 'recovery.resend' | 'recovery.dismiss';

function recoveryView(db: LocalDb): RecoveryView {
  const stored = getMeta(db, 'recovery');
  if (!stored) return null;
  const { entries, ...rest } = stored;
  return { ...rest, items: entries.map((e) => e.item) };
}

function update(db: LocalDb, stored: StoredRecovery): void {
  if (stored.entries.length === 0) deleteMeta(db, 'recovery');
  else setMeta(db, 'recovery', stored);
}

function entryOf(db: LocalDb, id: string) {
  const stored = getMeta(db, 'recovery');
  const entry = stored?.entries.find((e) => e.item.id === id);
  if (!stored || !entry) throw new AppError('not_found', 'That item is no longer in the list of recovered sales.', { id });
  return { stored, entry };
}

/** Puts the sale and its command back as the damaged file held them; the outbox sends it. */
function resendRecovered(db: LocalDb, id: string, now: number): void {
  const { stored, entry } = entryOf(db, id);
  if (!entry.item.resendable || !entry.sale || !entry.command) {
    throw new AppError('invalid_request', 'This one cannot be sent again as it was; re-enter it by hand, then dismiss it.', { id });
  }
  if (entry.item.state !== 'unsent') return;
  const { sale, command } = entry;
  db.transaction((tx) => {
    if (!tx.select({ id: sales.id }).from(sales).where(eq(sales.id, sale.id)).get()) {
      tx.insert(sales)
        .values({ ...sale, origin: 'local', uploadStatus: 'pending' })
        .run();
    }
    if (!tx.select({ id: outbox.id }).from(outbox).where(eq(outbox.id, command.id)).get()) {
      tx.insert(outbox)
        .values({ ...command, attempts: 0, nextAttemptAt: now, status: 'pending', lastError: null, responseStatus: null, responseJson: null })
        .run();
    }
    entry.item = { ...entry.item, state: 'resent', sentence: `Sale ${sale.receiptNumber} is sent again; it shows in the day's sales once the server has it.` };
    update(tx, stored);
  });
}

function dismissRecovered(db: LocalDb, id: string): void {
  const { stored } = entryOf(db, id);
  update(db, { ...stored, entries: stored.entries.filter((e) => e.item.id !== id) });
}

/** Asks the server about each unsent recovered sale; one it already has needs nothing more (kept until dismissed). */
export async function checkRecoveredWithServer(db: LocalDb, api: ApiClient, registerToken: string): Promise<void> {
  const stored = getMeta(db, 'recovery');
  for (const entry of stored?.entries ?? []) {
    if (entry.item.kind !== 'sale' || entry.item.state !== 'unsent') continue;
    const answer = await api.send(toApiRequest(routes.getSale, { params: { id: entry.item.id }, token: registerToken }));
    if (answer.status !== 200) continue;
    const current = getMeta(db, 'recovery');
    const same = current?.entries.find((e) => e.item.id === entry.item.id);
    if (!current || !same || same.item.state !== 'unsent') continue;
    same.item = {
      ...same.item,
      state: 'on_server',
      resendable: false,
      sentence: `Sale ${entry.item.receiptNumber} is on the server already; nothing more to do.`,
    };
    update(db, current);
  }
}

export function createRecoveryHandlers(core: {
  db: LocalDb;
  now(): number;
  staffAuth: Pick<StaffAuth, 'current'>;
  drainOutbox(): void;
  changed(): void;
}): Pick<IpcHandlers, RecoveryMethod> {
  const requireSignedIn = () => {
    if (!core.staffAuth.current()) throw new AppError('not_signed_in', 'Sign in with your PIN first.');
  };
  return {
    'recovery.list': async () => ({ recovery: recoveryView(core.db) }),
    'recovery.resend': async ({ id }) => {
      requireSignedIn();
      resendRecovered(core.db, id, core.now());
      core.drainOutbox();
      core.changed();
      return { recovery: recoveryView(core.db) };
    },
    'recovery.dismiss': async ({ id }) => {
      requireSignedIn();
      dismissRecovered(core.db, id);
      core.changed();
      return { recovery: recoveryView(core.db) };
    },
  };
}
