import { AppError } from '../../shared/contract/errors';
import { routes, type BootstrapResponse } from '../../shared/contract/http';
import type { LocalDb } from '../../db/open-database';
import { cartLines, carts, linkActivity, paymentLinks, staff } from '../../db/schema';
import type { ApiClient } from './api-client';
import { storeBootstrap } from './enrollment';
import { activeLinkRows } from './link-store';
import { deleteMeta, getMeta, setMeta, type StoredEnrollment } from './meta-store';
import { pendingCommandCount } from './outbox';

// Re-enrolling from Settings (IT moved the studio to another server, or the register to another location) and
// renaming the register (on the server, which keeps its name for the studio). Re-enrolling is refused while
// anything could be stranded: a command the outbox has not sent, or a payment link the old server may still take
// payment for.

/** Why the register may not re-enroll now, or null. */
export function reenrollBlock(db: LocalDb): { code: 'unsent_sales' | 'link_active'; message: string } | null {
  const unsent = pendingCommandCount(db);
  if (unsent > 0) {
    return {
      code: 'unsent_sales',
      message: `${unsent === 1 ? 'One sale or message has' : `${unsent} sales or messages have`} not reached the server yet. Re-enroll once everything is synced (the top bar says when).`,
    };
  }
  if (activeLinkRows(db).length > 0) {
    return { code: 'link_active', message: 'A payment link may still be paid. Wait until it ends, or cancel it, before re-enrolling.' };
  }
  return null;
}

export function assertMayReenroll(db: LocalDb): void {
  const block = reenrollBlock(db);
  if (block) throw new AppError(block.code, block.message);
}

/**
 * Swaps the enrollment in one transaction: what belonged to the old server (carts, links, staff tokens and PIN
 * hashes, the feed cursor, the local name) goes; the register's own sales history and receipt counter stay.
 */
export function replaceEnrollment(db: LocalDb, next: { enrollment: StoredEnrollment; bootstrap: BootstrapResponse }, now: number): void {
  assertMayReenroll(db);
  db.transaction((tx) => {
    tx.delete(linkActivity).run();
    tx.delete(paymentLinks).run();
    tx.delete(cartLines).run();
    tx.delete(carts).run();
    tx.update(staff).set({ pinHash: null, pinSalt: null, signedInOnlineAt: null, tokenEncrypted: null, tokenExpiresAt: null }).run();
    for (const key of ['currentCartId', 'lastSaleId', 'changeDueSaleId'] as const) deleteMeta(tx, key);
    setMeta(tx, 'enrollment', next.enrollment);
    storeBootstrap(tx, next.bootstrap, now, { setCursor: true });
  });
}

export type RenameDeps = {
  db: LocalDb;
  api: ApiClient;
  registerToken(): string | null;
  online(): boolean;
  /** Runs in turn with the feed and the bootstrap refreshes (sync.exclusive). */
  inTurn<T>(work: () => Promise<T>): Promise<T>;
};

const renameOffline = () =>
  new AppError(
    'offline',
    "Renaming the register needs the server: it keeps the name the studio's reports use. The register is offline; try again when it is back online.",
  );

/**
 * Renames the register on the server, then here. Online only, and never queued: a name waiting in the outbox
 * would block re-enrolling and be overwritten by the next bootstrap, which still carries the old one.
 */
export async function renameRegister(deps: RenameDeps, name: string): Promise<{ message: string }> {
  const token = deps.registerToken();
  if (!token) throw new AppError('not_enrolled', 'This register is not enrolled yet.');
  if (!deps.online()) throw renameOffline();
  // In turn: a bootstrap read before the rename cannot store the old name after it.
  return deps.inTurn(async () => {
    let register: StoredEnrollment['register'];
    try {
      ({ register } = await deps.api.request(routes.renameRegister, { token, body: { name } }));
    } catch (error) {
      if (error instanceof AppError && error.code === 'server_unreachable') throw renameOffline();
      throw error;
    }
    const enrollment = getMeta(deps.db, 'enrollment');
    if (enrollment) setMeta(deps.db, 'enrollment', { ...enrollment, register });
    return { message: `Renamed "${register.name}", here and in the studio's reports.` };
  });
}
