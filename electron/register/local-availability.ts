import { and, eq } from 'drizzle-orm';
import { SaleSchema, type CartLine, type CatalogItem } from '../../shared/contract/entities';
import type { LocalDb } from '../../db/open-database';
import { sales } from '../../db/schema';
import { readCatalog } from './caches';

// The cached catalog as this register must see it: the server's availability, plus the places taken by this
// register's own sales that the server does not know of yet (made offline, still in the outbox). Without this,
// the same register could sell one seat, slot or last class spot twice while offline.

export type PendingPlaces = {
  /** Places per class session taken by pending local sales. */
  sessions: Map<string, number>;
  /** `${sessionId}:${seatId}` of seats taken by pending local sales. */
  seats: Set<string>;
  slots: Set<string>;
};

/** The places of this register's sales with uploadStatus `pending` (a refused sale took nothing). */
export function pendingPlaces(db: LocalDb): PendingPlaces {
  const places: PendingPlaces = { sessions: new Map(), seats: new Set(), slots: new Set() };
  const rows = db
    .select({ saleJson: sales.saleJson })
    .from(sales)
    .where(and(eq(sales.origin, 'local'), eq(sales.uploadStatus, 'pending')))
    .all();
  for (const row of rows) {
    const parsed = SaleSchema.safeParse(JSON.parse(row.saleJson));
    if (!parsed.success) continue;
    for (const line of parsed.data.lines) {
      if (line.sessionId) places.sessions.set(line.sessionId, (places.sessions.get(line.sessionId) ?? 0) + 1);
      if (line.sessionId && line.seatId) places.seats.add(`${line.sessionId}:${line.seatId}`);
      if (line.slotId) places.slots.add(line.slotId);
    }
  }
  return places;
}

/** The catalog with the pending places counted as booked (a pure function of the two). */
function withPendingPlaces(items: readonly CatalogItem[], places: PendingPlaces): CatalogItem[] {
  if (places.sessions.size === 0 && places.slots.size === 0) return [...items];
  return items.map((item) => {
    const touchesSessions = item.sessions?.some((s) => places.sessions.has(s.id));
    const touchesSlots = item.slots?.some((s) => places.slots.has(s.id));
    if (!touchesSessions && !touchesSlots) return item;
    return {
      ...item,
      ...(item.sessions
        ? {
            sessions: item.sessions.map((session) => {
              const taken = places.sessions.get(session.id) ?? 0;
              if (taken === 0) return session;
              return {
                ...session,
                booked: Math.min(session.capacity, session.booked + taken),
                ...(session.seats
                  ? { seats: session.seats.map((seat) => (places.seats.has(`${session.id}:${seat.id}`) ? { ...seat, state: 'booked' as const } : seat)) }
                  : {}),
              };
            }),
          }
        : {}),
      ...(item.slots ? { slots: item.slots.map((slot) => (places.slots.has(slot.id) ? { ...slot, state: 'booked' as const } : slot)) } : {}),
    };
  });
}

/** The cached catalog with this register's pending sales counted: what carts, checkout and the UI go by. */
export function readAvailableCatalog(db: LocalDb): CatalogItem[] {
  return withPendingPlaces(readCatalog(db), pendingPlaces(db));
}

/**
 * The first line of a cart whose place a pending local sale has taken since it was added, or null. Checkout
 * refuses such a cart; the server would refuse it too, but only once the first sale reaches it.
 */
export function lineTakenByPendingSale(lines: readonly CartLine[], items: readonly CatalogItem[], places: PendingPlaces): CartLine | null {
  for (const line of lines) {
    if (line.slotId && places.slots.has(line.slotId)) return line;
    if (!line.sessionId) continue;
    if (line.seatId && places.seats.has(`${line.sessionId}:${line.seatId}`)) return line;
    const taken = places.sessions.get(line.sessionId) ?? 0;
    if (taken === 0) continue;
    const session = items.find((i) => i.id === line.itemId)?.sessions?.find((s) => s.id === line.sessionId);
    const inCart = lines.filter((l) => l.sessionId === line.sessionId).length;
    if (session && session.booked + session.held + taken + inCart > session.capacity) return line;
  }
  return null;
}
