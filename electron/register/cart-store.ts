import { and, asc, eq, sql } from 'drizzle-orm';
import { AppError } from '../../shared/contract/errors';
import { MAX_CART_LINES, MAX_LINE_QUANTITY, type CartLine, type CatalogItem } from '../../shared/contract/entities';
import { priceCart, type PricingResult } from '../../shared/domain/cart-pricing';
import { judgeClearingClient, walkInCannotBuy, type ClientRequired } from '../../shared/domain/client-required';
import type { LocalDb } from '../../db/open-database';
import { cartLines, carts } from '../../db/schema';
import { findClient } from './caches';
import { getMeta, setMeta } from './meta-store';
import { ulid } from './ulid';

// The register's current cart, persisted so it survives a restart. Every change is checked against the cached
// catalog with the shared pricing before anything is written: a refused change writes nothing.

export type CartRecord = { id: string; clientId: string | null; status: string; lines: CartLine[] };
export type PricingContext = { items: readonly CatalogItem[]; today: string; now: number };

export type LineInput = Omit<CartLine, 'id' | 'quantity'> & { quantity?: number | undefined };
export type LineUpdate = { lineId: string; quantity?: number | undefined; startsOn?: string | undefined; chargeLater?: boolean | undefined };

function readLines(db: LocalDb, cartId: string): CartLine[] {
  return db
    .select()
    .from(cartLines)
    .where(eq(cartLines.cartId, cartId))
    .orderBy(asc(cartLines.position))
    .all()
    .map((row) => ({
      id: row.id,
      itemId: row.itemId,
      quantity: row.quantity,
      ...(row.sessionId ? { sessionId: row.sessionId } : {}),
      ...(row.slotId ? { slotId: row.slotId } : {}),
      ...(row.seatId ? { seatId: row.seatId } : {}),
      ...(row.startsOn ? { startsOn: row.startsOn } : {}),
      ...(row.chargeLater !== null ? { chargeLater: row.chargeLater } : {}),
    }));
}

function readCart(db: LocalDb, cartId: string): CartRecord | null {
  const row = db.select().from(carts).where(eq(carts.id, cartId)).get();
  return row ? { id: row.id, clientId: row.clientId, status: row.status, lines: readLines(db, row.id) } : null;
}

/** Starts a new empty cart and makes it current (call inside a transaction when it follows a checkout). */
export function startNewCart(db: LocalDb, now: number): CartRecord {
  const id = ulid(now);
  db.insert(carts).values({ id, clientId: null, status: 'open', createdAt: now, updatedAt: now }).run();
  setMeta(db, 'currentCartId', id);
  return { id, clientId: null, status: 'open', lines: [] };
}

export function currentCart(db: LocalDb, now: number): CartRecord {
  const id = getMeta(db, 'currentCartId');
  const cart = id ? readCart(db, id) : null;
  // A cart locked by its payment link stays the current one until staff serve the next client.
  if (cart && cart.status !== 'checked_out') return cart;
  return db.transaction((tx) => startNewCart(tx, now));
}

export function priceLines(lines: readonly CartLine[], context: PricingContext): PricingResult {
  return priceCart(lines, context.items, context.today);
}

function refuseUnlessPriced(lines: CartLine[], context: PricingContext): void {
  if (lines.length > MAX_CART_LINES) throw new AppError('invalid_request', `A cart holds at most ${MAX_CART_LINES} lines.`);
  const priced = priceLines(lines, context);
  if (!priced.ok) throw new AppError(priced.code, priced.message, priced.details);
}

/** Advisory checks against the cached availability; the server is the judge at checkout. */
function refuseUnavailable(line: LineInput, cart: CartRecord, items: readonly CatalogItem[]): void {
  const item = items.find((i) => i.id === line.itemId);
  if (!item) throw new AppError('invalid_request', 'That item is not in the catalog.', { itemId: line.itemId });
  if (line.sessionId) {
    const session = item.sessions?.find((s) => s.id === line.sessionId);
    if (!session) throw new AppError('invalid_request', `That session of ${item.name} is not in the catalog.`, { sessionId: line.sessionId });
    if (line.seatId) {
      const seat = session.seats?.find((s) => s.id === line.seatId);
      if (!seat) throw new AppError('invalid_request', 'That seat is not in this session.', { seatId: line.seatId });
      if (seat.state !== 'free') {
        throw new AppError('seat_unavailable', `Seat ${seat.label} is taken. Please pick a different seat.`, { sessionId: session.id, seatId: seat.id });
      }
    }
    const inCart = cart.lines.filter((l) => l.sessionId === session.id).length;
    if (session.booked + session.held + inCart >= session.capacity) {
      throw new AppError('capacity_unavailable', `${item.name} is full at that time.`, { sessionId: session.id });
    }
  }
  if (line.slotId) {
    const slot = item.slots?.find((s) => s.id === line.slotId);
    if (!slot) throw new AppError('invalid_request', `That time of ${item.name} is not in the catalog.`, { slotId: line.slotId });
    if (slot.state !== 'free') throw new AppError('capacity_unavailable', 'That appointment time is taken.', { sessionId: slot.id });
  }
}

function refuseWith(refusal: ClientRequired | null): void {
  if (refusal) throw new AppError(refusal.code, refusal.message, refusal.details);
}

function touch(db: LocalDb, cartId: string, now: number): void {
  db.update(carts).set({ updatedAt: now }).where(eq(carts.id, cartId)).run();
}

export function addLine(db: LocalDb, input: LineInput, context: PricingContext): void {
  const cart = currentCart(db, context.now);
  refuseUnavailable(input, cart, context.items);
  const item = context.items.find((i) => i.id === input.itemId)!;
  const quantity = input.quantity ?? 1;
  // Another unit of the same product or package adds to its line instead of making a second one.
  const mergeable = (item.kind === 'product' || item.kind === 'package') && cart.lines.find((l) => l.itemId === item.id);
  if (mergeable) {
    const merged = mergeable.quantity + quantity;
    if (merged > MAX_LINE_QUANTITY) throw new AppError('invalid_request', `A line holds at most ${MAX_LINE_QUANTITY} of an item.`);
    const lines = cart.lines.map((l) => (l.id === mergeable.id ? { ...l, quantity: merged } : l));
    refuseUnlessPriced(lines, context);
    if (cart.clientId === null) refuseWith(walkInCannotBuy({ ...item, itemId: item.id }));
    db.transaction((tx) => {
      tx.update(cartLines).set({ quantity: merged }).where(eq(cartLines.id, mergeable.id)).run();
      touch(tx, cart.id, context.now);
    });
    return;
  }
  const line: CartLine = { ...stripUndefined(input), id: ulid(context.now), quantity };
  refuseUnlessPriced([...cart.lines, line], context);
  // Judged after pricing, so a line that is wrong in itself (a past start date) is told that first.
  if (cart.clientId === null) refuseWith(walkInCannotBuy({ ...item, itemId: item.id }));
  db.transaction((tx) => {
    const max = tx
      .select({ p: sql<number>`coalesce(max(${cartLines.position}), -1)` })
      .from(cartLines)
      .where(eq(cartLines.cartId, cart.id))
      .get();
    tx.insert(cartLines)
      .values({
        id: line.id,
        cartId: cart.id,
        position: (max?.p ?? -1) + 1,
        itemId: line.itemId,
        quantity: line.quantity,
        sessionId: line.sessionId ?? null,
        slotId: line.slotId ?? null,
        seatId: line.seatId ?? null,
        startsOn: line.startsOn ?? null,
        chargeLater: line.chargeLater ?? null,
      })
      .run();
    touch(tx, cart.id, context.now);
  });
}

export function updateLine(db: LocalDb, update: LineUpdate, context: PricingContext): void {
  const cart = currentCart(db, context.now);
  const line = cart.lines.find((l) => l.id === update.lineId);
  if (!line) throw new AppError('invalid_request', 'That line is not in the cart.', { lineId: update.lineId });
  const changed: CartLine = {
    ...line,
    ...(update.quantity !== undefined ? { quantity: update.quantity } : {}),
    ...(update.startsOn !== undefined ? { startsOn: update.startsOn } : {}),
    ...(update.chargeLater !== undefined ? { chargeLater: update.chargeLater } : {}),
  };
  refuseUnlessPriced(
    cart.lines.map((l) => (l.id === line.id ? changed : l)),
    context,
  );
  db.transaction((tx) => {
    tx.update(cartLines)
      .set({ quantity: changed.quantity, startsOn: changed.startsOn ?? null, chargeLater: changed.chargeLater ?? null })
      .where(and(eq(cartLines.id, line.id), eq(cartLines.cartId, cart.id)))
      .run();
    touch(tx, cart.id, context.now);
  });
}

export function removeLine(db: LocalDb, lineId: string, now: number): void {
  const cart = currentCart(db, now);
  if (!cart.lines.some((l) => l.id === lineId)) throw new AppError('invalid_request', 'That line is not in the cart.', { lineId });
  db.transaction((tx) => {
    tx.delete(cartLines).where(eq(cartLines.id, lineId)).run();
    touch(tx, cart.id, now);
  });
}

/** Refused for a walk-in (null) while the cart holds a package or membership: they need a client to belong to. */
export function setCartClient(db: LocalDb, clientId: string | null, context: PricingContext): void {
  const { now } = context;
  if (clientId !== null && !findClient(db, clientId)) throw new AppError('invalid_request', 'That client is not known here.', { clientId });
  const cart = currentCart(db, now);
  if (clientId === null) refuseWith(judgeClearingClient(namedLines(cart.lines, context.items)));
  db.update(carts).set({ clientId, updatedAt: now }).where(eq(carts.id, cart.id)).run();
}

export function clearCart(db: LocalDb, now: number): void {
  const cart = currentCart(db, now);
  db.transaction((tx) => {
    tx.delete(cartLines).where(eq(cartLines.cartId, cart.id)).run();
    tx.update(carts).set({ clientId: null, updatedAt: now }).where(eq(carts.id, cart.id)).run();
  });
}

/** The cart's lines with their item's kind and name (a line whose item left the catalog is judged at checkout). */
function namedLines(lines: readonly CartLine[], items: readonly CatalogItem[]) {
  return lines.flatMap((line) => {
    const item = items.find((i) => i.id === line.itemId);
    return item ? [{ itemId: item.id, kind: item.kind, name: item.name }] : [];
  });
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
