import type { EngineClock } from '../../../electron/register/engine-clock';

/** A clock the test moves by hand: timers fire only when `advance` passes their time. */
export function createManualClock(start = Date.parse('2026-03-02T15:00:00.000Z')) {
  let now = start;
  let mono = 1_000;
  let nextId = 1;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const clock: EngineClock & { advance(ms: number): void; set(ms: number): void; pending(): number; nextDueAt(): number | null } = {
    now: () => now,
    monotonic: () => mono,
    setTimeout(fn, ms) {
      const id = nextId++;
      timers.set(id, { at: mono + Math.max(0, ms), fn });
      return id;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
    advance(ms) {
      const target = mono + ms;
      for (;;) {
        const due = [...timers.entries()].filter(([, t]) => t.at <= target).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        now += due[1].at - mono;
        mono = due[1].at;
        due[1].fn();
      }
      now += target - mono;
      mono = target;
    },
    /** Moves only the wall clock (a PC clock change); monotonic time does not jump. */
    set(ms) {
      now = ms;
    },
    pending: () => timers.size,
    /** Monotonic time of the next timer, or null. */
    nextDueAt: () => (timers.size === 0 ? null : Math.min(...[...timers.values()].map((t) => t.at))),
  };
  return clock;
}

/**
 * The manual clock for an engine doing real I/O (HTTP to a real server on loopback): after each timer that falls due,
 * `settle` waits for the work it started, so an action the engine takes a moment too late (or too early) happens at
 * a known point of the test, never while the test sleeps past it.
 */
export function createSettlingClock(settle: () => Promise<void>, start = Date.now()) {
  const clock = createManualClock(start);
  async function runUntil(end: number): Promise<void> {
    await settle();
    for (let at = clock.nextDueAt(); at !== null && at <= end; at = clock.nextDueAt()) {
      clock.advance(Math.max(0, at - clock.monotonic()));
      await settle();
    }
    clock.advance(Math.max(0, end - clock.monotonic()));
    await settle();
  }
  return {
    now: clock.now,
    monotonic: clock.monotonic,
    setTimeout: clock.setTimeout,
    clearTimeout: clock.clearTimeout,
    /** Moves wall and monotonic time forward by ms, running every timer due on the way at its time, settling after each. */
    advance: (ms: number) => runUntil(clock.monotonic() + ms),
    /**
     * Time passes while the engine sleeps (a PC suspended): both clocks move at once; each timer due by then fires once
     * and the work it starts (run after the move) sees the new time.
     */
    async jump(ms: number) {
      await settle();
      clock.advance(ms);
      await settle();
    },
    /** The PC's wall clock is set wrong: only now() moves. */
    shiftWall: (ms: number) => clock.set(clock.now() + ms),
  };
}

/** fetch that counts the requests in flight, so a test can wait until the engine's I/O has settled. */
export function trackedFetch(inner: typeof fetch = fetch) {
  let inFlight = 0;
  const idle: Array<() => void> = [];
  const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
  // Resolves when the last request in flight has answered (at once when none is): no polling of real time.
  const noneInFlight = () => (inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => idle.push(resolve)));
  const tracked: typeof fetch = async (input, init) => {
    inFlight++;
    try {
      return await inner(input, init);
    } finally {
      inFlight--;
      if (inFlight === 0) for (const resolve of idle.splice(0)) resolve();
    }
  };
  return {
    fetch: tracked,
    /** Resolves once no request is in flight and the work they started has had its turns (and started no other). */
    settle: async (): Promise<void> => {
      for (let quiet = 0; quiet < 5;) {
        await noneInFlight();
        await turn();
        quiet = inFlight === 0 ? quiet + 1 : 0;
      }
    },
  };
}
