import { formatStudioDayAndTime } from '@frontdesk/shared/domain/studio-format';
import { DEFAULT_STUDIO_LOCALE } from '@frontdesk/shared/domain/studio-locale';
import { wallClockInZone } from '@frontdesk/shared/domain/studio-time';

// Wall-clock times in the studio's time zone → instants, without a time zone library (Intl knows the offsets).

function offsetMs(epochMs: number, timeZone: string): number {
  const wall = wallClockInZone(epochMs, timeZone);
  const asUtc = Date.UTC(+wall.year, +wall.month - 1, +wall.day, +wall.hour, +wall.minute, +wall.second);
  return asUtc - Math.floor(epochMs / 1000) * 1000;
}

/** The instant when the studio's clock shows `date` (YYYY-MM-DD) at hour:minute. */
export function zonedTime(date: string, hour: number, minute: number, timeZone: string): number {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  const first = wall - offsetMs(wall, timeZone);
  // A second pass settles days when the offset changes (daylight saving).
  return wall - offsetMs(first, timeZone);
}

/** `date` plus `days` calendar days. */
export function addDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** The instants [start, end) of a studio calendar day. */
export function studioDayRange(date: string, timeZone: string): { start: Date; end: Date } {
  return { start: new Date(zonedTime(date, 0, 0, timeZone)), end: new Date(zonedTime(addDays(date, 1), 0, 0, timeZone)) };
}

/**
 * An instant as the studio's clock shows it, in its locale: "Fri, Nov 27, 9:00 AM" (en-US), "Fri 27 Nov, 09:00"
 * (en-GB). For clients, who are in the studio's zone.
 */
export function studioTimeText(epochMs: number, timeZone: string, locale = DEFAULT_STUDIO_LOCALE): string {
  return formatStudioDayAndTime(epochMs, { locale, timeZone });
}
