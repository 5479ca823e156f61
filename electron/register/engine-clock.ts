import { performance } from 'node:perf_hooks';

/** Time as the engine sees it; tests pass their own so nothing waits for real time. */
export type EngineClock = {
  /** Wall clock, ms since epoch (the PC's clock: may be wrong or jump). */
  now(): number;
  /** Monotonic ms, only for measuring intervals. */
  monotonic(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
};

export const systemClock: EngineClock = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
  setTimeout: (fn, ms) => {
    const handle = setTimeout(fn, ms);
    // Timers must never keep a stopping process alive.
    handle.unref?.();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
