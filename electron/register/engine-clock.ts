/** Time as the engine sees it; tests pass their own so nothing waits for real time. */
export type EngineClock = {
  /** Wall clock, ms since epoch (the PC's clock: may be wrong or jump). */
  now: () => number;
  /**
   * Monotonic ms, for measuring intervals. Also compared with a reading remembered from an earlier run (server-clock
   * trustedNow), so it must never run ahead of real time since that reading: a clock that starts with the process
   * or at boot does that.
   */
  monotonic: () => number;
  setTimeout: (fn: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
};

export const systemClock: EngineClock = {
  now: () => Date.now(),
  // Since boot on Linux, Windows and macOS (libuv's hrtime), so it also measures time across a restart of the app.
  monotonic: () => Number(process.hrtime.bigint()) / 1e6,
  setTimeout: (fn, ms) => {
    const handle = setTimeout(fn, ms);
    // Timers must never keep a stopping process alive.
    handle.unref?.();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
