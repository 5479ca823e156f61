import { describe, expect, it } from 'vitest';
import { parseCashInput, quickTenders } from '../../renderer/src/features/checkout/cash-amount';

describe('parseCashInput', () => {
  it.each([
    ['20', 2000],
    ['20.5', 2050],
    ['20.05', 2005],
    ['$1,250.00', 125000],
    [' 7 ', 700],
    ['0', 0],
  ])('reads %j as %i cents', (text, cents) => {
    expect(parseCashInput(text)).toBe(cents);
  });

  it.each(['', 'abc', '-5', '1.234', '1e3', '12..5', '99999999'])('refuses %j', (text) => {
    expect(parseCashInput(text)).toBeNull();
  });
});

describe('quickTenders', () => {
  it('offers the exact amount and the next round notes above it', () => {
    expect(quickTenders(5400)).toEqual([5400, 5500, 6000, 10000]);
  });

  it('does not repeat an amount that is already round', () => {
    expect(quickTenders(2000)).toEqual([2000, 5000, 10000]);
  });
});
