// "5 wrong PINs a minute per register, then 429". Kept in memory: it needs to survive nothing (a restart only
// forgets recent failures), and with several server processes each counts its own, which still bounds guessing.

export const MAX_BAD_PINS = 5;
export const BAD_PIN_WINDOW_MS = 60_000;

export type PinLimiter = {
  /** Milliseconds until the register may try again, or 0 when it may try now. */
  retryAfterMs(registerId: string): number;
  /** A right PIN does not clear the count: knowing one PIN must not buy more guesses at the others. */
  recordFailure(registerId: string): void;
};

export function createPinLimiter(now: () => number): PinLimiter {
  const failures = new Map<string, number[]>();
  const recent = (registerId: string): number[] => {
    const since = now() - BAD_PIN_WINDOW_MS;
    const list = (failures.get(registerId) ?? []).filter((at) => at > since);
    if (list.length === 0) failures.delete(registerId);
    else failures.set(registerId, list);
    return list;
  };
  return {
    retryAfterMs(registerId) {
      const list = recent(registerId);
      if (list.length < MAX_BAD_PINS) return 0;
      return Math.max(1, list[list.length - MAX_BAD_PINS]! + BAD_PIN_WINDOW_MS - now());
    },
    recordFailure(registerId) {
      failures.set(registerId, [...recent(registerId), now()]);
    },
  };
}
