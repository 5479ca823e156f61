import { and, eq, lte } from 'drizzle-orm';
import type { ServerEvent } from '@frontdesk/shared/contract/events';
import type { AppContext } from '../app-context';
import type { Tx } from '../db/database';
import { locations, paymentAttempts, paymentLinks } from '../db/schema';
import { settleProcessorSuccess } from '../payments/settle-payment';
import { releaseHolds } from '../places/place-ledger';
import { appendAvailability, appendLinkEvent } from './link-events';
import { linkRow, type LinkRow } from './link-view';

export type CloseReason = 'canceled' | 'expired';
/** Work that commits with the close or not at all (a cancel's stored answer): it runs after the change, in its transaction. */
export type InClosingTransaction = (tx: Tx, closed: LinkRow) => Promise<void>;

/** A page opening at the same moment can attach an intent after we canceled one; we look again this many times. */
const MAX_INTENT_ROUNDS = 3;

/**
 * Ends a pending link (staff cancel or expiry). The processor's intent is canceled FIRST; only once it confirms
 * are the holds released. If it answers that the payment already succeeded, the link is paid instead. The closing
 * transaction locks the link's row and re-reads its intent id: an intent attached meanwhile (the invoice page
 * opened during the cancel) is canceled too before any hold is released. The status change is guarded in SQL
 * (`status = 'pending'`), so a payment that won the race is never overwritten. Answers the link row as it ends up.
 */
export async function closeLink(
  ctx: AppContext,
  linkId: string,
  reason: CloseReason,
  inClosingTransaction?: InClosingTransaction,
): Promise<LinkRow | undefined> {
  for (let round = 0; round < MAX_INTENT_ROUNDS; round += 1) {
    const row = await linkRow(ctx.db, linkId);
    if (!row || row.status !== 'pending') return row;
    if (reason === 'expired' && ctx.now() < row.expiresAt.getTime()) return row;
    const intent = await ctx.processor.cancelIntent(row);
    if (intent.kind === 'succeeded') {
      await settleProcessorSuccess(ctx, { linkId, intentId: intent.intentId, card: intent.card, amountCents: row.totalCents });
      return linkRow(ctx.db, linkId);
    }
    const closed = await closeAfterCancel(ctx, row, reason, inClosingTransaction);
    if (closed === 'intent_changed') continue; // cancel the newly attached intent, then try again
    if (closed) ctx.events.publish(row.locationId, closed);
    return linkRow(ctx.db, linkId);
  }
  throw new Error(`link ${linkId.slice(0, 6)}… kept getting a new payment intent while closing`);
}

async function closeAfterCancel(
  ctx: AppContext,
  row: LinkRow,
  reason: CloseReason,
  inClosingTransaction: InClosingTransaction | undefined,
): Promise<ServerEvent[] | 'intent_changed' | undefined> {
  const nowMs = ctx.now();
  return ctx.db.transaction(async (tx): Promise<ServerEvent[] | 'intent_changed' | undefined> => {
    const [locked] = await tx.select().from(paymentLinks).where(eq(paymentLinks.id, row.id)).for('update');
    if (!locked || locked.status !== 'pending') return undefined;
    // Never release holds while an intent we did not cancel exists.
    if (locked.processorIntentId !== row.processorIntentId) return 'intent_changed';
    const at = new Date(nowMs);
    const guard = and(eq(paymentLinks.id, row.id), eq(paymentLinks.status, 'pending'), reason === 'expired' ? lte(paymentLinks.expiresAt, at) : undefined);
    const [closed] = await tx
      .update(paymentLinks)
      .set(reason === 'canceled' ? { status: 'canceled', canceledAt: at } : { status: 'expired', expiredAt: at })
      .where(guard)
      .returning();
    if (!closed) return undefined;
    // A 3-D Secure step still open can no longer complete.
    await tx
      .update(paymentAttempts)
      .set({ status: 'canceled', updatedAt: at })
      .where(and(eq(paymentAttempts.linkId, row.id), eq(paymentAttempts.status, 'requires_action')));
    const moved = await releaseHolds(tx, row.id, nowMs);
    const [location] = await tx.select().from(locations).where(eq(locations.id, closed.locationId));
    await inClosingTransaction?.(tx, closed);
    return [
      await appendLinkEvent(ctx, tx, closed, reason === 'canceled' ? 'link.canceled' : 'link.expired', nowMs),
      ...(await appendAvailability(tx, location!, moved, nowMs)),
    ];
  });
}
