/** Calendar dates in the studio's own time zone, so "today" at the desk is the studio's today. */

type WallClock = { year: string; month: string; day: string; hour: string; minute: string; second: string };

/** The studio's wall clock at an instant, each part zero-padded ("2026", "03", "02", "09", "05", "00"). */
export function wallClockInZone(epochMs: number, timeZone: string): WallClock {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(epochMs));
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '00';
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
}

export function dateInZone(epochMs: number, timeZone: string): string {
  const wall = wallClockInZone(epochMs, timeZone);
  return `${wall.year}-${wall.month}-${wall.day}`;
}

/** Whether `isoTime` falls on `date` (YYYY-MM-DD) in the studio's time zone. */
export function isOnDate(isoTime: string, date: string, timeZone: string): boolean {
  return dateInZone(Date.parse(isoTime), timeZone) === date;
}
