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

/** "$12.50" for (1250, "USD"); the locale only shapes the text, the amount stays integral. */
export function formatMoney(cents: number, currency: string, locale = 'en-US'): string {
  const digits = new Intl.NumberFormat(locale, { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  const major = cents / 10 ** digits;
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(major);
}
