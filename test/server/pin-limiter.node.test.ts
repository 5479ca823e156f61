import { describe, expect, it } from 'vitest';
import { createEnrollLimiter, createPinLimiter } from '../../server/src/auth/pin-limiter';
import { hashPin, verifyPin } from '../../server/src/auth/pin-hash';

describe('PIN limiter and PIN hashes', () => {
  it('locks a register after 5 failures within a minute, and unlocks as they age out', () => {
    let now = 1_000_000;
    const limiter = createPinLimiter(() => now);
    for (let i = 0; i < 4; i += 1) expect(limiter.reserve('r1').ok).toBe(true);
    expect(limiter.retryAfterMs('r1')).toBe(0);
    now += 30_000;
    expect(limiter.reserve('r1').ok).toBe(true);
    expect(limiter.retryAfterMs('r1')).toBe(30_000);
    expect(limiter.reserve('r1')).toEqual({ ok: false, retryAfterMs: 30_000 });
    expect(limiter.retryAfterMs('r2')).toBe(0);
    now += 30_001;
    expect(limiter.retryAfterMs('r1')).toBe(0);
  });

  it('counts an attempt when it is reserved, before its outcome is known, and releases only a right one', () => {
    const now = 1_000_000;
    const limiter = createPinLimiter(() => now);
    // Five attempts in flight at once: the sixth is refused although none has finished.
    const inFlight = Array.from({ length: 5 }, () => limiter.reserve('r1'));
    expect(inFlight.every((attempt) => attempt.ok)).toBe(true);
    expect(limiter.reserve('r1').ok).toBe(false);
    // One of them was the right PIN: its slot is free again (once, however often release is called).
    const right = inFlight[2]!;
    if (right.ok) {
      right.release();
      right.release();
    }
    expect(limiter.reserve('r1').ok).toBe(true);
    expect(limiter.reserve('r1').ok).toBe(false);
  });

  it('limits enrollment attempts per address to 10 a minute', () => {
    let now = 5_000_000;
    const limiter = createEnrollLimiter(() => now);
    for (let i = 0; i < 10; i += 1) expect(limiter.reserve('10.0.0.1').ok).toBe(true);
    expect(limiter.reserve('10.0.0.1').ok).toBe(false);
    expect(limiter.reserve('10.0.0.2').ok).toBe(true);
    now += 60_001;
    expect(limiter.reserve('10.0.0.1').ok).toBe(true);
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
