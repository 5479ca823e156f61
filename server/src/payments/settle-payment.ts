import { and, eq } from 'drizzle-orm';
import type { Sale } from '../../../shared/contract/entities';
import type { ServerEvent } from '../../../shared/contract/events';
import type { AppContext } from '../app-context';
import { newId } from '../auth/tokens';
import type { Tx } from '../db/database';
import { clients, locations, paymentLinks, refunds, sales, staff } from '../db/schema';
import { appendEvent } from '../events/event-log';
import { appendAvailability, appendLinkEvent } from '../links/link-events';
import { queueLinkDeliveries } from '../notify/queue-deliveries';
import { convertHolds } from '../places/place-ledger';
import { nextServerReceipt } from '../sales/create-sale';
import type { CardSummary } from './processor';
import { attemptRefund, firstAttemptLease } from './refunds';

/**
 * The paid step, inside the caller's transaction that holds the link's row lock: link paid, holds → bookings,
 * sale (method payment_link, brand + last4, the staff member who sent the link), events, receipt email queued.
 * Answers undefined when the link is no longer pending (the guard is in the UPDATE itself).
 */
export async function markPaid(
  ctx: AppContext,
  tx: Tx,
  input: { linkId: string; card: CardSummary; intentId: string | null; nowMs: number },
): Promise<ServerEvent[] | undefined> {
  const saleId = newId('sale');
  const { nowMs } = input;
  const [row] = await tx
    .update(paymentLinks)
    .set({ status: 'paid', paidAt: new Date(nowMs), saleId: null, ...(input.intentId ? { processorIntentId: input.intentId } : {}) })
    .where(and(eq(paymentLinks.id, input.linkId), eq(paymentLinks.status, 'pending')))
    .returning();
  if (!row) return undefined;
  const [location] = await tx.select().from(locations).where(eq(locations.id, row.locationId));
  const receiptNumber = await nextServerReceipt(tx, row.locationId);
  const payments = [{ method: 'payment_link' as const, amountCents: row.totalCents, cardBrand: input.card.brand, cardLast4: input.card.last4 }];
  await tx.insert(sales).values({
    id: saleId,
    locationId: row.locationId,
    registerId: row.registerId,
    staffId: row.staffId,
    clientId: row.clientId,
    receiptNumber,
    lines: row.lines,
    payments,
    totalCents: row.totalCents,
    currency: row.currency,
    linkId: row.id,
    requestHash: `link:${row.id}`,
    createdAt: new Date(nowMs),
    recordedAt: new Date(nowMs),
  });
  const [paid] = await tx.update(paymentLinks).set({ saleId }).where(eq(paymentLinks.id, row.id)).returning();
  const moved = await convertHolds(tx, { linkId: row.id, locationId: row.locationId, saleId, clientId: row.clientId, lines: row.lines, nowMs });
  const [client] = await tx.select().from(clients).where(eq(clients.id, row.clientId));
  const [member] = await tx.select({ name: staff.name }).from(staff).where(eq(staff.id, row.staffId));
  const sale: Sale = {
    id: saleId,
    receiptNumber,
    clientId: row.clientId,
    ...(client ? { clientName: client.name } : {}),
    staffId: row.staffId,
    ...(member ? { staffName: member.name } : {}),
    ...(row.registerId ? { registerId: row.registerId } : {}),
    lines: row.lines,
    totalCents: row.totalCents,
    currency: row.currency,
    payments,
    linkId: row.id,
    createdAt: new Date(nowMs).toISOString(),
  };
  const events = [
    await appendLinkEvent(ctx, tx, paid!, 'link.paid', nowMs, { saleId }),
    await appendEvent(tx, row.locationId, nowMs, { type: 'sale.created', saleId, sale }),
    ...(await appendAvailability(tx, location!, moved, nowMs)),
  ];
  if (client?.email) {
    await queueLinkDeliveries(tx, { id: row.id, locationId: row.locationId, channels: ['email'], phone: null, email: client.email }, nowMs, 'receipt');
  }
  return events;
}

/**
 * The processor reports money taken for a link (webhook, or its answer to a cancel). A pending link becomes paid
 * (its holds are still there, even a moment past its deadline); a dead one gets the money back, once per intent:
 * the refund row is committed first, then tried at once and, if that fails, again by the refund retrier.
 * `alsoInTx` runs first inside the same transaction (the webhook records its event id there, so an event is
 * marked handled exactly when its effect commits).
 */
export async function settleProcessorSuccess(
  ctx: AppContext,
  input: { linkId: string; intentId: string; card: CardSummary; amountCents: number },
  alsoInTx?: (tx: Tx) => Promise<void>,
): Promise<'paid' | 'already' | 'refunded'> {
  const nowMs = ctx.now();
  const outcome = await ctx.db.transaction(async (tx) => {
    await alsoInTx?.(tx);
    const [row] = await tx.select().from(paymentLinks).where(eq(paymentLinks.id, input.linkId)).for('update');
    if (!row) return { kind: 'already' as const }; // not one of our links: nothing to settle
    if (row.status === 'pending') {
      const events = await markPaid(ctx, tx, { linkId: row.id, card: input.card, intentId: input.intentId, nowMs });
      return { kind: 'paid' as const, events: events ?? [], row };
    }
    if (row.status === 'paid' && (row.processorIntentId === input.intentId || row.processorIntentId === null)) return { kind: 'already' as const };
    const refund = { id: newId('rfd'), linkId: row.id, intentId: input.intentId, amountCents: input.amountCents, attempts: 0 };
    const inserted = await tx
      .insert(refunds)
      .values({
        ...refund,
        reason: `link ${row.status}`,
        status: 'pending',
        createdAt: new Date(nowMs),
        nextAttemptAt: firstAttemptLease(nowMs),
        updatedAt: new Date(nowMs),
      })
      .onConflictDoNothing()
      .returning({ id: refunds.id });
    return inserted.length === 1 ? { kind: 'refund' as const, refund } : { kind: 'already' as const };
  });
  if (outcome.kind === 'paid') {
    ctx.events.publish(outcome.row.locationId, outcome.events);
    ctx.jobs.deliveriesQueued();
    return 'paid';
  }
  if (outcome.kind === 'already') return 'already';
  await attemptRefund(ctx, outcome.refund);
  return 'refunded';
}
