import { and, asc, eq, gte, inArray } from 'drizzle-orm';
import type { CatalogItem, Seat, Session, Slot } from '@frontdesk/shared/contract/entities';
import { dateInZone } from '@frontdesk/shared/domain/studio-time';
import type { Queryable } from '../db/database';
import { catalogItems, classSessions, seatClaims, seats, slots } from '../db/schema';

/** Sessions and slots are listed from the start of the studio's today (a day is at most 26 hours long). */
const LOOKBACK_MS = 26 * 60 * 60 * 1000;

/** `inArray` needs at least one value: an id no row has stands for none. */
const orNone = (ids: readonly string[]): string[] => (ids.length > 0 ? [...ids] : ['']);

export type CatalogScope = {
  locationId: string;
  timeZone: string;
  /** "Today" is the studio's calendar day at this instant (a register sale passes when it was made). */
  nowMs: number;
  itemIds?: readonly string[];
  /**
   * Load exactly these sessions and slots by id (those a cart names), from any time, instead of the window from
   * today on; those that start before the day of `nowMs` are still left out.
   */
  placeIds?: { sessionIds: readonly string[]; slotIds: readonly string[] };
};

/**
 * The catalog with live availability: per session capacity, booked (roster + other channels) and held, per seat
 * and slot its state (`held` while a payment link keeps it).
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

  const byId = scope.placeIds;
  const sessionRows = (
    await db
      .select()
      .from(classSessions)
      .where(
        byId
          ? and(inArray(classSessions.itemId, itemIds), inArray(classSessions.id, orNone(byId.sessionIds)))
          : and(inArray(classSessions.itemId, itemIds), gte(classSessions.startsAt, from)),
      )
      .orderBy(asc(classSessions.startsAt))
  ).filter((row) => isFromToday(row.startsAt));
  const slotRows = (
    await db
      .select()
      .from(slots)
      .where(
        byId ? and(inArray(slots.itemId, itemIds), inArray(slots.id, orNone(byId.slotIds))) : and(inArray(slots.itemId, itemIds), gte(slots.startsAt, from)),
      )
      .orderBy(asc(slots.startsAt))
  ).filter((row) => isFromToday(row.startsAt));
  const sessionIds = sessionRows.map((row) => row.id);

  // Counts come from the counters the place ledger keeps (held_count, booked_count), seat states from the
  // seat claims (a hold or a booking): three reads fewer than counting bookings and holds here.
  const bookedSeats = new Set<string>();
  const heldSeats = new Set<string>();
  if (sessionIds.length > 0) {
    const claims = await db
      .select({ sessionId: seatClaims.sessionId, seatId: seatClaims.seatId, holdId: seatClaims.holdId })
      .from(seatClaims)
      .where(inArray(seatClaims.sessionId, sessionIds));
    for (const claim of claims) (claim.holdId ? heldSeats : bookedSeats).add(`${claim.sessionId}:${claim.seatId}`);
  }
  const seatMap = new Map<string, Array<{ id: string; label: string }>>();
  for (const row of await db.select().from(seats).where(inArray(seats.itemId, itemIds)).orderBy(asc(seats.position))) {
    seatMap.set(row.itemId, [...(seatMap.get(row.itemId) ?? []), { id: row.id, label: row.label }]);
  }

  const seatState = (key: string): Seat['state'] => (bookedSeats.has(key) ? 'booked' : heldSeats.has(key) ? 'held' : 'free');

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
            booked: row.externalBooked + row.bookedCount,
            held: row.heldCount,
          };
          if (itemSeats) {
            session.seats = itemSeats.map((seat): Seat => ({ ...seat, state: seatState(`${row.id}:${seat.id}`) }));
          }
          return session;
        });
    }
    if (item.kind === 'appointment') {
      base.slots = slotRows
        .filter((row) => row.itemId === item.id)
        .map((row): Slot => ({
          id: row.id,
          startsAt: row.startsAt.toISOString(),
          durationMin: row.durationMin,
          staffName: row.staffName,
          state: row.bookedCount > 0 ? 'booked' : row.heldCount > 0 ? 'held' : 'free',
        }));
    }
    if (item.kind === 'membership') base.membership = { chargeLaterAllowed: item.chargeLaterAllowed };
    return base;
  });
}
