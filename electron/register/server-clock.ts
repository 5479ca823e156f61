import type { EngineClock } from './engine-clock';

/**
 * The server's clock as seen from here: every answer carries `serverTime`; the offset is measured against the
 * monotonic clock, so a wrong or jumping PC clock does not change countdowns (DESIGN.md section 6).
 */
export type ServerClock = {
  /** Record a server time observed in an answer received at monotonic `receivedAt`, sent at `sentAt`. */
  observe(serverTime: number, sentAt: number, receivedAt: number): void;
  /** Best estimate of the server's time now (the PC's wall clock until the first answer). */
  now(): number;
  hasOffset(): boolean;
};

export type ServerClockOptions = {
  /** serverTime − wall clock remembered from the last run, used until the first answer. */
  rememberedWallOffset?: number | null;
  /** Called after a measurement with the new serverTime − wall clock (to remember it). */
  onMeasured?(wallOffset: number): void;
};

export function createServerClock(clock: EngineClock, options: ServerClockOptions = {}): ServerClock {
  // serverNow = monotonic() + base, where base is measured from the most precise (shortest round trip) recent answer.
  let base: number | null = null;
  let bestRoundTrip = Infinity;
  let measuredAt = -Infinity;
  return {
    observe(serverTime, sentAt, receivedAt) {
      const roundTrip = Math.max(0, receivedAt - sentAt);
      // Prefer tighter round trips, but let a fresh measurement win after a minute (drift, server restarts).
      const stale = receivedAt - measuredAt > 60_000;
      if (base !== null && !stale && roundTrip > bestRoundTrip) return;
      base = serverTime + roundTrip / 2 - receivedAt;
      bestRoundTrip = roundTrip;
      measuredAt = receivedAt;
      options.onMeasured?.(Math.round(clock.monotonic() + base - clock.now()));
    },
    now() {
      if (base === null) return clock.now() + (options.rememberedWallOffset ?? 0);
      return Math.round(clock.monotonic() + base);
    },
    hasOffset: () => base !== null,
  };
}
