import { AppError } from '../../shared/contract/errors';
import { storageFailureOf } from '../../db/database-errors';
import type { LocalDb } from '../../db/open-database';
import { ulid } from './ulid';

// A sale whose write fails (a full disk, a folder made read-only, a disk error) is refused in words that say the
// sale was NOT saved and why. The transaction rolled back, so the cart is as it was; the retry once the cause is
// fixed uses the same sale id, so whatever happens the studio ends up with that sale once.

type SaleAttempt = { cartId: string; saleId: string };
/** The sale id a failed write of each database's cart used, for its retry. */
const failedAttempts = new WeakMap<LocalDb, SaleAttempt>();

type Transaction = Parameters<Parameters<LocalDb['transaction']>[0]>[0];

/** The sale's id (a failed attempt's for this cart, or a new one) and its write, refused in words when the disk fails. */
export function saleWriteAttempt(db: LocalDb, cartId: string, now: number) {
  const earlier = failedAttempts.get(db);
  const saleId = earlier?.cartId === cartId ? earlier.saleId : ulid(now);
  return {
    saleId,
    transaction<T>(write: (tx: Transaction) => T): T {
      try {
        const written = db.transaction(write);
        failedAttempts.delete(db);
        return written;
      } catch (error) {
        const refusal = saleNotSaved(error, { saleId, file: databaseFileOf(db) });
        if (!refusal) throw error;
        failedAttempts.set(db, { cartId, saleId });
        throw refusal;
      }
    },
  };
}

function databaseFileOf(db: LocalDb): string | null {
  const name = (db as { $client?: { name?: unknown } }).$client?.name;
  return typeof name === 'string' && name !== ':memory:' ? name : null;
}

const KEPT = 'The cart is kept as it was';

function saleNotSaved(error: unknown, at: { saleId: string; file: string | null }): AppError | null {
  const where = at.file ? `the register's data file ${at.file}` : "the register's data file";
  const details = { saved: false, saleId: at.saleId, ...(at.file ? { file: at.file } : {}) };
  switch (storageFailureOf(error)) {
    case 'disk_full':
      return new AppError(
        'database_disk_full',
        `The sale was NOT saved: the disk that holds ${where} is full. ${KEPT}; free some space on that disk, then press Pay again.`,
        details,
      );
    case 'not_writable':
      return new AppError(
        'database_not_writable',
        `The sale was NOT saved: this register may no longer write to ${where} (its folder or the file became read-only). ` +
          `${KEPT}; ask IT to give this user permission to change that folder, then press Pay again.`,
        details,
      );
    case 'io_error':
      return new AppError(
        'database_io_error',
        `The sale was NOT saved: the disk reported an error while writing ${where}. ${KEPT}; check the disk, then press Pay again.`,
        details,
      );
    case 'locked':
      return new AppError('database_locked', `The sale was NOT saved: another program held ${where} too long. ${KEPT}; press Pay again in a moment.`, details);
    case 'damaged':
      return new AppError(
        'database_corrupt',
        `The sale was NOT saved: SQLite found ${where} damaged. ${KEPT}; take the payment by hand and restart Frontdesk, which offers to start from its newest backup.`,
        details,
      );
    default:
      return null;
  }
}
