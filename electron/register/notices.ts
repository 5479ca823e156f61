import { and, asc, eq } from 'drizzle-orm';
import type { Notice } from '../../shared/contract/register-view';
import type { LocalDb } from '../../db/open-database';
import { notices } from '../../db/schema';
import { ulid } from './ulid';

// Messages for staff that outlive a screen: shown in every snapshot until dismissed.

/** `saleId`: a sale the notice offers to show (Show receipt). */
export function addNotice(db: LocalDb, level: Notice['level'], message: string, at: number, saleId?: string): string {
  const id = ulid(at);
  db.insert(notices)
    .values({ id, level, message, at, dismissed: false, saleId: saleId ?? null })
    .run();
  return id;
}

export function listNotices(db: LocalDb): Notice[] {
  return db
    .select()
    .from(notices)
    .where(eq(notices.dismissed, false))
    .orderBy(asc(notices.at))
    .all()
    .map((row) => ({ id: row.id, level: row.level as Notice['level'], message: row.message, at: row.at, ...(row.saleId ? { saleId: row.saleId } : {}) }));
}

/** Returns false when there is no such notice to dismiss. */
export function dismissNotice(db: LocalDb, id: string): boolean {
  const result = db
    .update(notices)
    .set({ dismissed: true })
    .where(and(eq(notices.id, id), eq(notices.dismissed, false)))
    .run();
  return result.changes > 0;
}
