import Stripe from 'stripe';
import { and, eq, isNull, or } from 'drizzle-orm';
import type { Db } from '../db/database';
import { paymentLinks } from '../db/schema';
import type { LinkRow } from '../links/link-view';
import type { CaptureResult, CardSummary, IntentCancelResult, PaymentProcessor } from './processor';

export type StripeOptions = {
  secretKey: string;
  webhookSecret: string;
  publishableKey?: string;
  /** Tests: a local HTTP double of api.stripe.com. */
  host?: string;
  port?: number;
  protocol?: 'http' | 'https';
};

export function createStripeClient(options: StripeOptions): Stripe {
  return new Stripe(options.secretKey, {
    ...(options.host ? { host: options.host } : {}),
    ...(options.port ? { port: options.port } : {}),
    ...(options.protocol ? { protocol: options.protocol } : {}),
    maxNetworkRetries: 2,
    telemetry: false,
  });
}

/** The brand and last four of the charge behind an intent (never more). */
export async function cardOfIntent(stripe: Stripe, intent: Stripe.PaymentIntent): Promise<CardSummary> {
  let charge = intent.latest_charge;
  if (typeof charge === 'string') charge = await stripe.charges.retrieve(charge);
  const card = charge?.payment_method_details?.card;
  return { brand: card?.brand ?? 'card', last4: card?.last4 && /^\d{4}$/.test(card.last4) ? card.last4 : '0000' };
}

/** The client's card went through: authorized and waiting for our capture, or captured. */
export const cardWentThrough = (intent: Stripe.PaymentIntent) => intent.status === 'requires_capture' || intent.status === 'succeeded';

/**
 * One PaymentIntent per link, made with the link id as idempotency key (a retried create answers the same intent);
 * outcomes arrive by webhook (stripe-webhook.ts) and are settled by settle-payment.ts.
 */
export function createStripeProcessor(db: Db, stripe: Stripe, options: StripeOptions): PaymentProcessor {
  /** Cancels an intent whatever its state; an authorization is voided (Stripe gives the held amount back). */
  const cancelById = async (intentId: string): Promise<IntentCancelResult> => {
    try {
      await stripe.paymentIntents.cancel(intentId);
      return { kind: 'canceled' };
    } catch (error) {
      // Stripe refuses to cancel an intent that is already canceled or captured: ask which.
      const intent = await stripe.paymentIntents.retrieve(intentId);
      if (intent.status === 'succeeded') return { kind: 'succeeded', intentId, card: await cardOfIntent(stripe, intent) };
      if (intent.status === 'canceled') return { kind: 'canceled' };
      throw error;
    }
  };
  return {
    kind: 'stripe',
    publishableKey: options.publishableKey,
    async ensureIntent(link: LinkRow) {
      const intent = link.processorIntentId
        ? await stripe.paymentIntents.retrieve(link.processorIntentId)
        : await stripe.paymentIntents.create(
            {
              amount: link.totalCents,
              currency: link.currency.toLowerCase(),
              // Cards only (Apple Pay and Google Pay come through as cards): the delayed methods that
              // automatic_payment_methods lets in sit in `processing`, cannot be canceled, and would keep places
              // held for days. The SDK's API version (endive) refuses the older `payment_method_types` parameter
              // (400 payment_method_types_no_longer_supported); `allowed_payment_method_types` replaces it.
              allowed_payment_method_types: ['card'],
              // The client's confirmation only authorizes; the server captures when it turns the holds into
              // bookings, and voids the authorization when the link is already dead.
              capture_method: 'manual',
              metadata: { linkId: link.id },
            },
            { idempotencyKey: link.id },
          );
      if (!link.processorIntentId) {
        // Only a link still waiting for payment gets an intent: a cancel or the expiry may have closed it while
        // Stripe was making this one (closeLink re-reads the id under the row lock, so it sees ours if we win).
        const [attached] = await db
          .update(paymentLinks)
          .set({ processorIntentId: intent.id })
          .where(
            and(
              eq(paymentLinks.id, link.id),
              eq(paymentLinks.status, 'pending'),
              or(isNull(paymentLinks.processorIntentId), eq(paymentLinks.processorIntentId, intent.id)),
            ),
          )
          .returning({ id: paymentLinks.id });
        if (!attached) {
          const outcome = await cancelById(intent.id);
          if (outcome.kind === 'canceled') return { intentId: intent.id, clientSecret: '', closed: true as const };
          return { intentId: intent.id, clientSecret: '', succeeded: outcome.card };
        }
      }
      // Back from the Payment Element (return_url) before the webhook: the card already went through.
      const succeeded = cardWentThrough(intent) ? await cardOfIntent(stripe, intent) : undefined;
      return { intentId: intent.id, clientSecret: intent.client_secret ?? '', ...(succeeded ? { succeeded } : {}) };
    },
    /** The caller passes the link as just read (closeLink re-reads it, and checks again under the row lock). */
    async cancelIntent(link: LinkRow): Promise<IntentCancelResult> {
      if (!link.processorIntentId) return { kind: 'canceled' }; // never opened: there is nothing to charge
      // An authorization already there is the client's payment: it wins, as a captured one would (the link is
      // paid). One that lands between this look and the cancel is voided by the cancel: nothing is charged.
      const intent = await stripe.paymentIntents.retrieve(link.processorIntentId);
      if (cardWentThrough(intent)) return { kind: 'succeeded', intentId: intent.id, card: await cardOfIntent(stripe, intent) };
      if (intent.status === 'canceled') return { kind: 'canceled' };
      return cancelById(intent.id);
    },
    async capture(intentId: string): Promise<CaptureResult> {
      try {
        const captured = await stripe.paymentIntents.capture(intentId, {}, { idempotencyKey: `capture-${intentId}` });
        return { kind: 'captured', amountCents: captured.amount_received };
      } catch (error) {
        // Refused: captured already (another process or a retry won), or the authorization is gone.
        const intent = await stripe.paymentIntents.retrieve(intentId);
        if (intent.status === 'succeeded') return { kind: 'captured', amountCents: intent.amount_received };
        if (intent.status === 'canceled') return { kind: 'canceled' };
        throw error;
      }
    },
    releaseAuthorization: cancelById,
    async refund({ intentId }) {
      const refund = await stripe.refunds.create({ payment_intent: intentId }, { idempotencyKey: `refund-${intentId}` });
      return { refundId: refund.id };
    },
  };
}
