import { DEFAULT_STUDIO_LOCALE } from './studio-locale';

/** Money is integer minor units plus a currency. These helpers never see a float amount. */

export function assertCents(value: number, what = 'amount'): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${what} must be a non-negative integer number of cents, got ${value}`);
  }
  return value;
}

export function addCents(values: readonly number[]): number {
  return values.reduce((sum, v) => sum + assertCents(v), 0);
}

export function multiplyCents(unitCents: number, quantity: number): number {
  if (!Number.isSafeInteger(quantity) || quantity < 0) throw new RangeError(`quantity must be an integer, got ${quantity}`);
  return assertCents(unitCents) * quantity;
}

/** "$12.50" for (1250, "USD"); the locale (the studio's) only shapes the text, the amount stays integral. */
export function formatMoney(cents: number, currency: string, locale = DEFAULT_STUDIO_LOCALE): string {
  const digits = new Intl.NumberFormat(locale, { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  const major = cents / 10 ** digits;
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(major);
}

/**
 * The change handed back for a sale: what the client tendered in cash beyond what the cash paid. Undefined when no
 * cash payment recorded what was handed over (a card sale, or cash taken without counting the tender). A tender
 * below its amount is refused where sales are made; here, where receipts are drawn, it is simply not counted.
 */
export function cashChangeCents(payments: ReadonlyArray<{ method: string; amountCents: number; tenderedCents?: number | undefined }>): number | undefined {
  const counted = payments.filter((p) => p.method === 'cash' && p.tenderedCents !== undefined && p.tenderedCents >= p.amountCents);
  if (counted.length === 0) return undefined;
  return addCents(counted.map((p) => p.tenderedCents! - p.amountCents));
}
