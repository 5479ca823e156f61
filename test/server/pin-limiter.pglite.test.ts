import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnrollLimiter, createPinLimiter } from '../../server/src/auth/pin-limiter';
import { hashPin, verifyPin } from '../../server/src/auth/pin-hash';
import { openDatabase, type Database } from '../../server/src/db/database';
import { migrate } from '../../server/src/db/migrate';
import { createRateLimiter } from '../../server/src/http/rate-limit';

// The limiters count in the database (limiter_attempts, rate_windows), so every node on it counts the same
// guesses; here on PGlite with an injected clock. Several nodes on PostgreSQL: suites/shared-limits-suite.ts.

describe('PIN limiter, enrollment limiter, page rate limit and PIN hashes', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openDatabase({ pgliteDataDir: 'memory' });
    await migrate(database.db);
  });
  afterAll(() => database.close());

  it('locks a register after 5 failures within a minute, and unlocks as they age out', async () => {
    let now = 1_000_000;
    const limiter = createPinLimiter(database.db, () => now);
    for (let i = 0; i < 4; i += 1) expect((await limiter.reserve('r1')).ok).toBe(true);
    expect(await limiter.retryAfterMs('r1')).toBe(0);
    now += 30_000;
    expect((await limiter.reserve('r1')).ok).toBe(true);
    expect(await limiter.retryAfterMs('r1')).toBe(30_000);
    expect(await limiter.reserve('r1')).toEqual({ ok: false, retryAfterMs: 30_000 });
    expect(await limiter.retryAfterMs('r2')).toBe(0);
    now += 30_001;
    expect(await limiter.retryAfterMs('r1')).toBe(0);
  });

  it('counts an attempt when it is reserved, before its outcome is known, and releases only a right one', async () => {
    const now = 2_000_000;
    const limiter = createPinLimiter(database.db, () => now);
    // Five attempts in flight at once: the sixth is refused although none has finished.
    const inFlight = await Promise.all(Array.from({ length: 5 }, () => limiter.reserve('r3')));
    expect(inFlight.every((attempt) => attempt.ok)).toBe(true);
    expect((await limiter.reserve('r3')).ok).toBe(false);
    // One of them was the right PIN: its slot is free again (once, however often release is called).
    const right = inFlight[2]!;
    if (right.ok) {
      await right.release();
      await right.release();
    }
    expect((await limiter.reserve('r3')).ok).toBe(true);
    expect((await limiter.reserve('r3')).ok).toBe(false);
  });

  it('limits enrollment attempts per address to 10 a minute', async () => {
    let now = 5_000_000;
    const limiter = createEnrollLimiter(database.db, () => now);
    for (let i = 0; i < 10; i += 1) expect((await limiter.reserve('10.0.0.1')).ok).toBe(true);
    expect((await limiter.reserve('10.0.0.1')).ok).toBe(false);
    expect((await limiter.reserve('10.0.0.2')).ok).toBe(true);
    now += 60_001;
    expect((await limiter.reserve('10.0.0.1')).ok).toBe(true);
  });

  it('counts page requests per address in fixed windows and answers the seconds left', async () => {
    let now = 9_000_000;
    const limiter = createRateLimiter(database.db, () => now, { max: 2, windowMs: 60_000 });
    expect(await limiter.hit('10.0.0.9')).toEqual({ ok: true });
    now += 20_000;
    expect(await limiter.hit('10.0.0.9')).toEqual({ ok: true });
    expect(await limiter.hit('10.0.0.9')).toEqual({ ok: false, retryAfterSeconds: 40 });
    expect(await limiter.hit('10.0.0.8')).toEqual({ ok: true });
    now += 40_000; // the first window has ended: a new one starts with this hit
    expect(await limiter.hit('10.0.0.9')).toEqual({ ok: true });
  });

  it('salts every hash and verifies only the right PIN', async () => {
    const [a, b] = [await hashPin('2222'), await hashPin('2222')];
    expect(a).not.toBe(b);
    expect(a).not.toContain('2222');
    expect(await verifyPin('2222', a)).toBe(true);
    expect(await verifyPin('2223', a)).toBe(false);
    expect(await verifyPin('2222', 'garbage')).toBe(false);
  });
});
