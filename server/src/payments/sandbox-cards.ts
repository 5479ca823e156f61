import { z } from 'zod';
import type { CardSummary } from './processor';

// eslint-disable-next-line no-control-regex -- rejecting control characters (U+0000 to U+001F) is the point
const NO_CONTROL_CHARACTERS_OR_TAGS = /^[^\u0000-\u001f<>]*$/;

/** The card form of the invoice page (form-urlencoded). The number is read here and never stored or logged. */
export const CardFormSchema = z.object({
  cardNumber: z
    .string()
    .max(40)
    .transform((v) => v.replace(/[\s-]/g, ''))
    .pipe(z.string().regex(/^\d{12,19}$/, 'Enter the card number.')),
  expiry: z
    .string()
    .trim()
    .max(7)
    .regex(/^(0[1-9]|1[0-2])\s*\/\s*(\d{2})$/, 'Enter the expiry as MM/YY.'),
  cvc: z
    .string()
    .trim()
    .regex(/^\d{3,4}$/, 'Enter the 3 or 4 digit security code.'),
  name: z.string().trim().min(1, 'Enter the name on the card.').max(100).regex(NO_CONTROL_CHARACTERS_OR_TAGS, 'Enter the name on the card.'),
});
export type CardForm = z.infer<typeof CardFormSchema>;

export type SandboxOutcome =
  | { kind: 'succeeded'; card: CardSummary }
  | { kind: 'requires_action'; card: CardSummary }
  | { kind: 'declined'; card: CardSummary; code: string; message: string };

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

function cardBrand(digits: string): string {
  if (digits.startsWith('4')) return 'visa';
  if (/^(5[1-5]|2[2-7])/.test(digits)) return 'mastercard';
  if (/^3[47]/.test(digits)) return 'amex';
  if (/^6(011|5)/.test(digits)) return 'discover';
  return 'card';
}

/** Whether an MM/YY expiry is this month or later (card expiries run to the end of their month). */
export function expiryInFuture(expiry: string, nowMs: number): boolean {
  const [mm, yy] = expiry.split('/').map((part) => Number(part.trim())) as [number, number];
  const now = new Date(nowMs);
  const year = 2000 + yy;
  return year > now.getUTCFullYear() || (year === now.getUTCFullYear() && mm >= now.getUTCMonth() + 1);
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
