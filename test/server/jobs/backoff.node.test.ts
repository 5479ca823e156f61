import { describe, expect, it } from 'vitest';
import { nextRetryDelay } from '../../../server/src/jobs/backoff';

describe('nextRetryDelay: the one backoff policy of the server jobs', () => {
  it('waits firstMs after the first failure, doubling after each further one, never past maxMs', () => {
    const policy = { firstMs: 1_000, maxMs: 60_000 };
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((attempt) => nextRetryDelay(attempt, policy))).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000]);
    expect(nextRetryDelay(10_000, policy)).toBe(60_000);
  });

  it('takes another factor', () => {
    expect([1, 2, 3].map((attempt) => nextRetryDelay(attempt, { firstMs: 100, maxMs: 10_000, factor: 3 }))).toEqual([100, 300, 900]);
  });

  it('spreads the wait by ±jitter with the injected random source, and never calls it without jitter', () => {
    const policy = { firstMs: 1_000, maxMs: 1_000, jitter: 0.25 };
    expect(nextRetryDelay(1, policy, () => 0)).toBe(750);
    expect(nextRetryDelay(1, policy, () => 0.5)).toBe(1_000);
    expect(nextRetryDelay(1, policy, () => 0.999_999)).toBe(1_250);
    const never = () => {
      throw new Error('random called without jitter');
    };
    expect(nextRetryDelay(3, { firstMs: 10, maxMs: 100 }, never)).toBe(40);
  });

  it('refuses an attempt below 1 or not whole, and a policy out of range, with a clear error', () => {
    const policy = { firstMs: 1_000, maxMs: 60_000 };
    expect(() => nextRetryDelay(0, policy)).toThrow(/attempt must be a whole number from 1 \(got 0\)/);
    expect(() => nextRetryDelay(1.5, policy)).toThrow(RangeError);
    expect(() => nextRetryDelay(Number.NaN, policy)).toThrow(RangeError);
    expect(() => nextRetryDelay(1, { firstMs: 1_000, maxMs: 10 })).toThrow(/backoff policy out of range/);
    expect(() => nextRetryDelay(1, { firstMs: 1, maxMs: 10, jitter: 1 })).toThrow(/backoff policy out of range/);
    expect(() => nextRetryDelay(1, { firstMs: 1, maxMs: 10, factor: 0.5 })).toThrow(/backoff policy out of range/);
  });
});
