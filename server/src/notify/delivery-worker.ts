import { and, eq, sql } from 'drizzle-orm';
import type { ServerEvent } from '@frontdesk/shared/contract/events';
import type { AppContext } from '../app-context';
import { newId } from '../auth/tokens';
import { rowsOf, type Tx } from '../db/database';
import { clients, deliveries, locations, outboxMessages, paymentLinks, receipts, sales } from '../db/schema';
import { appendLinkEvent } from '../links/link-events';
import { nextRetryDelay, type BackoffPolicy } from '../jobs/backoff';
import { createJobLoop, type JobEnvironment } from '../jobs/job-loop';
import { repeatEvery } from '../jobs/job-timers';
import { invoiceUrl } from '../links/link-view';
import { composeMessage, type OutgoingMessage } from './messages';
import { receiptUrl } from './queue-receipt';
import { SendError, type LiveSenders } from './senders';

export type DeliveryWorkerOptions = {
  mode: 'outbox' | 'live';
  senders?: LiveSenders;
  /** Attempts before a transiently failing message is given up. */
  maxAttempts?: number;
  /** First retry delay; doubles each attempt. */
  backoffMs?: number;
  /** Tests: false = no timers; deliveries go out only when runOnce is called. */
  autoRun?: boolean;
};

/** What a link message still queued for a link that was paid, canceled or expired meanwhile ends with. */
const LINK_NOT_PENDING_ERROR = 'The link was no longer waiting for payment.';

export type DeliveryWorker = { start(): void; nudge(): void; runOnce(): Promise<number>; stop(): Promise<void> };

/** A claim's lease; renewed every third of it while a send is under way, so a slow send is never claimed twice. */
const CLAIM_MS = 60_000;
const BATCH = 10;
const POLL_MS = 1_000;
/** A pass that failed (the database unreachable) is tried again after 1 s, doubling to 30 s. */
const PASS_RETRY: BackoffPolicy = { firstMs: 1_000, maxMs: 30_000, jitter: 0.2 };
/** A message's own retries never wait longer than this, whatever its first backoff. */
const SEND_RETRY_MAX_MS = 600_000;

type Claimed = { id: string; link_id: string; kind: 'link' | 'receipt'; channel: 'sms' | 'email'; to_address: string; attempts: number };

/**
 * Sends queued deliveries. A delivery is claimed in the database (`sending`, with a lease) by one worker of one
 * process, so one request never sends twice; in outbox mode storing the message and marking it sent is one
 * transaction. Transient errors are retried with backoff; a bad address fails that channel only.
 */
export function createDeliveryWorker(ctx: AppContext, options: DeliveryWorkerOptions, env: JobEnvironment): DeliveryWorker {
  const { logger, timers } = env;
  const maxAttempts = options.maxAttempts ?? 5;
  const sendRetry: BackoffPolicy = { firstMs: options.backoffMs ?? 2_000, maxMs: Math.max(options.backoffMs ?? 2_000, SEND_RETRY_MAX_MS) };

  const claim = async (): Promise<Claimed[]> => {
    const now = new Date(ctx.now());
    const lease = new Date(now.getTime() + CLAIM_MS);
    const result = await ctx.db
      .execute(sql`update deliveries set status = 'sending', claimed_until = ${lease.toISOString()}::timestamptz, attempts = attempts + 1
      where id in (select id from deliveries
        where (status = 'queued' and next_attempt_at <= ${now.toISOString()}::timestamptz) or (status = 'sending' and claimed_until <= ${now.toISOString()}::timestamptz)
        order by next_attempt_at limit ${BATCH} for update skip locked)
      returning id, link_id, kind, channel, to_address, attempts`);
    return rowsOf<Claimed>(result);
  };

  /** Keeps a claim while its send is under way (providers' own timeouts are shorter than the lease, too). */
  const renewLease = async (id: string) => {
    try {
      await ctx.db
        .update(deliveries)
        .set({ claimedUntil: new Date(ctx.now() + CLAIM_MS) })
        .where(and(eq(deliveries.id, id), eq(deliveries.status, 'sending')));
    } catch (error) {
      logger.warn({ job: 'deliveries', delivery: id, err: (error as Error).message }, `delivery ${id} lease renewal failed`);
    }
  };

  const compose = async (tx: Tx | AppContext['db'], delivery: Claimed): Promise<OutgoingMessage> => {
    const [row] = await tx
      .select({ link: paymentLinks, location: locations, clientName: clients.name })
      .from(paymentLinks)
      .innerJoin(locations, eq(locations.id, paymentLinks.locationId))
      .innerJoin(clients, eq(clients.id, paymentLinks.clientId))
      .where(eq(paymentLinks.id, delivery.link_id));
    const { link, location } = row!;
    const common = {
      channel: delivery.channel,
      to: delivery.to_address,
      studio: { name: location.name, locale: location.locale, timeZone: location.timeZone },
      clientName: row!.clientName,
      lines: link.lines,
      totalCents: link.totalCents,
      currency: link.currency,
    };
    if (delivery.kind === 'link') {
      return composeMessage({ ...common, kind: 'link', url: invoiceUrl(ctx.publicUrl, location.widget, link.id), expiresAtMs: link.expiresAt.getTime() });
    }
    const [paid] = await tx
      .select({ sale: sales, receiptId: receipts.id })
      .from(sales)
      .innerJoin(receipts, eq(receipts.saleId, sales.id))
      .where(eq(sales.id, link.saleId ?? ''));
    if (!paid) throw new Error(`The receipt of link ${link.id} has no sale.`);
    const card = paid.sale.payments.find((payment) => payment.cardLast4);
    return composeMessage({
      ...common,
      // What the sale recorded, which is what the receipt page shows too.
      lines: paid.sale.lines,
      totalCents: paid.sale.totalCents,
      kind: 'receipt',
      receiptNumber: paid.sale.receiptNumber,
      receiptUrl: receiptUrl(ctx.publicUrl, location.widget, paid.receiptId),
      paidAtMs: paid.sale.createdAt.getTime(),
      card: card?.cardLast4 ? { brand: card.cardBrand ?? null, last4: card.cardLast4 } : undefined,
    });
  };

  /** Records the outcome (and, for a link message that settled, `link.delivery`) in the caller's transaction. */
  const finish = async (
    tx: Tx,
    delivery: Claimed,
    outcome: { sent: true; providerMessageId?: string } | { sent: false; error: string; retry: boolean },
  ): Promise<ServerEvent[]> => {
    const nowMs = ctx.now();
    if (outcome.sent) {
      await tx
        .update(deliveries)
        .set({ status: 'sent', error: null, sentAt: new Date(nowMs), claimedUntil: null, providerMessageId: outcome.providerMessageId ?? null })
        .where(eq(deliveries.id, delivery.id));
    } else if (outcome.retry) {
      const next = new Date(nowMs + nextRetryDelay(delivery.attempts, sendRetry, env.random));
      await tx
        .update(deliveries)
        .set({ status: 'queued', error: outcome.error, nextAttemptAt: next, claimedUntil: null })
        .where(eq(deliveries.id, delivery.id));
      return [];
    } else {
      await tx.update(deliveries).set({ status: 'failed', error: outcome.error, claimedUntil: null }).where(eq(deliveries.id, delivery.id));
    }
    if (delivery.kind !== 'link') return [];
    const [link] = await tx.select().from(paymentLinks).where(eq(paymentLinks.id, delivery.link_id));
    return [await appendLinkEvent(ctx, tx, link!, 'link.delivery', nowMs)];
  };

  const deliver = async (delivery: Claimed): Promise<void> => {
    let published: { locationId: string; events: ServerEvent[] } | undefined;
    if (options.mode === 'outbox') {
      published = await ctx.db.transaction(async (tx) => {
        const [link] = await tx
          .select({ locationId: paymentLinks.locationId, status: paymentLinks.status })
          .from(paymentLinks)
          .where(eq(paymentLinks.id, delivery.link_id));
        if (delivery.kind === 'link' && link!.status !== 'pending') {
          return { locationId: link!.locationId, events: await finish(tx, delivery, { sent: false, error: LINK_NOT_PENDING_ERROR, retry: false }) };
        }
        const message = await compose(tx, delivery);
        await tx.insert(outboxMessages).values({
          id: newId('msg'),
          deliveryId: delivery.id,
          locationId: link!.locationId,
          linkId: delivery.link_id,
          channel: message.channel,
          to: message.to,
          subject: message.subject ?? null,
          text: message.text,
          html: message.html ?? null,
          createdAt: new Date(ctx.now()),
        });
        return { locationId: link!.locationId, events: await finish(tx, delivery, { sent: true }) };
      });
    } else {
      const sender = options.senders?.[delivery.channel];
      let outcome: Parameters<typeof finish>[2];
      const [current] = await ctx.db.select({ status: paymentLinks.status }).from(paymentLinks).where(eq(paymentLinks.id, delivery.link_id));
      if (delivery.kind === 'link' && current?.status !== 'pending') {
        outcome = { sent: false, error: LINK_NOT_PENDING_ERROR, retry: false };
      } else if (!sender) {
        outcome = { sent: false, error: `No ${delivery.channel === 'sms' ? 'SMS' : 'email'} provider is set up.`, retry: false };
      } else {
        const stopRenewing = repeatEvery(timers, CLAIM_MS / 3, () => void renewLease(delivery.id));
        try {
          const message = await compose(ctx.db, delivery);
          outcome = { sent: true, providerMessageId: (await sender.send(message)).providerMessageId };
        } catch (error) {
          const permanent = error instanceof SendError ? error.permanent : false;
          const text = (error as Error).message.slice(0, 300);
          outcome = { sent: false, error: text, retry: !permanent && delivery.attempts < maxAttempts };
        } finally {
          stopRenewing();
        }
      }
      published = await ctx.db.transaction(async (tx) => {
        const [link] = await tx.select({ locationId: paymentLinks.locationId }).from(paymentLinks).where(eq(paymentLinks.id, delivery.link_id));
        return { locationId: link!.locationId, events: await finish(tx, delivery, outcome) };
      });
    }
    if (published.events.length > 0) ctx.events.publish(published.locationId, published.events);
  };

  const runOnce = async (): Promise<number> => {
    let total = 0;
    for (;;) {
      const batch = await claim();
      if (batch.length === 0) return total;
      await Promise.all(
        batch.map((delivery) =>
          deliver(delivery).catch((error: unknown) =>
            logger.error({ job: 'deliveries', delivery: delivery.id, err: (error as Error).message }, `delivery ${delivery.id} failed`),
          ),
        ),
      );
      total += batch.length;
    }
  };

  const loop = createJobLoop({ ...env, name: 'delivery worker', runOnce, nextDelay: () => POLL_MS, failureBackoff: PASS_RETRY });
  return {
    // autoRun false (tests): no timers; deliveries go out only when runOnce is called.
    start: () => {
      if (options.autoRun !== false) void loop.start();
    },
    nudge: () => loop.wake(0),
    runOnce: () => loop.runNow(),
    stop: () => loop.stop(),
  };
}
