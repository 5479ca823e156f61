import { describe, expect, it } from 'vitest';
import { isPayable, isTerminal } from '../../shared/domain/link-lifecycle';
import { addCents, assertCents, formatMoney, multiplyCents } from '../../shared/domain/money';
import { dateInZone, isOnDate } from '../../shared/domain/studio-time';

describe('money', () => {
  it('formats integer cents without float drift', () => {
    expect(formatMoney(1250, 'USD')).toBe('$12.50');
    expect(formatMoney(0, 'USD')).toBe('$0.00');
    expect(formatMoney(500, 'JPY')).toBe('¥500');
    expect(addCents([10, 20, 30])).toBe(60);
    expect(multiplyCents(1400, 3)).toBe(4200);
  });
  it('refuses floats and negatives', () => {
    expect(() => assertCents(12.5)).toThrow(RangeError);
    expect(() => assertCents(-1)).toThrow(RangeError);
    expect(() => multiplyCents(100, 1.5)).toThrow(RangeError);
  });
});

describe('studio time', () => {
  it('takes the calendar date in the studio time zone, not UTC', () => {
    const lateEveningInNewYork = Date.parse('2026-11-28T03:30:00Z'); // 22:30 on the 27th in New York
    expect(dateInZone(lateEveningInNewYork, 'America/New_York')).toBe('2026-11-27');
    expect(dateInZone(lateEveningInNewYork, 'UTC')).toBe('2026-11-28');
    expect(isOnDate('2026-11-28T03:30:00Z', '2026-11-27', 'America/New_York')).toBe(true);
  });
});

describe('link lifecycle', () => {
  it('counts paid, canceled and expired as terminal, pending not', () => {
    expect(isTerminal('pending')).toBe(false);
    for (const from of ['paid', 'canceled', 'expired'] as const) expect(isTerminal(from)).toBe(true);
  });
  it('is payable only while pending and strictly before expiresAt', () => {
    const link = { status: 'pending' as const, expiresAt: '2026-11-27T10:15:00.000Z' };
    const deadline = Date.parse(link.expiresAt);
    expect(isPayable(link, deadline - 1)).toBe(true);
    expect(isPayable(link, deadline)).toBe(false);
    expect(isPayable({ ...link, status: 'canceled' }, deadline - 1000)).toBe(false);
  });
});
