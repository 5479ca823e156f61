import { and, asc, count, eq, gte, inArray, isNotNull } from 'drizzle-orm';
import type { CatalogItem, Seat, Session, Slot } from '../../../shared/contract/entities';
import { dateInZone } from '../../../shared/domain/studio-time';
import type { Queryable } from '../db/database';
import { bookings, catalogItems, classSessions, seats, slots } from '../db/schema';

/** Sessions and slots are listed from the start of the studio's today (a day is at most 26 hours long). */
const LOOKBACK_MS = 26 * 60 * 60 * 1000;

export type CatalogScope = { locationId: string; timeZone: string; nowMs: number; itemIds?: readonly string[] };

/**
 * The catalog with live availability: per session capacity, booked (roster + other channels) and held, per seat
 * and slot its state. `held` is 0 until payment links (issue 3) add holds; they join here.
 */
export async function loadCatalog(db: Queryable, scope: CatalogScope): Promise<CatalogItem[]> {
  const itemFilter = scope.itemIds ? inArray(catalogItems.id, [...scope.itemIds]) : undefined;
  if (scope.itemIds && scope.itemIds.length === 0) return [];
  const itemRows = await db
    .select()
    .from(catalogItems)
    .where(and(eq(catalogItems.locationId, scope.locationId), eq(catalogItems.active, true), itemFilter))
    .orderBy(asc(catalogItems.sortOrder), asc(catalogItems.name));
  const itemIds = itemRows.map((item) => item.id);
  if (itemIds.length === 0) return [];
  const today = dateInZone(scope.nowMs, scope.timeZone);
  const from = new Date(scope.nowMs - LOOKBACK_MS);
  const isFromToday = (startsAt: Date) => dateInZone(startsAt.getTime(), scope.timeZone) >= today;

  const sessionRows = (
    await db
      .select()
      .from(classSessions)
      .where(and(inArray(classSessions.itemId, itemIds), gte(classSessions.startsAt, from)))
      .orderBy(asc(classSessions.startsAt))
  ).filter((row) => isFromToday(row.startsAt));
  const slotRows = (
    await db
      .select()
      .from(slots)
      .where(and(inArray(slots.itemId, itemIds), gte(slots.startsAt, from)))
      .orderBy(asc(slots.startsAt))
  ).filter((row) => isFromToday(row.startsAt));
  const sessionIds = sessionRows.map((row) => row.id);
  const slotIds = slotRows.map((row) => row.id);

  const bookedCounts = new Map<string, number>();
  const bookedSeats = new Set<string>();
  if (sessionIds.length > 0) {
    const counts = await db
      .select({ sessionId: bookings.sessionId, booked: count() })
      .from(bookings)
      .where(inArray(bookings.sessionId, sessionIds))
      .groupBy(bookings.sessionId);
    for (const row of counts) bookedCounts.set(row.sessionId!, Number(row.booked));
    const seatRows = await db
      .select({ sessionId: bookings.sessionId, seatId: bookings.seatId })
      .from(bookings)
      .where(and(inArray(bookings.sessionId, sessionIds), isNotNull(bookings.seatId)));
    for (const row of seatRows) bookedSeats.add(`${row.sessionId}:${row.seatId}`);
  }
  const bookedSlots = new Set<string>();
  if (slotIds.length > 0) {
    const rows = await db.select({ slotId: bookings.slotId }).from(bookings).where(inArray(bookings.slotId, slotIds));
    for (const row of rows) bookedSlots.add(row.slotId!);
  }
  const seatMap = new Map<string, Array<{ id: string; label: string }>>();
  for (const row of await db.select().from(seats).where(inArray(seats.itemId, itemIds)).orderBy(asc(seats.position))) {
    seatMap.set(row.itemId, [...(seatMap.get(row.itemId) ?? []), { id: row.id, label: row.label }]);
  }

  return itemRows.map((item): CatalogItem => {
    const base: CatalogItem = { id: item.id, kind: item.kind, name: item.name, priceCents: item.priceCents };
    if (item.description) base.description = item.description;
    if (item.kind === 'class') {
      const itemSeats = seatMap.get(item.id);
      base.sessions = sessionRows
        .filter((row) => row.itemId === item.id)
        .map((row): Session => {
          const session: Session = {
            id: row.id,
            startsAt: row.startsAt.toISOString(),
            durationMin: row.durationMin,
            capacity: row.capacity,
            booked: row.externalBooked + (bookedCounts.get(row.id) ?? 0),
            held: 0,
          };
          if (itemSeats) {
            session.seats = itemSeats.map(
              (seat): Seat => ({ ...seat, state: bookedSeats.has(`${row.id}:${seat.id}`) ? 'booked' : 'free' }),
            );
          }
          return session;
        });
    }
    if (item.kind === 'appointment') {
      base.slots = slotRows
        .filter((row) => row.itemId === item.id)
        .map(
          (row): Slot => ({
            id: row.id,
            startsAt: row.startsAt.toISOString(),
            durationMin: row.durationMin,
            staffName: row.staffName,
            state: bookedSlots.has(row.id) ? 'booked' : 'free',
          }),
        );
    }
    if (item.kind === 'membership') base.membership = { chargeLaterAllowed: item.chargeLaterAllowed };
    return base;
  });
}
