import type { LinkRow } from '../links/link-view';

/** What a card payment leaves behind: the brand and last four digits, never the number. */
export type CardSummary = { brand: string; last4: string };

/**
 * `succeeded`: the client's card went through, authorized (waiting for our capture) or already captured; the link
 * is settled (captured and paid) instead of closed. `canceled`: nothing is or will be charged on that intent.
 */
export type IntentCancelResult = { kind: 'canceled' } | { kind: 'succeeded'; intentId: string; card: CardSummary };

/** The answer to a capture: the money moved (now or before), or the authorization is gone (canceled, expired). */
export type CaptureResult = { kind: 'captured'; amountCents: number } | { kind: 'canceled' };

/**
 * The card processor behind the invoice page. `sandbox` decides test cards inside our own transaction;
 * `stripe` keeps one PaymentIntent per link, authorized by the client and captured by us, outcomes by webhook.
 */
export type PaymentProcessor = {
  kind: 'sandbox' | 'stripe';
  /**
   * Before a pending link's holds are released: cancels its intent, unless the client's card already went through
   * (authorized or captured), which answers `succeeded` so that the link is paid instead.
   */
  cancelIntent: (link: LinkRow) => Promise<IntentCancelResult>;
  /** Stripe: the link's PaymentIntent (made once, the link id as idempotency key) and its client secret. */
  /** `closed`: the link stopped waiting for payment while the intent was made; that intent was canceled. */
  ensureIntent?: (link: LinkRow) => Promise<{ intentId: string; clientSecret: string; succeeded?: CardSummary; closed?: true }>;
  /** Stripe: takes the authorized money, once per intent (idempotent), only for a link that still holds its places. */
  capture?: (intentId: string) => Promise<CaptureResult>;
  /** Stripe: voids the authorization of an intent whose link is dead; `succeeded` when it was captured already. */
  releaseAuthorization?: (intentId: string) => Promise<IntentCancelResult>;
  /** Gives back a payment that was captured for a dead link. */
  refund?: (input: { intentId: string; amountCents: number; linkId: string }) => Promise<{ refundId: string }>;
  /** Stripe: the publishable key for the Payment Element. */
  publishableKey?: string;
};

export const sandboxProcessor: PaymentProcessor = {
  kind: 'sandbox',
  // Sandbox charges are decided inside the transaction that marks the link paid (it holds the link's row lock),
  // so there is never an outstanding charge to cancel.
  cancelIntent: () => Promise.resolve({ kind: 'canceled' }),
};
