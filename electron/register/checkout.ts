import { eq } from 'drizzle-orm';
import { SaleSchema, type CatalogItem, type Sale, type Staff } from '../../shared/contract/entities';
import { AppError } from '../../shared/contract/errors';
import type { CreateSaleRequest } from '../../shared/contract/http';
import { judgeWalkInLines } from '../../shared/domain/client-required';
import { formatMoney } from '../../shared/domain/money';
import { hasPermission } from '../../shared/domain/permissions';
import { dateInZone } from '../../shared/domain/studio-time';
import type { LocalDb } from '../../db/open-database';
import { carts, sales } from '../../db/schema';
import { findClient } from './caches';
import { currentCart, priceLines, startNewCart } from './cart-store';
import { lineTakenByPendingSale, pendingPlaces } from './local-availability';
import { deleteMeta, getMeta, setMeta, type StoredEnrollment } from './meta-store';
import { enqueueCommand, type OutboxKindHandler } from './outbox';
import { saleWriteAttempt } from './db-write-failure';
import { SALE_COMMAND } from './command-kinds';
import { studioRegion } from './studio-region';

// Cash and external-card checkout: the local sale (with its receipt number), the outbox command that tells the
// server, and a fresh empty cart are written in ONE transaction, so a sale is never shown without being queued.

export type CheckoutInput = { method: 'cash' | 'external_card'; tenderedCents?: number | undefined };
export type CheckoutContext = {
  /** The cached catalog as the server described it (checkout adds this register's pending sales itself). */
  items: readonly CatalogItem[];
  enrollment: StoredEnrollment;
  staff: Staff;
  /** Server-corrected time, so a sale's time and date do not follow a wrong PC clock. */
  serverNow: number;
  /** Local wall clock, for row bookkeeping. */
  now: number;
};

export function checkout(db: LocalDb, input: CheckoutInput, context: CheckoutContext): { sale: Sale; changeCents: number } {
  if (!hasPermission(context.staff, 'take_payment')) {
    throw new AppError('permission_denied', 'Your role cannot take payments.');
  }
  const { location, register } = context.enrollment;
  const today = dateInZone(context.serverNow, location.timeZone);
  const cart = currentCart(db, context.now);
  if (cart.lines.length === 0) throw new AppError('empty_cart', 'Add something to the cart first.');
  const priced = priceLines(cart.lines, { items: context.items, today, now: context.now });
  if (!priced.ok) throw new AppError(priced.code, priced.message, priced.details);
  // The cart refuses such a line already; a cart kept from before the rule still cannot be sold to a walk-in.
  const walkIn = judgeWalkInLines(cart.clientId, priced.lines);
  if (walkIn) throw new AppError(walkIn.code, walkIn.message, walkIn.details);
  // A place this register already sold while the server could not be told is taken, whatever the cache says.
  const taken = lineTakenByPendingSale(cart.lines, context.items, pendingPlaces(db));
  if (taken) {
    throw taken.seatId
      ? new AppError('seat_unavailable', 'That seat was already sold at this register. Please pick a different seat.', {
          sessionId: taken.sessionId,
          seatId: taken.seatId,
        })
      : new AppError('capacity_unavailable', 'That place was already sold at this register.', { sessionId: taken.sessionId ?? taken.slotId });
  }
  const total = priced.totalCents;
  let changeCents = 0;
  let payment: CreateSaleRequest['payments'][number] = { method: input.method, amountCents: total };
  if (input.method === 'cash' && input.tenderedCents !== undefined) {
    if (input.tenderedCents < total) {
      throw new AppError(
        'invalid_request',
        `Cash tendered (${formatMoney(input.tenderedCents, location.currency, location.locale)}) is less than the total (${formatMoney(total, location.currency, location.locale)}).`,
        {
          totalCents: total,
        },
      );
    }
    changeCents = input.tenderedCents - total;
    // What was handed over is kept with the sale (and sent to the server): the receipt prints it with the change.
    payment = { ...payment, tenderedCents: input.tenderedCents };
  }
  const client = cart.clientId ? findClient(db, cart.clientId) : null;

  // A write the disk refuses is told as a sale NOT saved; its retry keeps the sale id (db-write-failure.ts).
  const attempt = saleWriteAttempt(db, cart.id, context.now);
  const sale = attempt.transaction((tx) => {
    const n = (getMeta(tx, 'receiptCounter') ?? 0) + 1;
    setMeta(tx, 'receiptCounter', n);
    const createdAt = new Date(context.serverNow).toISOString();
    const sale: Sale = SaleSchema.parse({
      id: attempt.saleId,
      receiptNumber: `${register.number}-${n}`,
      clientId: cart.clientId,
      ...(client ? { clientName: client.name } : {}),
      staffId: context.staff.id,
      staffName: context.staff.name,
      registerId: register.id,
      lines: priced.lines,
      totalCents: total,
      currency: location.currency,
      payments: [payment],
      createdAt,
    });
    tx.insert(sales)
      .values({
        id: sale.id,
        receiptNumber: sale.receiptNumber,
        date: today,
        createdAt: context.serverNow,
        totalCents: total,
        saleJson: JSON.stringify(sale),
        origin: 'local',
        uploadStatus: 'pending',
      })
      .run();
    // The seller is in the body from the start: if a colleague's token must carry it later (outbox-stand-in),
    // the server still records the seller, and every attempt sends the same body under the same key.
    const body: CreateSaleRequest = {
      id: sale.id,
      receiptNumber: sale.receiptNumber,
      sellerStaffId: context.staff.id,
      createdAt,
      cart: { id: cart.id, clientId: cart.clientId, lines: cart.lines, totalCents: total },
      payments: [payment],
    };
    enqueueCommand(tx, { kind: SALE_COMMAND, subjectId: sale.id, body, staffId: context.staff.id }, context.now);
    tx.update(carts).set({ status: 'checked_out', updatedAt: context.now }).where(eq(carts.id, cart.id)).run();
    startNewCart(tx, context.now);
    setMeta(tx, 'lastSaleId', sale.id);
    // "Change due" fills the screen before the receipt until staff say it was handed back (receipt.changeGiven).
    if (changeCents > 0) setMeta(tx, 'changeDueSaleId', sale.id);
    else deleteMeta(tx, 'changeDueSaleId');
    return sale;
  });
  return { sale, changeCents };
}

export function readSale(db: LocalDb, id: string): Sale | null {
  const row = db.select().from(sales).where(eq(sales.id, id)).get();
  return row ? SaleSchema.parse(JSON.parse(row.saleJson)) : null;
}

/** What a settled sale command does to the local copy. */
export const saleCommandHandler: OutboxKindHandler = {
  longWaitSentence(db, row) {
    const sale = row.subjectId ? readSale(db, row.subjectId) : null;
    if (!sale) return null;
    const amount = formatMoney(sale.totalCents, sale.currency ?? 'USD', studioRegion(db).locale);
    const why = row.lastError ?? 'the server could not be reached';
    return (
      `Sale ${sale.receiptNumber} (${amount}) has waited more than 30 minutes to reach the server (${why}). ` +
      'It is kept on this register and will be sent by itself; if a staff member must sign in for it, ask them to.'
    );
  },
  onDone(db, row, answer) {
    if (!row.subjectId) return;
    const parsed = SaleSchema.safeParse((answer.json as { sale?: unknown } | null)?.sale);
    const existing = db.select().from(sales).where(eq(sales.id, row.subjectId)).get();
    if (!existing) return;
    const saleJson = parsed.success ? JSON.stringify({ ...JSON.parse(existing.saleJson), ...parsed.data }) : existing.saleJson;
    db.update(sales).set({ uploadStatus: 'uploaded', saleJson }).where(eq(sales.id, row.subjectId)).run();
  },
  onFailed(db, row, error) {
    const existing = row.subjectId ? db.select().from(sales).where(eq(sales.id, row.subjectId)).get() : undefined;
    if (!existing) return `A sale could not be recorded on the server: ${error.message}`;
    db.update(sales).set({ uploadStatus: 'failed' }).where(eq(sales.id, existing.id)).run();
    const sale = SaleSchema.parse(JSON.parse(existing.saleJson));
    const method = sale.payments[0]?.method === 'external_card' ? 'Card' : 'Cash';
    const amount = formatMoney(sale.totalCents, sale.currency ?? 'USD', studioRegion(db).locale);
    return (
      `${method} sale ${sale.receiptNumber} (${amount}) was refused by the server: ${error.message} ` +
      "It is not on the roster or in the day's sales. Refund the client or sell again with a different choice."
    );
  },
};
