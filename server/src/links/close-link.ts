import { and, eq, lte } from 'drizzle-orm';
import type { ServerEvent } from '../../../shared/contract/events';
import type { AppContext } from '../app-context';
import { locations, paymentAttempts, paymentLinks } from '../db/schema';
import { settleProcessorSuccess } from '../payments/settle-payment';
import { releaseHolds } from '../places/place-ledger';
import { appendAvailability, appendLinkEvent } from './link-events';
import { linkRow, type LinkRow } from './link-view';

export type CloseReason = 'canceled' | 'expired';

/**
 * Ends a pending link (staff cancel or expiry). The processor's intent is canceled FIRST; only once it confirms
 * are the holds released. If it answers that the payment already succeeded, the link is paid instead. The status
 * change is guarded in SQL (`status = 'pending'`), so a payment that won the race is never overwritten.
 * Answers the link row as it ends up.
 */
export async function closeLink(ctx: AppContext, linkId: string, reason: CloseReason): Promise<LinkRow | undefined> {
  const row = await linkRow(ctx.db, linkId);
  if (!row || row.status !== 'pending') return row;
  if (reason === 'expired' && ctx.now() < row.expiresAt.getTime()) return row;
  const intent = await ctx.processor.cancelIntent(row);
  if (intent.kind === 'succeeded') {
    await settleProcessorSuccess(ctx, { linkId, intentId: intent.intentId, card: intent.card, amountCents: row.totalCents });
    return linkRow(ctx.db, linkId);
  }
  const nowMs = ctx.now();
  const events = await ctx.db.transaction(async (tx): Promise<ServerEvent[] | undefined> => {
    const at = new Date(nowMs);
    const guard = and(eq(paymentLinks.id, linkId), eq(paymentLinks.status, 'pending'), reason === 'expired' ? lte(paymentLinks.expiresAt, at) : undefined);
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
      .where(and(eq(paymentAttempts.linkId, linkId), eq(paymentAttempts.status, 'requires_action')));
    const moved = await releaseHolds(tx, linkId, nowMs);
    const [location] = await tx.select().from(locations).where(eq(locations.id, closed.locationId));
    return [
      await appendLinkEvent(ctx, tx, closed, reason === 'canceled' ? 'link.canceled' : 'link.expired', nowMs),
      ...(await appendAvailability(tx, location!, moved, nowMs)),
    ];
  });
  if (events) ctx.events.publish(row.locationId, events);
  return linkRow(ctx.db, linkId);
}
