/**
 * How long to wait before the next try of something that failed: `firstMs` after the first failure, times `factor`
 * (default 2) after each further one, at most `maxMs`; then spread by ±`jitter` (a fraction, default 0) so that
 * items or nodes that failed together do not all come back at the same moment.
 */
export type BackoffPolicy = { firstMs: number; maxMs: number; factor?: number; jitter?: number };

/**
 * The wait after the `attempt`-th failure in a row (1 = the first). Pure: `random` (0 ≤ r < 1) is the jitter's
 * source, injected so tests know the answer; without jitter it is never called.
 */
export function nextRetryDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  if (!Number.isInteger(attempt) || attempt < 1) throw new RangeError(`attempt must be a whole number from 1 (got ${attempt})`);
  const { firstMs, maxMs, factor = 2, jitter = 0 } = policy;
  if (!(firstMs >= 0 && maxMs >= firstMs && factor >= 1 && jitter >= 0 && jitter < 1)) {
    throw new RangeError(`backoff policy out of range: ${JSON.stringify(policy)}`);
  }
  // Past ~1,000 doublings the product is Infinity anyway; the cap keeps the exponent finite.
  const base = Math.min(maxMs, firstMs * factor ** Math.min(attempt - 1, 1_000));
  if (jitter === 0) return base;
  return Math.round(base * (1 - jitter + 2 * jitter * random()));
}
