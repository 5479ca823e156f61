import { randomBytes } from 'node:crypto';

// ULIDs (https://github.com/ulid/spec): 48-bit time + 80 random bits, Crockford base32, sortable by time.
// Register-made ids (carts, lines, sales, outbox commands) use them so they sort and never collide across registers.

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function ulid(nowMs: number = Date.now()): string {
  if (!Number.isSafeInteger(nowMs) || nowMs < 0) throw new RangeError(`ulid time must be a non-negative integer, got ${nowMs}`);
  let time = '';
  let t = nowMs;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32]! + time;
    t = Math.floor(t / 32);
  }
  const bytes = randomBytes(16);
  let random = '';
  for (let i = 0; i < 16; i++) random += ALPHABET[bytes[i]! % 32];
  return time + random;
}
