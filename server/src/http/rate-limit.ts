import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../db/database';

type RateAnswer = { ok: true } | { ok: false; retryAfterSeconds: number };

/**
 * A fixed-window counter per key (client address): at most `max` hits per `windowMs` of the injected clock,
 * counted in the database (rate_windows) so every server node on it shares one count per address.
 */
export type RateLimiter = { hit: (key: string) => Promise<RateAnswer> };

export function createRateLimiter(db: Db, now: () => number, options: { scope?: string; max: number; windowMs: number }): RateLimiter {
  const scope = options.scope ?? 'invoice_page';
  let lastCleanupMs = -Infinity;
  const iso = (ms: number) => new Date(ms).toISOString();

  /** Addresses never seen again would keep their rows: once a window, the windows that ended go. */
  const cleanUp = async (nowMs: number) => {
    if (nowMs - lastCleanupMs < options.windowMs) return;
    lastCleanupMs = nowMs;
    await db.execute(sql`delete from rate_windows where scope = ${scope} and window_start <= ${iso(nowMs - options.windowMs)}::timestamptz`);
  };

  return {
    async hit(key) {
      const nowMs = now();
      await cleanUp(nowMs);
      const at = iso(nowMs);
      const ended = sql`rate_windows.window_start <= ${iso(nowMs - options.windowMs)}::timestamptz`;
      // One statement: the row lock of the upsert orders concurrent hits of one address, on any node.
      const [row] = rowsOf<{ window_start: string | Date; count: number }>(
        await db.execute(sql`insert into rate_windows (scope, key, window_start, count) values (${scope}, ${key}, ${at}::timestamptz, 1)
          on conflict (scope, key) do update set
            window_start = case when ${ended} then excluded.window_start else rate_windows.window_start end,
            count = case when ${ended} then 1 else rate_windows.count + 1 end
          returning window_start, count`),
      );
      if (Number(row!.count) <= options.max) return { ok: true };
      const windowEnd = new Date(row!.window_start).getTime() + options.windowMs;
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((windowEnd - nowMs) / 1000)) };
    },
  };
}
