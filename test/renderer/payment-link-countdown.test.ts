import { describe, expect, it } from 'vitest';
import { announcement, crossedMark, formatMmSs, isUrgent, remainingMs } from '../../renderer/src/features/payment-link/countdown';

describe('payment link countdown', () => {
  it('counts down from the snapshot by the monotonic time since it arrived', () => {
    expect(remainingMs(900_000, 1_000, 1_000)).toBe(900_000);
    expect(remainingMs(900_000, 1_000, 61_000)).toBe(840_000);
    expect(remainingMs(5_000, 0, 9_000)).toBe(0);
    // A clock that seems to go backwards never adds time.
    expect(remainingMs(5_000, 10_000, 9_000)).toBe(5_000);
  });

  it('shows MM:SS, rounding up so 00:00 means the time is really up', () => {
    expect(formatMmSs(900_000)).toBe('15:00');
    expect(formatMmSs(899_001)).toBe('15:00');
    expect(formatMmSs(899_000)).toBe('14:59');
    expect(formatMmSs(61_000)).toBe('01:01');
    expect(formatMmSs(1)).toBe('00:01');
    expect(formatMmSs(0)).toBe('00:00');
  });

  it('is urgent (red) in the last two minutes', () => {
    expect(isUrgent(120_001)).toBe(false);
    expect(isUrgent(120_000)).toBe(true);
    expect(isUrgent(0)).toBe(true);
  });

  it('announces 5, 2 and 1 minutes left once each, as they are crossed', () => {
    expect(crossedMark(300_200, 299_950)).toBe(5);
    expect(crossedMark(299_950, 299_700)).toBeNull();
    expect(crossedMark(120_100, 120_000)).toBe(2);
    expect(crossedMark(60_001, 59_999)).toBe(1);
    expect(crossedMark(900_000, 899_750)).toBeNull();
    // After a long pause (a sleeping PC) only the latest mark is said.
    expect(crossedMark(310_000, 100_000)).toBe(2);
    expect(announcement(5)).toBe('5 minutes left to pay the link.');
    expect(announcement(1)).toBe('1 minute left to pay the link.');
  });
});
