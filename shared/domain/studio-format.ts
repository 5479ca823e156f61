import { formatMoney } from './money';

// How a studio writes money, dates and times: in its own locale (en-US: "Fri, Nov 27, 6:30 PM", "$12.50"; en-GB:
// "Fri 27 Nov, 18:30", "£12.50") and on its own clock, wherever the reader's device is. Every side (register,
// server messages and pages) formats through these, so the desk and the client's phone read the same.

/** A studio's locale (BCP 47) and time zone (IANA): all a date or time needs. */
export type StudioClock = { locale: string; timeZone: string };

// ICU puts no-break spaces before AM/PM and inside dates: plain spaces keep texts searchable and SMS-safe.
const plainSpaces = (text: string) => text.replace(/[\u202f\u00a0]/g, ' ');

function format(epochMs: number, clock: StudioClock, options: Intl.DateTimeFormatOptions): string {
  return plainSpaces(new Intl.DateTimeFormat(clock.locale, { timeZone: clock.timeZone, ...options }).format(new Date(epochMs)));
}

/** "$12.50" for a US studio, "£12.50" for a UK one (the currency is the studio's; the locale only writes it). */
export function formatStudioMoney(cents: number, currency: string, locale: string): string {
  return plainSpaces(formatMoney(cents, currency, locale));
}

/**
 * The time of day as the studio's clock shows it: "6:30 PM" (en-US), "18:30" (en-GB). `casual` writes the day
 * period in lower case ("6:30 pm"), as people write it in a text message.
 */
export function formatStudioTime(epochMs: number, clock: StudioClock, style: 'plain' | 'casual' = 'plain'): string {
  const parts = new Intl.DateTimeFormat(clock.locale, { timeZone: clock.timeZone, hour: 'numeric', minute: '2-digit' }).formatToParts(new Date(epochMs));
  const text = parts.map((part) => (style === 'casual' && part.type === 'dayPeriod' ? part.value.toLowerCase() : part.value)).join('');
  return plainSpaces(text);
}

/** A short day: "Fri, Nov 27" (en-US), "Fri 27 Nov" (en-GB). */
export function formatStudioDay(epochMs: number, clock: StudioClock): string {
  return format(epochMs, clock, { weekday: 'short', month: 'short', day: 'numeric' });
}

/** When a class or appointment starts: "Fri, Nov 27, 6:30 PM" (en-US), "Fri 27 Nov, 18:30" (en-GB). */
export function formatStudioDayAndTime(epochMs: number, clock: StudioClock): string {
  return format(epochMs, clock, { weekday: 'short', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });
}

/** When something happened, with its year: "Nov 27, 2026, 6:30 PM" (en-US), "27 Nov 2026, 18:30" (en-GB). */
export function formatStudioDateTime(epochMs: number, clock: StudioClock): string {
  return format(epochMs, clock, { dateStyle: 'medium', timeStyle: 'short' });
}

/** A calendar date (YYYY-MM-DD, already the studio's): "Friday, November 27, 2026" / "Friday, 27 November 2026". */
export function formatLongDate(date: string, locale: string): string {
  return format(Date.parse(`${date}T12:00:00Z`), { locale, timeZone: 'UTC' }, { weekday: 'long', month: 'long', day: 'numeric', year: 'numeric' });
}

const CARD_BRANDS: Record<string, string> = {
  visa: 'Visa',
  mastercard: 'Mastercard',
  amex: 'American Express',
  discover: 'Discover',
  diners: 'Diners Club',
  jcb: 'JCB',
  unionpay: 'UnionPay',
};

/** "visa" → "Visa": processors name brands in lower case. */
export function cardBrandName(brand: string | null | undefined): string {
  if (!brand) return 'Card';
  return CARD_BRANDS[brand.toLowerCase()] ?? brand.charAt(0).toUpperCase() + brand.slice(1);
}

/** The card as a receipt shows it: "Visa •• 4242" (undefined when the last four digits are unknown). */
export function cardSummaryText(brand: string | null | undefined, last4: string | null | undefined): string | undefined {
  return last4 ? `${cardBrandName(brand)} •• ${last4}` : undefined;
}
