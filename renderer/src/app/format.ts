import { DEFAULT_STUDIO_COUNTRY, DEFAULT_STUDIO_LOCALE } from '../../../shared/domain/studio-locale';
import { formatLongDate, formatStudioDateTime, formatStudioDay, formatStudioMoney, formatStudioTime } from '../../../shared/domain/studio-format';
import { dateInZone } from '../../../shared/domain/studio-time';

// Display helpers: money in the studio's locale, times in its time zone (the register PC may be set to another
// of each). A register serves one studio, so its locale and country are set once per snapshot (register-store)
// rather than passed to every screen; until enrollment they are the defaults.

type StudioRegion = { locale: string; country: string };
let region: StudioRegion = { locale: DEFAULT_STUDIO_LOCALE, country: DEFAULT_STUDIO_COUNTRY };

export function setStudioRegion(next: StudioRegion): void {
  region = { locale: next.locale, country: next.country };
}

/** The studio's country (ISO 3166 alpha-2): the region a phone number typed without + is read in. */
export function studioCountry(): string {
  return region.country;
}

export function money(cents: number, currency: string): string {
  return formatStudioMoney(cents, currency, region.locale);
}

export function timeOfDay(iso: string, timeZone: string): string {
  return formatStudioTime(Date.parse(iso), { locale: region.locale, timeZone });
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
  return formatStudioDay(Date.parse(iso), { locale: region.locale, timeZone });
}

export function whenLabel(iso: string, timeZone: string, today: string): string {
  const { day, time } = whenParts(iso, timeZone, today);
  return `${day} ${time}`;
}

/** The day and the time apart, so a screen can keep "9:00 AM" on one line however narrow its box. */
export function whenParts(iso: string, timeZone: string, today: string): { day: string; time: string } {
  return { day: dayLabel(iso, timeZone, today), time: timeOfDay(iso, timeZone) };
}

/** A YYYY-MM-DD date as "Wednesday, March 4, 2026" (en-US) or "Wednesday, 4 March 2026" (en-GB). */
export function longDate(date: string): string {
  return formatLongDate(date, region.locale);
}

export function dateTime(iso: string, timeZone: string): string {
  return formatStudioDateTime(Date.parse(iso), { locale: region.locale, timeZone });
}

export const PAYMENT_METHOD_LABEL: Record<string, string> = {
  cash: 'Cash',
  external_card: 'Card (terminal)',
  payment_link: 'Payment link',
};
