/** Calendar dates in the studio's own time zone, so "today" at the desk is the studio's today. */

export function dateInZone(epochMs: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date(epochMs));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** Whether `isoTime` falls on `date` (YYYY-MM-DD) in the studio's time zone. */
export function isOnDate(isoTime: string, date: string, timeZone: string): boolean {
  return dateInZone(Date.parse(isoTime), timeZone) === date;
}
