import { formatMoney } from '../../../shared/domain/money';
import { dateInZone } from '../../../shared/domain/studio-time';

// Display helpers for times in the studio's time zone (the register PC may be set to another one).

export function money(cents: number, currency: string): string {
  return formatMoney(cents, currency);
}

export function timeOfDay(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', minute: '2-digit' }).format(new Date(iso));
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** "Today", "Tomorrow" or "Wed, Mar 4", relative to the studio's today. */
function dayLabel(iso: string, timeZone: string, today: string): string {
  const date = dateInZone(Date.parse(iso), timeZone);
  if (date === today) return 'Today';
  if (date === addDays(today, 1)) return 'Tomorrow';
  return new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', month: 'short', day: 'numeric' }).format(new Date(iso));
}

export function whenLabel(iso: string, timeZone: string, today: string): string {
  const { day, time } = whenParts(iso, timeZone, today);
  return `${day} ${time}`;
}

/** The day and the time apart, so a screen can keep "9:00 AM" on one line however narrow its box. */
export function whenParts(iso: string, timeZone: string, today: string): { day: string; time: string } {
  return { day: dayLabel(iso, timeZone, today), time: timeOfDay(iso, timeZone) };
}

/** A YYYY-MM-DD date as "Wednesday, March 4, 2026". */
export function longDate(date: string): string {
  return new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', weekday: 'long', month: 'long', day: 'numeric', year: 'numeric' }).format(
    new Date(`${date}T12:00:00Z`),
  );
}

export function dateTime(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', { timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

const CARD_BRANDS: Record<string, string> = { visa: 'Visa', mastercard: 'Mastercard', amex: 'American Express', discover: 'Discover' };

/** "visa" → "Visa": processors name brands in lower case. */
export function cardBrandName(brand: string | undefined): string {
  if (!brand) return 'Card';
  return CARD_BRANDS[brand.toLowerCase()] ?? brand.charAt(0).toUpperCase() + brand.slice(1);
}

export const PAYMENT_METHOD_LABEL: Record<string, string> = {
  cash: 'Cash',
  external_card: 'Card (terminal)',
  payment_link: 'Payment link',
};
