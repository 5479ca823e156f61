import { and, eq, sql } from 'drizzle-orm';
import type { Channel } from '@frontdesk/shared/contract/entities';
import { AppError } from '@frontdesk/shared/contract/errors';
import type { AppContext } from '../app-context';
import type { StaffAuth } from '../auth/authenticate';
import { clients, paymentLinks } from '../db/schema';
import { withIdempotency, type IdempotencyRef, type StoredAnswer } from '../http/idempotency';
import type { RequestLog } from '../log/logger';
import { queueLinkDeliveries } from '../notify/queue-deliveries';
import { resolveContact } from './contact';
import { appendLinkEvent } from './link-events';
import { viewLink } from './link-view';

export type ResendInput = {
  auth: StaffAuth;
  linkId: string;
  corrections: { phone?: string; email?: string };
  idempotency: IdempotencyRef;
  log?: RequestLog;
};

/**
 * Sends the same link again (same id, same amount), to corrected addresses if given: its deliveries are queued
 * again, resendCount + 1, `link.resent`. Only a pending link before its deadline can be resent. A given address adds
 * its channel, which is how a link first only shown as a QR code is sent by SMS or email.
 */
export function resendLink(ctx: AppContext, input: ResendInput): Promise<StoredAnswer> {
  return withIdempotency(ctx, input.idempotency, async (tx) => {
    const nowMs = ctx.now();
    const [row] = await tx
      .select()
      .from(paymentLinks)
      .where(and(eq(paymentLinks.id, input.linkId), eq(paymentLinks.locationId, input.auth.location.id)))
      .for('update');
    if (!row) throw new AppError('not_found', 'There is no such payment link.', { linkId: input.linkId });
    if (row.status !== 'pending' || nowMs >= row.expiresAt.getTime()) {
      throw new AppError('link_not_payable', `This link is ${row.status === 'pending' ? 'expired' : row.status}: it cannot be sent again.`, {
        linkId: row.id,
        status: row.status,
      });
    }
    const [client] = await tx.select().from(clients).where(eq(clients.id, row.clientId));
    const channels: Channel[] = [...row.channels];
    if (input.corrections.phone && !channels.includes('sms')) channels.push('sms');
    if (input.corrections.email && !channels.includes('email')) channels.push('email');
    // A link only shown as a QR code has nowhere to be sent again until staff give a phone number or an email.
    if (channels.length === 0) {
      throw new AppError('invalid_contact', 'This link was only shown as a QR code: give a phone number or an email address to send it.', {
        field: 'phone',
        linkId: row.id,
      });
    }
    const contact = resolveContact(channels, input.corrections, { phone: row.phone ?? client?.phone ?? null, email: row.email ?? client?.email ?? null });
    const [updated] = await tx
      .update(paymentLinks)
      .set({ channels, phone: contact.phone, email: contact.email, resendCount: sql`${paymentLinks.resendCount} + 1` })
      .where(and(eq(paymentLinks.id, row.id), eq(paymentLinks.status, 'pending')))
      .returning();
    await queueLinkDeliveries(tx, updated!, nowMs);
    const events = [await appendLinkEvent(ctx, tx, updated!, 'link.resent', nowMs)];
    const answer = { status: 200, replayText: JSON.stringify({ link: await viewLink(tx, updated!, ctx.publicUrl) }) };
    const afterCommit = () => {
      ctx.events.publish(input.auth.location.id, events);
      ctx.jobs.deliveriesQueued();
      input.log?.info({ locationId: input.auth.location.id, staffId: input.auth.staff.id, channels, resendCount: updated!.resendCount }, 'payment link resent');
    };
    return { answer, afterCommit };
  });
}
