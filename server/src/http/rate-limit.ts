/** A fixed-window counter per key (client address): at most `max` hits per `windowMs` of the injected clock. */
export type RateLimiter = { hit(key: string): { ok: true } | { ok: false; retryAfterSeconds: number } };

export function createRateLimiter(now: () => number, options: { max: number; windowMs: number }): RateLimiter {
  const windows = new Map<string, { start: number; count: number }>();
  return {
    hit(key) {
      const at = now();
      let window = windows.get(key);
      if (!window || at - window.start >= options.windowMs) {
        if (windows.size > 10_000) windows.clear(); // bounded memory under a flood of addresses
        window = { start: at, count: 0 };
        windows.set(key, window);
      }
      window.count += 1;
      if (window.count <= options.max) return { ok: true };
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((window.start + options.windowMs - at) / 1000)) };
    },
  };
}
