import type { CardSummary } from './processor';

/** A card as the invoice page's form handler checked it (shared/domain/card-entry.ts); the number is never stored or logged. */
export type CardForm = { cardNumber: string; expiry: string; cvc: string; name: string };

export type SandboxOutcome =
  | { kind: 'succeeded'; card: CardSummary }
  | { kind: 'requires_action'; card: CardSummary }
  | { kind: 'declined'; card: CardSummary; code: string; message: string };

function cardBrand(digits: string): string {
  if (digits.startsWith('4')) return 'visa';
  if (/^(5[1-5]|2[2-7])/.test(digits)) return 'mastercard';
  if (/^3[47]/.test(digits)) return 'amex';
  if (/^6(011|5)/.test(digits)) return 'discover';
  return 'card';
}

/** The sandbox test cards of DESIGN.md section 5; any other valid number is refused as not a test card. */
export function sandboxOutcome(digits: string): SandboxOutcome {
  const card = { brand: cardBrand(digits), last4: digits.slice(-4) };
  switch (digits) {
    case '4242424242424242':
      return { kind: 'succeeded', card };
    case '4000002760003184':
      return { kind: 'requires_action', card };
    case '4000000000000002':
      return { kind: 'declined', card, code: 'card_declined', message: 'Your card was declined. Try another card.' };
    case '4000000000009995':
      return { kind: 'declined', card, code: 'insufficient_funds', message: 'Your card has insufficient funds. Try another card.' };
    default:
      return { kind: 'declined', card, code: 'card_not_supported', message: 'This is a test studio: use one of the sandbox test cards.' };
  }
}
