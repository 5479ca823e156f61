import { and, asc, eq, gte, inArray, lt } from 'drizzle-orm';
import type { Sale } from '@frontdesk/shared/contract/entities';
import type { Queryable } from '../db/database';
import { clients, sales, staff } from '../db/schema';

export type SaleRow = typeof sales.$inferSelect;
/** A sale as the server answers it: `priceCheck: 'register'` when it was accepted at the register's total. */
export type ServerSale = Sale & { priceCheck?: 'register' };

function toSale(row: SaleRow, names: { clientName?: string | null; staffName?: string | null }): ServerSale {
  return {
    id: row.id,
    receiptNumber: row.receiptNumber,
    clientId: row.clientId,
    ...(names.clientName ? { clientName: names.clientName } : {}),
    staffId: row.staffId,
    ...(names.staffName ? { staffName: names.staffName } : {}),
    ...(row.registerId ? { registerId: row.registerId } : {}),
    lines: row.lines,
    totalCents: row.totalCents,
    currency: row.currency,
    payments: row.payments,
    ...(row.linkId ? { linkId: row.linkId } : {}),
    createdAt: row.createdAt.toISOString(),
    ...(row.priceCheck === 'register' ? { priceCheck: 'register' as const } : {}),
  };
}

async function withNames(db: Queryable, rows: SaleRow[]): Promise<ServerSale[]> {
  const clientIds = [...new Set(rows.map((row) => row.clientId).filter((id): id is string => id !== null))];
  const staffIds = [...new Set(rows.map((row) => row.staffId))];
  const clientNames = new Map(
    clientIds.length
      ? (await db.select({ id: clients.id, name: clients.name }).from(clients).where(inArray(clients.id, clientIds))).map((c) => [c.id, c.name])
      : [],
  );
  const staffNames = new Map(
    staffIds.length ? (await db.select({ id: staff.id, name: staff.name }).from(staff).where(inArray(staff.id, staffIds))).map((s) => [s.id, s.name]) : [],
  );
  return rows.map((row) => toSale(row, { clientName: row.clientId ? clientNames.get(row.clientId) : null, staffName: staffNames.get(row.staffId) }));
}

export async function saleById(db: Queryable, id: string): Promise<{ sale: ServerSale; row: SaleRow } | undefined> {
  const [row] = await db.select().from(sales).where(eq(sales.id, id));
  if (!row) return undefined;
  const [sale] = await withNames(db, [row]);
  return { sale: sale!, row };
}

export async function salesBetween(db: Queryable, locationId: string, start: Date, end: Date): Promise<ServerSale[]> {
  const rows = await db
    .select()
    .from(sales)
    .where(and(eq(sales.locationId, locationId), gte(sales.createdAt, start), lt(sales.createdAt, end)))
    .orderBy(asc(sales.createdAt), asc(sales.receiptNumber));
  return withNames(db, rows);
}
