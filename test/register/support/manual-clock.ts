import type { EngineClock } from '../../../electron/register/engine-clock';

/** A clock the test moves by hand: timers fire only when `advance` passes their time. */
export function createManualClock(start = Date.parse('2026-03-02T15:00:00.000Z')) {
  let now = start;
  let mono = 1_000;
  let nextId = 1;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const clock: EngineClock & { advance(ms: number): void; set(ms: number): void; pending(): number } = {
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
  };
  return clock;
}
