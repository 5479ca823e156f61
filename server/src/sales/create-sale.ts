import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { AppError } from '@frontdesk/shared/contract/errors';
import type { ServerEvent } from '@frontdesk/shared/contract/events';
import type { CreateSaleRequest } from '@frontdesk/shared/contract/http';
import { priceCart } from '@frontdesk/shared/domain/cart-pricing';
import { judgeWalkInLines } from '@frontdesk/shared/domain/client-required';
import { dateInZone } from '@frontdesk/shared/domain/studio-time';
import type { AppContext } from '../app-context';
import type { StaffAuth } from '../auth/authenticate';
import { newId } from '../auth/tokens';
import { loadCatalog } from '../catalog/availability';
import type { Tx } from '../db/database';
import { bookings, classSessions, clients, locationCounters, sales, slots, staff } from '../db/schema';
import { appendEvent } from '../events/event-log';
import { withIdempotency, type CommandOutcome, type IdempotencyRef, type StoredAnswer } from '../http/idempotency';
import type { RequestLog } from '../log/logger';
import { bookPlaces } from '../places/place-ledger';
import { assertPlacesFree } from './place-check';
import { assertReceiptOfRegister, judgeSaleTotal, saleTimeOf } from './register-sale-rules';
import { saleById, type ServerSale } from './sale-view';

/** `log`: the request's logger (its reqId). */
export type CreateSaleInput = { auth: StaffAuth; request: CreateSaleRequest; idempotency: IdempotencyRef; log?: RequestLog };

/**
 * Records a register sale exactly once: by Idempotency-Key (the same answer replayed; a twin in flight waits for it)
 * and by sale id (the existing sale). Books its sessions, seats and slots on the roster and writes `sale.created`
 * and `availability.changed` in the same transaction; live sockets hear of them after commit.
 */
export function createSale(ctx: AppContext, input: CreateSaleInput): Promise<StoredAnswer> {
  return withIdempotency(ctx, input.idempotency, async (tx): Promise<CommandOutcome> => {
    const earlier = await earlierSale(ctx, tx, input);
    if (earlier) return { answer: earlier };
    const { answer, events } = await writeSale(ctx, tx, input);
    const afterCommit = () => {
      ctx.events.publish(input.auth.location.id, events);
      input.log?.info({ saleId: input.request.id, locationId: input.auth.location.id, totalCents: input.request.cart.totalCents }, 'sale recorded');
    };
    return { answer, afterCommit };
  });
}

/** The same sale sent again under another key (a register retrying after it lost its key): its existing answer. */
async function earlierSale(ctx: AppContext, tx: Tx, input: CreateSaleInput): Promise<StoredAnswer | undefined> {
  const existing = await saleById(tx, input.request.id);
  if (!existing) return undefined;
  if (existing.row.locationId !== input.auth.location.id || existing.row.requestHash !== input.idempotency.requestHash) {
    throw new AppError('duplicate_sale', 'A different sale with this id was already recorded.', { saleId: input.request.id });
  }
  return { status: 200, replayText: JSON.stringify({ sale: existing.sale }) };
}

async function writeSale(ctx: AppContext, tx: Tx, { auth, request, idempotency }: CreateSaleInput): Promise<{ answer: StoredAnswer; events: ServerEvent[] }> {
  const { location } = auth;
  const { cart } = request;
  if (cart.lines.length === 0) throw new AppError('empty_cart', 'The cart is empty.');
  const nowMs = ctx.now();
  // Judged as of when the register made the sale (it may arrive after midnight or a price change).
  const soldAtMs = saleTimeOf(request, nowMs);
  assertReceiptOfRegister(request.receiptNumber, auth.register.number);

  // Lock the sessions and slots this sale takes (in id order, so concurrent sales cannot deadlock): from here
  // until commit no other sale can book them, on one server process or many.
  const sessionIds = [...new Set(cart.lines.flatMap((l) => (l.sessionId ? [l.sessionId] : [])))].sort();
  const slotIds = [...new Set(cart.lines.flatMap((l) => (l.slotId ? [l.slotId] : [])))].sort();
  if (sessionIds.length > 0) {
    await tx
      .select({ id: classSessions.id })
      .from(classSessions)
      .where(and(inArray(classSessions.id, sessionIds), eq(classSessions.locationId, location.id)))
      .orderBy(asc(classSessions.id))
      .for('update');
  }
  if (slotIds.length > 0) {
    await tx
      .select({ id: slots.id })
      .from(slots)
      .where(and(inArray(slots.id, slotIds), eq(slots.locationId, location.id)))
      .orderBy(asc(slots.id))
      .for('update');
  }

  const seller = await sellerOf(tx, auth, request.sellerStaffId);

  let clientName: string | undefined;
  if (cart.clientId !== null) {
    const [client] = await tx
      .select()
      .from(clients)
      .where(and(eq(clients.id, cart.clientId), eq(clients.locationId, location.id)));
    if (!client) throw new AppError('invalid_request', 'The cart names a client that does not exist.', { clientId: cart.clientId });
    clientName = client.name;
  }

  const itemIds = [...new Set(cart.lines.map((l) => l.itemId))];
  // The sessions and slots the lines name, by id (also one that started since), with live counts.
  const items = await loadCatalog(tx, {
    locationId: location.id,
    timeZone: location.timeZone,
    nowMs: soldAtMs,
    itemIds,
    placeIds: { sessionIds, slotIds },
  });
  const priced = priceCart(cart.lines, items, dateInZone(soldAtMs, location.timeZone));
  if (!priced.ok) throw new AppError(priced.code, priced.message, priced.details);
  // The register refuses these too; an older register, or a request not from one, is refused here (422).
  const walkIn = judgeWalkInLines(cart.clientId, priced.lines);
  if (walkIn) throw new AppError(walkIn.code, walkIn.message, walkIn.details);
  const { totalCents, priceCheck } = judgeSaleTotal({
    cartTotalCents: cart.totalCents,
    catalogTotalCents: priced.totalCents,
    payments: request.payments,
    soldAtMs,
    nowMs,
  });
  // A place sold elsewhere meanwhile is still refused: the register is told, and the sale is not recorded.
  assertPlacesFree(priced.lines, items);

  if (request.receiptNumber) await assertReceiptUnused(tx, location.id, request.receiptNumber);
  const receiptNumber = request.receiptNumber ?? (await nextServerReceipt(tx, location.id));
  const row = {
    id: request.id,
    locationId: location.id,
    registerId: auth.register.id,
    staffId: seller.id,
    clientId: cart.clientId,
    receiptNumber,
    lines: priced.lines,
    payments: request.payments,
    totalCents,
    currency: location.currency,
    linkId: null,
    requestHash: idempotency.requestHash,
    createdAt: new Date(soldAtMs),
    recordedAt: new Date(nowMs),
    priceCheck,
  };
  await tx.insert(sales).values(row);
  const booked = priced.lines.filter((line) => line.sessionId || line.slotId);
  if (booked.length > 0) {
    const bookingIds = booked.map(() => newId('bkg'));
    await tx.insert(bookings).values(
      booked.map((line, index) => ({
        id: bookingIds[index]!,
        locationId: location.id,
        saleId: row.id,
        itemId: line.itemId,
        sessionId: line.sessionId ?? null,
        slotId: line.slotId ?? null,
        seatId: line.seatId ?? null,
        clientId: cart.clientId,
        startsAt: new Date(line.startsAt!),
        createdAt: new Date(nowMs),
      })),
    );
    // The database's own guard (counters with a CHECK, seat claims) behind the check above.
    await bookPlaces(
      tx,
      booked.map((line, index) => ({ ...line, bookingId: bookingIds[index]! })),
    );
  }

  const sale: ServerSale = {
    id: row.id,
    receiptNumber,
    clientId: row.clientId,
    ...(clientName ? { clientName } : {}),
    staffId: seller.id,
    staffName: seller.name,
    registerId: auth.register.id,
    lines: priced.lines,
    totalCents,
    currency: location.currency,
    payments: request.payments,
    createdAt: row.createdAt.toISOString(),
    ...(priceCheck === 'register' ? { priceCheck } : {}),
  };
  const events = [await appendEvent(tx, location.id, nowMs, { type: 'sale.created', saleId: sale.id, sale })];
  const affectedItemIds = [...new Set(booked.map((line) => line.itemId))];
  if (affectedItemIds.length > 0) {
    const affected = await loadCatalog(tx, { locationId: location.id, timeZone: location.timeZone, nowMs, itemIds: affectedItemIds });
    events.push(await appendEvent(tx, location.id, nowMs, { type: 'availability.changed', items: affected }));
  }
  const answer = { status: 201, replayText: JSON.stringify({ sale }) };
  return { answer, events };
}

/**
 * Who made the sale: the token's staff member, or `sellerStaffId` when a colleague's token carries a stranded
 * offline sale. The seller must be staff of this location; one no longer active still made the sale (cash was
 * taken), so they are accepted.
 */
async function sellerOf(tx: Tx, auth: StaffAuth, sellerStaffId: string | undefined): Promise<{ id: string; name: string }> {
  if (sellerStaffId === undefined || sellerStaffId === auth.staff.id) return { id: auth.staff.id, name: auth.staff.name };
  const [seller] = await tx
    .select({ id: staff.id, name: staff.name })
    .from(staff)
    .where(and(eq(staff.id, sellerStaffId), eq(staff.locationId, auth.location.id)));
  if (!seller) {
    throw new AppError('invalid_request', 'The sale names a seller who is not staff of this studio.', { field: 'sellerStaffId', sellerStaffId });
  }
  return seller;
}

/** Another sale already has this receipt number (the unique index catches a concurrent twin; this says why). */
async function assertReceiptUnused(tx: Tx, locationId: string, receiptNumber: string): Promise<void> {
  const [other] = await tx
    .select({ id: sales.id })
    .from(sales)
    .where(and(eq(sales.locationId, locationId), eq(sales.receiptNumber, receiptNumber)));
  if (other) {
    throw new AppError('duplicate_sale', `Receipt ${receiptNumber} was already recorded for another sale.`, { receiptNumber, saleId: other.id });
  }
}

export async function nextServerReceipt(tx: Tx, locationId: string): Promise<string> {
  const [counter] = await tx
    .update(locationCounters)
    .set({ lastReceipt: sql`${locationCounters.lastReceipt} + 1` })
    .where(eq(locationCounters.locationId, locationId))
    .returning({ n: locationCounters.lastReceipt });
  return `S-${counter!.n}`;
}
