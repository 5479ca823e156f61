// The card form's rules: what a typed card number, expiry and security code mean, how they are shown while
// typed, and which are refused with what code and sentence. The server's form handler and the invoice page's
// script run these same functions (the page gets their source, see server/src/pages/card-entry/), so a client
// without JavaScript is judged exactly as one with it.
//
// Every function here stands alone: top-level declarations only, no imports and no module constants, because
// the page script is built from each function's own source text.

export type CardBrand = 'visa' | 'mastercard' | 'amex' | 'discover' | 'unknown';
export type CardField = 'cardNumber' | 'expiry' | 'cvc' | 'name';
export type CardFieldError = { code: string; message: string };
export type CardEntryInput = { cardNumber?: string | undefined; expiry?: string | undefined; cvc?: string | undefined; name?: string | undefined };
type CardEntry = { cardNumber: string; expiry: string; cvc: string; name: string; brand: CardBrand };
export type CardEntryCheck = { ok: true; card: CardEntry } | { ok: false; errors: Partial<Record<CardField, CardFieldError>> };

/** The digits of a card number as typed with spaces or dashes; anything else is left in (and refused later). */
export function cardNumberDigits(typed: string): string {
  return typed.replace(/[\s-]/g, '');
}

/** The brand by the number's first digits (enough of them to tell while the client is still typing). */
export function cardBrandOf(digits: string): CardBrand {
  if (/^4/.test(digits)) return 'visa';
  if (/^(5[1-5]|2(2[2-9]|[3-6]|7[01]|720))/.test(digits)) return 'mastercard';
  if (/^3[47]/.test(digits)) return 'amex';
  if (/^(6011|65|64[4-9]|622)/.test(digits)) return 'discover';
  return 'unknown';
}

/** The brand shown beside the number while it is typed; empty while the first digits cannot tell. */
export function typedBrandLabel(brand: CardBrand): string {
  if (brand === 'visa') return 'Visa';
  if (brand === 'mastercard') return 'Mastercard';
  if (brand === 'amex') return 'Amex';
  if (brand === 'discover') return 'Discover';
  return '';
}

/** The lengths a brand's numbers come in. */
export function cardNumberLengths(brand: CardBrand): number[] {
  if (brand === 'amex') return [15];
  if (brand === 'visa') return [13, 16, 19];
  if (brand === 'mastercard') return [16];
  if (brand === 'discover') return [16, 17, 18, 19];
  return [12, 13, 14, 15, 16, 17, 18, 19];
}

/** The security code's length: 4 digits on the front of an Amex, 3 on the back of the others. */
export function cvcLength(brand: CardBrand): number {
  return brand === 'amex' ? 4 : 3;
}

/** What the security code's hint says for a brand. */
export function cvcHint(brand: CardBrand): string {
  return brand === 'amex' ? '4 digits on the front' : '3 digits on the back';
}

/** The sentence over a form refused for its fields (each field says what is wrong next to it). */
export function fieldErrorsSentence(count: number): string {
  return count === 1 ? 'One field needs a fix: see below.' : `${count} fields need a fix: see below.`;
}

export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

/** The number as it is shown while typed: Amex 4-6-5, the others in fours; at most the brand's longest length. */
export function formatCardNumber(typed: string): string {
  const digits = typed.replace(/\D/g, '');
  const brand = cardBrandOf(digits);
  const kept = digits.slice(0, Math.max(...cardNumberLengths(brand)));
  if (brand === 'amex') return [kept.slice(0, 4), kept.slice(4, 10), kept.slice(10)].filter((part) => part.length > 0).join(' ');
  return (kept.match(/\d{1,4}/g) ?? []).join(' ');
}

/**
 * The expiry as it is shown while typed: "12/30" from "1230", "12/30" or "12 / 30"; a first digit of 2–9 is a
 * month on its own ("4" → "04/"). `deleting`: the client is erasing, so the slash is not put back after "12".
 */
export function formatExpiry(typed: string, deleting: boolean): string {
  const digits = typed.replace(/\D/g, '');
  const month = /^[2-9]/.test(digits) ? `0${digits.slice(0, 1)}` : digits.slice(0, 2);
  const rest = /^[2-9]/.test(digits) ? digits.slice(1, 3) : digits.slice(2, 4);
  if (rest.length > 0) return `${month}/${rest}`;
  return month.length === 2 && !deleting ? `${month}/` : month;
}

/** An expiry typed as "1230", "12/30", "12 / 30", "12-30" or "12/2030": its month and full year, or why not. */
export function parseExpiry(typed: string): { month: number; year: number } | CardFieldError {
  const compact = typed.replace(/\s/g, '');
  if (compact.length === 0) return { code: 'expiry_missing', message: 'Enter the expiry date.' };
  const match = /^(\d{1,2})[/-](\d{2}|\d{4})$/.exec(compact) ?? /^(\d{2})(\d{2}|\d{4})$/.exec(compact);
  if (!match) return { code: 'expiry_invalid', message: 'Enter the expiry as MM/YY, for example 12/30.' };
  const month = Number(match[1]);
  const year = match[2]!.length === 2 ? 2000 + Number(match[2]) : Number(match[2]);
  if (month < 1 || month > 12) return { code: 'expiry_invalid', message: 'The month of the expiry is 01 to 12.' };
  return { month, year };
}

/** Whether a card expiring in this month and year still works at `nowMs` (it does until its month ends). */
export function expiryNotPast(month: number, year: number, nowMs: number): boolean {
  const now = new Date(nowMs);
  return year > now.getUTCFullYear() || (year === now.getUTCFullYear() && month >= now.getUTCMonth() + 1);
}

export function checkCardNumber(typed: string): CardFieldError | undefined {
  const digits = cardNumberDigits(typed);
  if (digits.length === 0) return { code: 'card_number_missing', message: 'Enter the card number.' };
  if (!/^\d+$/.test(digits) || digits.length > 19) return { code: 'card_number_invalid', message: 'A card number has only digits, up to 19 of them.' };
  if (cardNumberLengths(cardBrandOf(digits)).indexOf(digits.length) < 0) {
    return { code: 'card_number_incomplete', message: 'That card number is incomplete. Check the number on the card.' };
  }
  if (!luhnValid(digits)) return { code: 'card_number_invalid', message: 'That card number is not valid. Check it for a typo.' };
  return undefined;
}

export function checkExpiry(typed: string, nowMs: number): CardFieldError | undefined {
  const parsed = parseExpiry(typed);
  if ('code' in parsed) return parsed;
  if (!expiryNotPast(parsed.month, parsed.year, nowMs)) return { code: 'expiry_past', message: 'That card has expired. Check the date or use another card.' };
  if (parsed.year > new Date(nowMs).getUTCFullYear() + 50) return { code: 'expiry_invalid', message: 'That expiry is too far ahead. Check the year.' };
  return undefined;
}

/** The security code, whose length depends on the brand of the number typed. */
export function checkCvc(typed: string, cardNumberTyped: string): CardFieldError | undefined {
  const cvc = typed.trim();
  const brand = cardBrandOf(cardNumberDigits(cardNumberTyped));
  if (cvc.length === 0) return { code: 'cvc_missing', message: 'Enter the security code.' };
  if (!/^\d+$/.test(cvc) || cvc.length !== cvcLength(brand)) {
    return brand === 'amex'
      ? { code: 'cvc_invalid', message: 'Enter the 4-digit code on the front of the card.' }
      : { code: 'cvc_invalid', message: 'Enter the 3-digit code on the back of the card.' };
  }
  return undefined;
}

export function checkName(typed: string): CardFieldError | undefined {
  const name = typed.trim();
  if (name.length === 0) return { code: 'name_missing', message: 'Enter the name on the card.' };
  if (name.length > 100) return { code: 'name_invalid', message: 'That name is too long: 100 characters at most.' };
  // eslint-disable-next-line no-control-regex -- refusing control characters (U+0000 to U+001F) is the point
  if (/[\u0000-\u001f<>]/.test(name)) return { code: 'name_invalid', message: 'Enter the name as it is on the card.' };
  return undefined;
}

/** Every field at once: the card to charge, or one error per field that is wrong. */
export function checkCardEntry(input: CardEntryInput, nowMs: number): CardEntryCheck {
  const typed = { cardNumber: input.cardNumber ?? '', expiry: input.expiry ?? '', cvc: input.cvc ?? '', name: input.name ?? '' };
  const errors: Partial<Record<CardField, CardFieldError>> = {};
  const numberError =
    typed.cardNumber.length > 40 ? { code: 'card_number_invalid', message: 'That card number is too long.' } : checkCardNumber(typed.cardNumber);
  if (numberError) errors.cardNumber = numberError;
  const expiryError = typed.expiry.length > 20 ? { code: 'expiry_invalid', message: 'Enter the expiry as MM/YY.' } : checkExpiry(typed.expiry, nowMs);
  if (expiryError) errors.expiry = expiryError;
  const cvcError = checkCvc(typed.cvc, typed.cardNumber);
  if (cvcError) errors.cvc = cvcError;
  const nameError = checkName(typed.name);
  if (nameError) errors.name = nameError;
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const expiry = parseExpiry(typed.expiry) as { month: number; year: number };
  const digits = cardNumberDigits(typed.cardNumber);
  return {
    ok: true,
    card: {
      cardNumber: digits,
      expiry: `${String(expiry.month).padStart(2, '0')}/${String(expiry.year % 100).padStart(2, '0')}`,
      cvc: typed.cvc.trim(),
      name: typed.name.trim(),
      brand: cardBrandOf(digits),
    },
  };
}
