// "5 wrong PINs a minute per register, then 429" and "10 bad enrollment codes a minute per address, then 429".
// Kept in memory: it needs to survive nothing (a restart only forgets recent failures), and with several server
// processes each counts its own, which still bounds guessing.
//
// An attempt is reserved (counted as a failure) synchronously, before the request awaits anything, and released
// only when it turns out right: concurrent guesses cannot all pass the check before the first one is counted.

const MAX_BAD_PINS = 5;
const BAD_PIN_WINDOW_MS = 60_000;
const MAX_BAD_ENROLLMENTS = 10;

type AttemptReservation =
  { ok: true; /** The attempt was right (or not a guess at all): it no longer counts. */ release(): void } | { ok: false; retryAfterMs: number };

export type AttemptLimiter = {
  /** Counts an attempt now, or refuses it when `max` attempts are already counted in the window. */
  reserve(key: string): AttemptReservation;
  /** Milliseconds until `key` may try again, or 0 when it may try now. */
  retryAfterMs(key: string): number;
};
/** Per register id. A right PIN releases only its own attempt: knowing one PIN must not buy more guesses. */
export type PinLimiter = AttemptLimiter;

function createAttemptLimiter(now: () => number, options: { max: number; windowMs: number }): AttemptLimiter {
  const attempts = new Map<string, number[]>();
  const recent = (key: string): number[] => {
    const since = now() - options.windowMs;
    const list = (attempts.get(key) ?? []).filter((at) => at > since);
    if (list.length === 0) attempts.delete(key);
    else attempts.set(key, list);
    return list;
  };
  const retryAfterMs = (key: string): number => {
    const list = recent(key);
    if (list.length < options.max) return 0;
    return Math.max(1, list[list.length - options.max]! + options.windowMs - now());
  };
  return {
    retryAfterMs,
    reserve(key) {
      const waitMs = retryAfterMs(key);
      if (waitMs > 0) return { ok: false, retryAfterMs: waitMs };
      if (attempts.size > 10_000) {
        // Bounded memory under a flood of keys: forget the keys whose attempts have all aged out.
        for (const other of [...attempts.keys()]) recent(other);
      }
      const at = now();
      attempts.set(key, [...recent(key), at]);
      let released = false;
      return {
        ok: true,
        release() {
          if (released) return;
          released = true;
          const list = attempts.get(key);
          const index = list?.indexOf(at) ?? -1;
          if (index >= 0) list!.splice(index, 1);
        },
      };
    },
  };
}

export function createPinLimiter(now: () => number): PinLimiter {
  return createAttemptLimiter(now, { max: MAX_BAD_PINS, windowMs: BAD_PIN_WINDOW_MS });
}

export function createEnrollLimiter(now: () => number, options = { max: MAX_BAD_ENROLLMENTS, windowMs: 60_000 }): AttemptLimiter {
  return createAttemptLimiter(now, options);
}
