import type { FastifyInstance } from 'fastify';
import type Stripe from 'stripe';
import { eq } from 'drizzle-orm';
import { AppError } from '@frontdesk/shared/contract/errors';
import type { AppContext } from '../app-context';
import { isUniqueViolation, type Tx } from '../db/database';
import { paymentAttempts, paymentLinks, processorEvents } from '../db/schema';
import { newId } from '../auth/tokens';
import { JSON_TYPE } from '../http/api-route';
import { cardOfIntent, cardWentThrough } from '../payments/stripe-processor';
import { appendAttemptEvent } from '../payments/attempt-events';
import { settleProcessorSuccess } from '../payments/settle-payment';
import type { PaymentAttempt } from '@frontdesk/shared/contract/events';

const WEBHOOK_LIMIT_BYTES = 256 * 1024;
/** Signatures older than this (by the server clock) are refused: a replayed old delivery changes nothing. */
const TOLERANCE_SECONDS = 300;

/**
 * POST /webhooks/stripe: the signature is verified on the raw body. Each event id takes effect once; outcomes are
 * judged from the link's state (guarded UPDATEs), so duplicates and out-of-order deliveries end the same way.
 */
export function addStripeWebhookRoutes(app: FastifyInstance, ctx: AppContext): void {
  // In its own context: any body is kept as the bytes Stripe signed (never parsed before the signature is checked).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: WEBHOOK_LIMIT_BYTES }, (_request, body, done) => done(null, body));
  app.post('/webhooks/stripe', async (request, reply) => {
    const answer = (body: Record<string, unknown>) => reply.type(JSON_TYPE).send(body);
    const found = ctx.stripeWebhook;
    if (!found) throw new AppError('not_found', 'Stripe is not enabled on this server.');
    const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const signature = request.headers['stripe-signature'];
    let event: Stripe.Event;
    try {
      if (typeof signature !== 'string' || signature.length > 2048) throw new Error('missing signature');
      event = found.stripe.webhooks.constructEvent(raw, signature, found.webhookSecret, TOLERANCE_SECONDS, undefined, ctx.now());
    } catch {
      throw new AppError('invalid_request', 'The webhook signature is not valid.', { field: 'stripe-signature' });
    }
    // Each event id once: it is recorded in the same transaction as its effect (a crash in between records
    // neither, and Stripe's retry applies it); a duplicate loses on the primary key and changes nothing.
    const [seen] = await ctx.db.select({ id: processorEvents.id }).from(processorEvents).where(eq(processorEvents.id, event.id));
    if (seen) return answer({ received: true, duplicate: true });
    try {
      await handleEvent(ctx, found.stripe, event);
    } catch (error) {
      if (isUniqueViolation(error)) return answer({ received: true, duplicate: true });
      throw error; // Stripe retries; nothing was recorded
    }
    request.log.info({ type: event.type }, 'stripe event handled');
    return answer({ received: true });
  });
}

async function handleEvent(ctx: AppContext, stripe: Stripe, event: Stripe.Event): Promise<void> {
  const nowMs = ctx.now();
  const markHandled = async (tx: Tx) => {
    await tx.insert(processorEvents).values({ id: event.id, type: event.type, receivedAt: new Date(nowMs) });
  };
  const intent = event.type.startsWith('payment_intent.') ? (event.data.object as Stripe.PaymentIntent) : undefined;
  const linkId = intent?.metadata?.linkId;
  const [link] = linkId ? await ctx.db.select().from(paymentLinks).where(eq(paymentLinks.id, linkId)) : [];
  if (!intent || !linkId || !link) {
    await ctx.db.transaction(markHandled); // not about one of our links: nothing to do
    return;
  }
  const attempt = (status: 'requires_action' | 'failed' | 'canceled', extra: { brand?: string; last4?: string; message?: string } = {}) => ({
    id: newId('pay'),
    linkId,
    processor: 'stripe',
    intentId: intent.id,
    status,
    cardBrand: extra.brand ?? null,
    cardLast4: extra.last4 ?? null,
    threeDsState: status === 'requires_action' ? ('challenged' as const) : ('none' as const),
    message: extra.message ?? null,
    createdAt: new Date(nowMs),
    updatedAt: new Date(nowMs),
  });
  const recordInTx = async (row: ReturnType<typeof attempt> | undefined, reported?: PaymentAttempt) => {
    const events = await ctx.db.transaction(async (tx) => {
      await markHandled(tx);
      if (row) await tx.insert(paymentAttempts).values(row);
      // The register hears of the client's progress, while the link can still be paid.
      return reported && link.status === 'pending' ? [await appendAttemptEvent(ctx, tx, link, reported, nowMs)] : [];
    });
    if (events.length > 0) ctx.events.publish(link.locationId, events);
  };
  switch (event.type) {
    // The client's card went through: authorized (manual capture, so this is the event that matters), or
    // captured (after our own capture, or by hand at Stripe). Settling captures a pending link's authorization
    // once and pays it; a dead link's authorization is voided instead.
    case 'payment_intent.amount_capturable_updated':
    case 'payment_intent.succeeded': {
      // Re-read the intent: an out-of-order delivery must not act on a stale object.
      const current = await stripe.paymentIntents.retrieve(intent.id);
      if (!cardWentThrough(current)) return recordInTx(undefined);
      const card = await cardOfIntent(stripe, current);
      const captured = current.status === 'succeeded' ? { captured: true as const } : {};
      await settleProcessorSuccess(
        ctx,
        { linkId, intentId: intent.id, card, amountCents: current.amount_received || current.amount, ...captured },
        markHandled,
      );
      return;
    }
    case 'payment_intent.payment_failed': {
      const message = intent.last_payment_error?.message ?? 'The payment failed.';
      const failed = attempt('failed', { message });
      const code = intent.last_payment_error?.decline_code ?? intent.last_payment_error?.code;
      return recordInTx(failed, { id: failed.id, outcome: 'failed', message: message.slice(0, 300), ...(code ? { code: code.slice(0, 64) } : {}) });
    }
    case 'payment_intent.requires_action': {
      const started = attempt('requires_action');
      return recordInTx(started, { id: started.id, outcome: 'authenticating' });
    }
    case 'payment_intent.canceled':
      return recordInTx(attempt('canceled'));
    default:
      return recordInTx(undefined);
  }
}
