import { and, eq, ne } from 'drizzle-orm';
import { SaleSchema, type Booking, type Sale } from '../../shared/contract/entities';
import { AppError } from '../../shared/contract/errors';
import { routes, type SalesTotals } from '../../shared/contract/http';
import { hasPermission } from '../../shared/domain/permissions';
import { isOnDate } from '../../shared/domain/studio-time';
import type { LocalDb } from '../../db/open-database';
import { sales } from '../../db/schema';
import type { ApiClient } from './api-client';

// The day's sales and roster: read from the server when it is reachable; this register's own sales still in
// the outbox are added so a sale shows at once; when the server cannot be reached, the local copy answers.

export type Source = 'server' | 'local';

function localSales(db: LocalDb, date: string, onlyPending: boolean): Sale[] {
  const where = onlyPending ? and(eq(sales.date, date), eq(sales.uploadStatus, 'pending')) : and(eq(sales.date, date), ne(sales.uploadStatus, 'failed'));
  return db
    .select()
    .from(sales)
    .where(where)
    .all()
    .map((row) => SaleSchema.parse(JSON.parse(row.saleJson)))
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

function totalsOf(list: readonly Sale[]): SalesTotals {
  const byMethod: SalesTotals['byMethod'] = {};
  let totalCents = 0;
  for (const sale of list) {
    totalCents += sale.totalCents;
    for (const p of sale.payments) byMethod[p.method] = (byMethod[p.method] ?? 0) + p.amountCents;
  }
  return { byMethod, totalCents, count: list.length };
}

function pendingCount(db: LocalDb): number {
  return db.select({ id: sales.id }).from(sales).where(eq(sales.uploadStatus, 'pending')).all().length;
}

const canFallBack = (error: unknown) =>
  error instanceof AppError && (error.code === 'server_unreachable' || error.code === 'unauthorized' || error.code === 'internal_error');

export const VIEW_SALES_REFUSAL = "Your role cannot view the day's sales.";

/** The day's sales are money figures: only staff whose role has view_sales may see them, here as on the server. */
export function assertMayViewSales(staff: { permissions: readonly string[] }): void {
  if (!hasPermission(staff, 'view_sales')) throw new AppError('permission_denied', VIEW_SALES_REFUSAL);
}

/**
 * GET /sales takes a staff token with view_sales. Staff allowed here (checked first) but without a usable token
 * (offline sign-in, expired: 401) see this register's local copy; a 403 (the role lost view_sales on the server)
 * is a refusal, never answered with the local copy.
 */
export async function salesDay(
  deps: { db: LocalDb; api: ApiClient; staff: { permissions: readonly string[] }; staffToken: string | null },
  date: string,
): Promise<{ date: string; sales: Sale[]; totals: SalesTotals; source: Source; pendingUpload: number; pendingSaleIds: string[] }> {
  assertMayViewSales(deps.staff);
  const pendingUpload = pendingCount(deps.db);
  // The rows of the day the server does not have yet: marked in the table, so staff know which ones those are.
  const pendingSaleIds = localSales(deps.db, date, true).map((s) => s.id);
  const local = () => {
    const list = localSales(deps.db, date, false);
    return { date, sales: list, totals: totalsOf(list), source: 'local' as const, pendingUpload, pendingSaleIds };
  };
  if (!deps.staffToken) return local();
  try {
    const answer = await deps.api.request(routes.daySales, { query: { date }, token: deps.staffToken, timeoutMs: 5000 });
    const known = new Set(answer.sales.map((s) => s.id));
    const extra = localSales(deps.db, date, true).filter((s) => !known.has(s.id));
    if (extra.length === 0) return { date, sales: answer.sales, totals: answer.totals, source: 'server', pendingUpload, pendingSaleIds };
    const merged = [...answer.sales, ...extra];
    return { date, sales: merged, totals: totalsOf(merged), source: 'server', pendingUpload, pendingSaleIds };
  } catch (error) {
    if (error instanceof AppError && error.code === 'permission_denied') {
      throw new AppError('permission_denied', VIEW_SALES_REFUSAL, error.details);
    }
    if (!canFallBack(error)) throw error;
    return local();
  }
}

/** Bookings a sale makes (class sessions and appointment slots), as the roster lists them. */
function bookingsOfSale(sale: Sale): Booking[] {
  return sale.lines
    .filter((line) => (line.sessionId || line.slotId) && line.startsAt)
    .map((line) => ({
      id: `${sale.id}-${line.id}`,
      saleId: sale.id,
      itemId: line.itemId,
      itemName: line.name,
      ...(line.sessionId ? { sessionId: line.sessionId } : {}),
      ...(line.slotId ? { slotId: line.slotId } : {}),
      ...(line.seatId ? { seatId: line.seatId } : {}),
      ...(line.seatLabel ? { seatLabel: line.seatLabel } : {}),
      startsAt: line.startsAt!,
      clientId: sale.clientId,
      clientName: sale.clientName ?? 'Walk-in',
    }));
}

export async function rosterDay(
  deps: { db: LocalDb; api: ApiClient; staffToken: string | null; timeZone: string },
  date: string,
): Promise<{ date: string; bookings: Booking[]; source: Source }> {
  const onDate = (b: Booking) => isOnDate(b.startsAt, date, deps.timeZone);
  // A roster day lists bookings by session date, whatever day they were sold on.
  const allLocal = (pendingOnly: boolean) =>
    deps.db
      .select()
      .from(sales)
      .where(pendingOnly ? eq(sales.uploadStatus, 'pending') : ne(sales.uploadStatus, 'failed'))
      .all()
      .flatMap((row) => bookingsOfSale(SaleSchema.parse(JSON.parse(row.saleJson))))
      .filter(onDate);
  try {
    const answer = await deps.api.request(routes.roster, { query: { date }, token: deps.staffToken, timeoutMs: 5000 });
    const known = new Set(answer.bookings.map((b) => b.saleId));
    const extra = allLocal(true).filter((b) => !known.has(b.saleId));
    return { date, bookings: [...answer.bookings, ...extra].sort((a, b) => a.startsAt.localeCompare(b.startsAt)), source: 'server' };
  } catch (error) {
    if (!canFallBack(error)) throw error;
    return { date, bookings: allLocal(false).sort((a, b) => a.startsAt.localeCompare(b.startsAt)), source: 'local' };
  }
}
