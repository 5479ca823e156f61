import type { LinkRow } from '../links/link-view';

/** What a card payment leaves behind: the brand and last four digits, never the number. */
export type CardSummary = { brand: string; last4: string };

export type IntentCancelResult = { kind: 'canceled' } | { kind: 'succeeded'; intentId: string; card: CardSummary };

/**
 * The card processor behind the invoice page. `sandbox` decides test cards inside our own transaction;
 * `stripe` keeps one PaymentIntent per link and reports outcomes by webhook.
 */
export type PaymentProcessor = {
  kind: 'sandbox' | 'stripe';
  /** Cancels the link's intent before its holds are released; answers `succeeded` when the money already moved. */
  cancelIntent(link: LinkRow): Promise<IntentCancelResult>;
  /** Stripe: the link's PaymentIntent (made once, the link id as idempotency key) and its client secret. */
  /** `closed`: the link stopped waiting for payment while the intent was made; that intent was canceled. */
  ensureIntent?(link: LinkRow): Promise<{ intentId: string; clientSecret: string; succeeded?: CardSummary; closed?: true }>;
  /** Gives back a payment that succeeded for a dead link. */
  refund?(input: { intentId: string; amountCents: number; linkId: string }): Promise<{ refundId: string }>;
  /** Stripe: the publishable key for the Payment Element. */
  publishableKey?: string;
};

export const sandboxProcessor: PaymentProcessor = {
  kind: 'sandbox',
  // Sandbox charges are decided inside the transaction that marks the link paid (it holds the link's row lock),
  // so there is never an outstanding charge to cancel.
  cancelIntent: () => Promise.resolve({ kind: 'canceled' }),
};
