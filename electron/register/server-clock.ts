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
  /**
   * The server's time as far as the register can vouch for it without the PC's wall clock, or null. Decisions the
   * register takes alone (giving up on a link) use this, never now(): see trustedNow in createServerClock.
   */
  trustedNow(): number | null;
  hasOffset(): boolean;
};

/** A server time and the engine's monotonic reading at the same moment (remembered across restarts). */
export type ServerClockAnchor = { serverTime: number; monotonic: number };

export type ServerClockOptions = {
  /** serverTime − wall clock remembered from the last run, used until the first answer. */
  rememberedWallOffset?: number | null;
  /** The last measurement of an earlier run, for trustedNow() until the first answer. */
  rememberedAnchor?: ServerClockAnchor | null;
  /** Called after a measurement with the new serverTime − wall clock and its anchor (to remember them). */
  onMeasured?(wallOffset: number, anchor: ServerClockAnchor): void;
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
      const monotonic = clock.monotonic();
      options.onMeasured?.(Math.round(monotonic + base - clock.now()), { serverTime: Math.round(monotonic + base), monotonic });
    },
    now() {
      if (base === null) return clock.now() + (options.rememberedWallOffset ?? 0);
      return Math.round(clock.monotonic() + base);
    },
    trustedNow() {
      if (base !== null) return Math.round(clock.monotonic() + base);
      // Restarted, no answer yet: the remembered wall offset would follow a PC clock that jumped meanwhile, so it is
      // not trusted. What is: the remembered server time plus the monotonic time elapsed since, never less than 0.
      // That is a LOWER bound of the server's time for any monotonic clock that starts with the process (Node's
      // performance.now) or at boot (process.hrtime, systemClock): in the same process or boot it is exact; after a
      // restart or reboot the clock started again after the measurement, so (now − remembered) ≤ the real time
      // elapsed. A deadline judged by a lower bound can only be reached late, never early.
      const anchor = options.rememberedAnchor;
      if (!anchor) return null;
      return Math.round(anchor.serverTime + Math.max(0, clock.monotonic() - anchor.monotonic));
    },
    hasOffset: () => base !== null,
  };
}
