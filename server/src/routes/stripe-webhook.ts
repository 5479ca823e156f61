import type Stripe from 'stripe';
import { eq } from 'drizzle-orm';
import { AppError } from '../../../shared/contract/errors';
import type { AppContext } from '../app-context';
import { isUniqueViolation } from '../db/database';
import { paymentAttempts, paymentLinks, processorEvents } from '../db/schema';
import { newId } from '../auth/tokens';
import type { Router } from '../http/router';
import { cardOfIntent } from '../payments/stripe-processor';
import { settleProcessorSuccess } from '../payments/settle-payment';

const WEBHOOK_LIMIT_BYTES = 256 * 1024;
/** Signatures older than this (by the server clock) are refused: a replayed old delivery changes nothing. */
const TOLERANCE_SECONDS = 300;


/**
 * POST /webhooks/stripe: the signature is verified on the raw body. Each event id takes effect once; outcomes are
 * judged from the link's state (guarded UPDATEs), so duplicates and out-of-order deliveries end the same way.
 */
export function addStripeWebhookRoutes(router: Router, ctx: AppContext): void {
  router.add('POST', '/webhooks/stripe', async (request) => {
    const found = ctx.stripeWebhook;
    if (!found) throw new AppError('not_found', 'Stripe is not enabled on this server.');
    const raw = await request.readRawBody(WEBHOOK_LIMIT_BYTES);
    const signature = request.headers['stripe-signature'];
    let event: Stripe.Event;
    try {
      if (typeof signature !== 'string' || signature.length > 2048) throw new Error('missing signature');
      event = found.stripe.webhooks.constructEvent(raw, signature, found.webhookSecret, TOLERANCE_SECONDS, undefined, ctx.now());
    } catch {
      throw new AppError('invalid_request', 'The webhook signature is not valid.', { field: 'stripe-signature' });
    }
    try {
      await ctx.db.insert(processorEvents).values({ id: event.id, type: event.type, receivedAt: new Date(ctx.now()) });
    } catch (error) {
      if (isUniqueViolation(error)) return { status: 200, body: { received: true, duplicate: true } };
      throw error;
    }
    try {
      await handleEvent(ctx, found.stripe, event);
    } catch (error) {
      // Let Stripe retry: forget the event id so the retry is not taken for a duplicate.
      await ctx.db.delete(processorEvents).where(eq(processorEvents.id, event.id));
      throw error;
    }
    return { status: 200, body: { received: true } };
  });
}

async function handleEvent(ctx: AppContext, stripe: Stripe, event: Stripe.Event): Promise<void> {
  if (!event.type.startsWith('payment_intent.')) return;
  const intent = event.data.object as Stripe.PaymentIntent;
  const linkId = intent.metadata?.linkId;
  if (!linkId) return;
  const [link] = await ctx.db.select().from(paymentLinks).where(eq(paymentLinks.id, linkId));
  if (!link) return;
  const nowMs = ctx.now();
  const record = async (status: 'requires_action' | 'failed' | 'canceled' | 'succeeded', extra: { brand?: string; last4?: string; message?: string } = {}) => {
    await ctx.db.insert(paymentAttempts).values({
      id: newId('pay'),
      linkId,
      processor: 'stripe',
      intentId: intent.id,
      status,
      cardBrand: extra.brand ?? null,
      cardLast4: extra.last4 ?? null,
      threeDsState: status === 'requires_action' ? 'challenged' : 'none',
      message: extra.message ?? null,
      createdAt: new Date(nowMs),
      updatedAt: new Date(nowMs),
    });
  };
  switch (event.type) {
    case 'payment_intent.succeeded': {
      // Re-read the intent: an out-of-order delivery must not act on a stale object.
      const current = await stripe.paymentIntents.retrieve(intent.id);
      if (current.status !== 'succeeded') return;
      const card = await cardOfIntent(stripe, current);
      await record('succeeded', card);
      await settleProcessorSuccess(ctx, { linkId, intentId: intent.id, card, amountCents: current.amount_received || current.amount });
      return;
    }
    case 'payment_intent.payment_failed':
      await record('failed', { message: intent.last_payment_error?.message ?? 'The payment failed.' });
      return;
    case 'payment_intent.requires_action':
      await record('requires_action');
      return;
    case 'payment_intent.canceled':
      await record('canceled');
      return;
    default:
      return;
  }
}
