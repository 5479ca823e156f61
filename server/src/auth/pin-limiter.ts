import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../db/database';
import { newId } from './tokens';

// "5 wrong PINs a minute per register, then 429" and "10 bad enrollment codes a minute per address, then 429",
// counted in the database (limiter_attempts) so that every server node on it counts the same guesses.
//
// An attempt is reserved (counted as a failure) before its outcome is known, and released only when it turns out
// right. Reserving runs in one transaction under an advisory lock on its key, so concurrent guesses, on one node or
// several, are counted one after the other and cannot all pass the check before the first one is counted.

const MAX_BAD_PINS = 5;
const BAD_PIN_WINDOW_MS = 60_000;
const MAX_BAD_ENROLLMENTS = 10;
/** The class id of the two-key advisory locks taken per limiter key (the one-key lock space is the migrations'). */
const LIMITER_LOCK_CLASS = 7_714_002;

type AttemptReservation =
  | {
      ok: true;
      /** The attempt was right (or not a guess at all): it no longer counts. Never rejects; safe to call twice. */
      release: () => Promise<void>;
    }
  | { ok: false; retryAfterMs: number };

export type AttemptLimiter = {
  /** Counts an attempt now, or refuses it when `max` attempts are already counted in the window. */
  reserve: (key: string) => Promise<AttemptReservation>;
  /** Milliseconds until `key` may try again, or 0 when it may try now. */
  retryAfterMs: (key: string) => Promise<number>;
};
/** Per register id. A right PIN releases only its own attempt: knowing one PIN must not buy more guesses. */
export type PinLimiter = AttemptLimiter;

type LimiterOptions = { scope: string; max: number; windowMs: number; log?: (line: string) => void };

function createAttemptLimiter(db: Db, now: () => number, options: LimiterOptions): AttemptLimiter {
  const iso = (ms: number) => new Date(ms).toISOString();
  let lastCleanupMs = -Infinity;

  /** Attempts of `key` still in the window (oldest first), after deleting the ones that aged out. */
  const recent = async (q: Pick<Db, 'execute'>, key: string, nowMs: number): Promise<number[]> => {
    const since = iso(nowMs - options.windowMs);
    await q.execute(sql`delete from limiter_attempts where scope = ${options.scope} and key = ${key} and at <= ${since}::timestamptz`);
    const rows = rowsOf<{ at: string | Date }>(
      await q.execute(sql`select at from limiter_attempts where scope = ${options.scope} and key = ${key} order by at`),
    );
    return rows.map((row) => new Date(row.at).getTime());
  };
  const waitFor = (list: number[], nowMs: number) => (list.length < options.max ? 0 : Math.max(1, list[list.length - options.max]! + options.windowMs - nowMs));

  /** Keys never used again would keep their rows: once a window, every aged-out row of this scope goes. */
  const cleanUp = async (nowMs: number) => {
    if (nowMs - lastCleanupMs < options.windowMs) return;
    lastCleanupMs = nowMs;
    await db.execute(sql`delete from limiter_attempts where scope = ${options.scope} and at <= ${iso(nowMs - options.windowMs)}::timestamptz`);
  };

  return {
    retryAfterMs: async (key) => {
      const nowMs = now();
      return waitFor(await recent(db, key, nowMs), nowMs);
    },
    async reserve(key) {
      const nowMs = now();
      await cleanUp(nowMs);
      const id = newId('att');
      const answer = await db.transaction(async (tx): Promise<{ ok: true } | { ok: false; retryAfterMs: number }> => {
        await tx.execute(sql`select pg_advisory_xact_lock(${LIMITER_LOCK_CLASS}, hashtext(${`${options.scope}:${key}`}))`);
        const waitMs = waitFor(await recent(tx, key, nowMs), nowMs);
        if (waitMs > 0) return { ok: false, retryAfterMs: waitMs };
        await tx.execute(sql`insert into limiter_attempts (id, scope, key, at) values (${id}, ${options.scope}, ${key}, ${iso(nowMs)}::timestamptz)`);
        return { ok: true };
      });
      if (!answer.ok) return answer;
      let released: Promise<void> | undefined;
      return {
        ok: true,
        release: () =>
          (released ??= db.execute(sql`delete from limiter_attempts where id = ${id}`).then(
            () => {},
            (error: unknown) => options.log?.(`limiter ${options.scope}: an attempt could not be released: ${(error as Error).message}`),
          )),
      };
    },
  };
}

export function createPinLimiter(db: Db, now: () => number, log?: (line: string) => void): PinLimiter {
  return createAttemptLimiter(db, now, { scope: 'pin', max: MAX_BAD_PINS, windowMs: BAD_PIN_WINDOW_MS, log });
}

export function createEnrollLimiter(
  db: Db,
  now: () => number,
  options: { max: number; windowMs: number; log?: (line: string) => void } = { max: MAX_BAD_ENROLLMENTS, windowMs: 60_000 },
): AttemptLimiter {
  return createAttemptLimiter(db, now, { scope: 'enroll', ...options });
}
