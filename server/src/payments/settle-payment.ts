import { and, eq } from 'drizzle-orm';
import type { Sale } from '@frontdesk/shared/contract/entities';
import type { ServerEvent } from '@frontdesk/shared/contract/events';
import type { AppContext } from '../app-context';
import { newId } from '../auth/tokens';
import type { Tx } from '../db/database';
import { clients, locations, paymentAttempts, paymentLinks, refunds, sales, staff } from '../db/schema';
import { appendEvent } from '../events/event-log';
import { appendAvailability, appendLinkEvent } from '../links/link-events';
import { queueReceipt } from '../notify/queue-receipt';
import { convertHolds } from '../places/place-ledger';
import { nextServerReceipt } from '../sales/create-sale';
import type { CardSummary } from './processor';
import { attemptRefund, firstAttemptLease, type RefundToTry } from './refunds';

/**
 * The paid step, inside the caller's transaction that holds the link's row lock: link paid, holds → bookings,
 * sale (method payment_link, brand + last4, the staff member who sent the link), events, receipt queued (queue-receipt.ts).
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
  await queueReceipt(tx, { saleId, link: row, client, nowMs });
  return events;
}

/** How a report that the client's card went through ended. */
export type SettleOutcome = 'paid' | 'already' | 'refunded' | 'released' | 'not_captured';

/**
 * The processor reports that the client's card went through for a link (webhook, the page back from the Payment
 * Element, or its answer to a cancel): authorized and waiting for our capture, or already `captured`.
 * - A pending link still holds its places (they are released only once its intent is confirmed canceled, and a
 *   captured intent cannot be canceled): the money is captured (once per intent, idempotent at the processor),
 *   then the link is paid, holds → bookings, in one transaction under its row lock.
 * - A dead link (canceled, expired, or paid by another intent) has no places: its authorization is voided, so
 *   nothing is charged. Money captured anyway (by hand at the processor, or an intent made before manual capture)
 *   is refunded once per intent: the refund row is committed first, tried at once, then by the refund retrier.
 * `alsoInTx` runs first inside the transaction that records the outcome (the webhook records its event id there,
 * so an event is marked handled exactly when its effect commits).
 */
export async function settleProcessorSuccess(
  ctx: AppContext,
  input: { linkId: string; intentId: string; card: CardSummary; amountCents: number; captured?: true },
  alsoInTx?: (tx: Tx) => Promise<void>,
): Promise<SettleOutcome> {
  const record = (work?: (tx: Tx) => Promise<void>) =>
    ctx.db.transaction(async (tx) => {
      await alsoInTx?.(tx);
      await work?.(tx);
    });
  const [before] = await ctx.db.select().from(paymentLinks).where(eq(paymentLinks.id, input.linkId));
  if (!before || isSettledBy(before, input.intentId)) {
    await record(); // not one of our links, or this intent paid it already: nothing more to do
    return 'already';
  }
  const { capture, releaseAuthorization } = ctx.processor;
  let amountCents = input.amountCents;
  let captured = input.captured === true || !capture;
  if (!captured && capture && before.status === 'pending') {
    const result = await capture(input.intentId);
    if (result.kind === 'canceled') {
      // The authorization is gone (voided by a close under way, or lapsed at the processor): nothing was charged,
      // and the link's own close decides what becomes of it.
      await record();
      return 'not_captured';
    }
    captured = true;
    amountCents = result.amountCents || amountCents;
  }
  if (!captured && releaseAuthorization) {
    const released = await releaseAuthorization(input.intentId);
    if (released.kind === 'canceled') {
      await record(async (tx) => {
        await tx.insert(paymentAttempts).values(processorAttempt(ctx, input, 'canceled', `Authorization voided: the link was ${before.status}.`));
      });
      ctx.log(`authorization ${input.intentId} voided: link ${input.linkId.slice(0, 6)}… was ${before.status}`);
      return 'released';
    }
    // Captured after all (by hand at the processor): the money goes back below.
  }
  return paidOrRefunded(ctx, { ...input, amountCents }, record);
}

const isSettledBy = (row: typeof paymentLinks.$inferSelect, intentId: string) =>
  row.status === 'paid' && (row.processorIntentId === intentId || row.processorIntentId === null);

/** The payment_attempts row of a settled report (what the client's card did, brand and last four only). */
function processorAttempt(ctx: AppContext, input: { linkId: string; intentId: string; card: CardSummary }, status: 'succeeded' | 'canceled', message?: string) {
  const at = new Date(ctx.now());
  return {
    id: newId('pay'),
    linkId: input.linkId,
    processor: ctx.processor.kind,
    intentId: input.intentId,
    status,
    cardBrand: input.card.brand,
    cardLast4: input.card.last4,
    threeDsState: 'none' as const,
    message: message ?? null,
    createdAt: at,
    updatedAt: at,
  };
}

/** Captured money: a link still pending is paid; a dead one gets the money back. */
async function paidOrRefunded(
  ctx: AppContext,
  input: { linkId: string; intentId: string; card: CardSummary; amountCents: number },
  record: (work: (tx: Tx) => Promise<void>) => Promise<void>,
): Promise<SettleOutcome> {
  const nowMs = ctx.now();
  type Outcome = { kind: 'already' } | { kind: 'paid'; events: ServerEvent[]; locationId: string } | { kind: 'refund'; refund: RefundToTry };
  let outcome: Outcome = { kind: 'already' };
  await record(async (tx) => {
    const [row] = await tx.select().from(paymentLinks).where(eq(paymentLinks.id, input.linkId)).for('update');
    if (!row || isSettledBy(row, input.intentId)) return;
    if (row.status === 'pending') {
      await tx.insert(paymentAttempts).values(processorAttempt(ctx, input, 'succeeded'));
      const events = await markPaid(ctx, tx, { linkId: row.id, card: input.card, intentId: input.intentId, nowMs });
      outcome = { kind: 'paid', events: events ?? [], locationId: row.locationId };
      return;
    }
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
    if (inserted.length === 1) outcome = { kind: 'refund', refund };
  });
  const settled = outcome as Outcome;
  if (settled.kind === 'paid') {
    ctx.events.publish(settled.locationId, settled.events);
    ctx.jobs.deliveriesQueued();
    return 'paid';
  }
  if (settled.kind === 'already') return 'already';
  await attemptRefund(ctx, settled.refund);
  return 'refunded';
}
