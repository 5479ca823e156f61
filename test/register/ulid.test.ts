import { describe, expect, it } from 'vitest';
import { IdSchema } from '../../shared/contract/primitives';
import { ulid } from '../../electron/register/ulid';

describe('ulid', () => {
  it('is 26 Crockford base32 characters, a valid contract id, and sorts by time', () => {
    const a = ulid(1_700_000_000_000);
    const b = ulid(1_700_000_000_001);
    expect(a).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(IdSchema.safeParse(a).success).toBe(true);
    expect(a < b).toBe(true);
  });

  it('does not repeat within a millisecond', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => ulid(42)));
    expect(ids.size).toBe(1000);
  });

  it('encodes the time in the first 10 characters', () => {
    expect(ulid(0).slice(0, 10)).toBe('0000000000');
    expect(ulid(31).slice(0, 10)).toBe('000000000Z');
    expect(ulid(32).slice(0, 10)).toBe('0000000010');
  });
});
