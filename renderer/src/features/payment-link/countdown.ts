// The waiting panel's countdown. The engine measures `expiresInMs` with its server-corrected monotonic clock when
// it builds a snapshot; the renderer subtracts the time since that snapshot arrived, by performance.now().

const MINUTE_MS = 60_000;
/** The countdown turns red in the last two minutes. */
const URGENT_MS = 2 * MINUTE_MS;
/** Screen readers hear the time left as it passes these marks. */
const ANNOUNCE_AT_MINUTES = [5, 2, 1] as const;

export function remainingMs(expiresInMs: number, receivedAt: number, now: number): number {
  return Math.max(0, expiresInMs - Math.max(0, now - receivedAt));
}

/** "14:59": whole seconds rounded up, so 0:00 shows only when the time is really up. */
export function formatMmSs(ms: number): string {
  const seconds = Math.ceil(Math.max(0, ms) / 1000);
  const minutes = Math.floor(seconds / 60);
  return `${String(minutes).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;
}

export function isUrgent(ms: number): boolean {
  return ms <= URGENT_MS;
}

/** The mark crossed going from `before` to `after` (ms left), if any: 5, 2 or 1 minutes (the lowest, after a jump). */
export function crossedMark(before: number, after: number): number | null {
  for (const minutes of [...ANNOUNCE_AT_MINUTES].reverse()) {
    const mark = minutes * MINUTE_MS;
    if (before > mark && after <= mark) return minutes;
  }
  return null;
}

export function announcement(minutes: number): string {
  return `${minutes} ${minutes === 1 ? 'minute' : 'minutes'} left to pay the link.`;
}
