import { AppError } from '../../shared/contract/errors';
import type { BootstrapResponse } from '../../shared/contract/http';
import type { LocalDb } from '../../db/open-database';
import { cartLines, carts, linkActivity, paymentLinks, staff } from '../../db/schema';
import { storeBootstrap } from './enrollment';
import { activeLinkRows } from './link-store';
import { deleteMeta, setMeta, type StoredEnrollment } from './meta-store';
import { pendingCommandCount } from './outbox';

// Re-enrolling from Settings (IT moved the studio to another server, or the register to another location) and
// renaming the register. Re-enrolling is refused while anything could be stranded: a command the outbox has not
// sent, or a payment link the old server may still take payment for.

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
    for (const key of ['currentCartId', 'lastSaleId', 'changeDueSaleId', 'localRegisterName'] as const) deleteMeta(tx, key);
    setMeta(tx, 'enrollment', next.enrollment);
    storeBootstrap(tx, next.bootstrap, now, { setCursor: true });
  });
}

/** The server has no API to rename a register, so the new name is this register's own. */
export function renameRegister(db: LocalDb, name: string, serverName: string): { savedOnServer: false; message: string } {
  setMeta(db, 'localRegisterName', name);
  return {
    savedOnServer: false,
    message: `Renamed on this register. The server cannot rename registers yet, so the studio's reports still call it "${serverName}".`,
  };
}
