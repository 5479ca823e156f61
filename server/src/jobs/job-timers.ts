/** The timers a background job arms; tests pass a manual clock so nothing waits for real time. */
export type JobTimers = {
  /** Monotonic ms: when an armed timer falls due, compared with the next wake-up asked for. */
  monotonic: () => number;
  setTimeout: (fn: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
};

export const systemTimers: JobTimers = {
  monotonic: () => performance.now(),
  setTimeout: (fn, ms) => {
    const handle = setTimeout(fn, ms);
    // A job's timer must never keep a stopping process alive.
    handle.unref?.();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Calls `fn` every `ms` until the answered function is called (a lease kept while a slow send is under way). */
export function repeatEvery(timers: JobTimers, ms: number, fn: () => void): () => void {
  let handle: unknown;
  let stopped = false;
  const arm = () => {
    handle = timers.setTimeout(() => {
      if (stopped) return;
      fn();
      arm();
    }, ms);
  };
  arm();
  return () => {
    stopped = true;
    timers.clearTimeout(handle);
  };
}
