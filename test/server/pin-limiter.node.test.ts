import { describe, expect, it } from 'vitest';
import { createPinLimiter } from '../../server/src/auth/pin-limiter';
import { hashPin, verifyPin } from '../../server/src/auth/pin-hash';

describe('PIN limiter and PIN hashes', () => {
  it('locks a register after 5 failures within a minute, and unlocks as they age out', () => {
    let now = 1_000_000;
    const limiter = createPinLimiter(() => now);
    for (let i = 0; i < 4; i += 1) limiter.recordFailure('r1');
    expect(limiter.retryAfterMs('r1')).toBe(0);
    now += 30_000;
    limiter.recordFailure('r1');
    expect(limiter.retryAfterMs('r1')).toBe(30_000);
    expect(limiter.retryAfterMs('r2')).toBe(0);
    now += 30_001;
    expect(limiter.retryAfterMs('r1')).toBe(0);
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
