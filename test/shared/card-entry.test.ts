import { describe, expect, it } from 'vitest';
import {
  cardBrandOf,
  checkCardEntry,
  checkCardNumber,
  checkCvc,
  checkExpiry,
  checkName,
  cvcLength,
  formatCardNumber,
  formatExpiry,
  luhnValid,
  parseExpiry,
  typedBrandLabel,
} from '../../shared/domain/card-entry';

// The card form's rules, which the server's form handler and the invoice page's script both run.

const NOV_2026 = Date.parse('2026-11-27T15:00:00Z');
const TEST_CARDS = ['4242424242424242', '4000002760003184', '4000000000000002', '4000000000009995'];

describe('card number', () => {
  it('passes the sandbox test cards and real-shaped numbers of each brand by Luhn, and refuses one digit off', () => {
    for (const number of [...TEST_CARDS, '5555555555554444', '2223003122003222', '378282246310005', '6011111111111117']) {
      expect([number, luhnValid(number)]).toEqual([number, true]);
    }
    expect(luhnValid('4242424242424241')).toBe(false);
    expect(luhnValid('42424242a4242424')).toBe(false);
    expect(luhnValid('')).toBe(false);
  });

  it('tells the brand from the first digits, as they are typed', () => {
    expect(cardBrandOf('4')).toBe('visa');
    expect(cardBrandOf('51')).toBe('mastercard');
    expect(cardBrandOf('2223')).toBe('mastercard');
    expect(cardBrandOf('34')).toBe('amex');
    expect(cardBrandOf('37')).toBe('amex');
    expect(cardBrandOf('6011')).toBe('discover');
    expect(cardBrandOf('65')).toBe('discover');
    expect(cardBrandOf('3')).toBe('unknown');
    expect(cardBrandOf('')).toBe('unknown');
    expect(['visa', 'mastercard', 'amex', 'discover', 'unknown'].map((b) => typedBrandLabel(b as never))).toEqual([
      'Visa',
      'Mastercard',
      'Amex',
      'Discover',
      '',
    ]);
  });

  it('groups the number in fours as typed (Amex 4-6-5), dropping what is not a digit and what is too long', () => {
    expect(formatCardNumber('4242')).toBe('4242');
    expect(formatCardNumber('42424')).toBe('4242 4');
    expect(formatCardNumber('4242424242424242')).toBe('4242 4242 4242 4242');
    expect(formatCardNumber('4242-4242 4242x4242')).toBe('4242 4242 4242 4242');
    expect(formatCardNumber('378282246310005')).toBe('3782 822463 10005');
    expect(formatCardNumber('3782822463100059999')).toBe('3782 822463 10005');
    expect(formatCardNumber('42424242424242424242424')).toBe('4242 4242 4242 4242 424');
    expect(formatCardNumber('')).toBe('');
  });

  it('refuses a missing, non-numeric, incomplete or mistyped number with its own code and sentence', () => {
    expect(checkCardNumber('4242 4242 4242 4242')).toBeUndefined();
    expect(checkCardNumber('4242-4242-4242-4242')).toBeUndefined();
    expect(checkCardNumber('')?.code).toBe('card_number_missing');
    expect(checkCardNumber('   ')?.code).toBe('card_number_missing');
    expect(checkCardNumber('4242 4242 abcd 4242')?.code).toBe('card_number_invalid');
    expect(checkCardNumber('4242 4242 4242')?.code).toBe('card_number_incomplete');
    expect(checkCardNumber('3782 822463 1000')?.code).toBe('card_number_incomplete'); // an Amex is 15 digits
    expect(checkCardNumber('4242 4242 4242 4241')).toEqual({ code: 'card_number_invalid', message: 'That card number is not valid. Check it for a typo.' });
  });
});

describe('expiry', () => {
  it('reads 1230, 12/30, 12 / 30, 12-30, 1/30 and 12/2030 as December 2030', () => {
    for (const typed of ['1230', '12/30', '12 / 30', '12-30', ' 12/30 ', '12/2030', '122030']) {
      expect([typed, parseExpiry(typed)]).toEqual([typed, { month: 12, year: 2030 }]);
    }
    expect(parseExpiry('1/30')).toEqual({ month: 1, year: 2030 });
  });

  it('refuses what is not a month and year', () => {
    expect(parseExpiry('')).toMatchObject({ code: 'expiry_missing' });
    expect(parseExpiry('123')).toMatchObject({ code: 'expiry_invalid' });
    expect(parseExpiry('12/3')).toMatchObject({ code: 'expiry_invalid' });
    expect(parseExpiry('ab/cd')).toMatchObject({ code: 'expiry_invalid' });
    expect(parseExpiry('13/30')).toMatchObject({ code: 'expiry_invalid', message: 'The month of the expiry is 01 to 12.' });
    expect(parseExpiry('00/30')).toMatchObject({ code: 'expiry_invalid' });
  });

  it('takes a card until the end of its month, and refuses an earlier one or a year far off', () => {
    expect(checkExpiry('11/26', NOV_2026)).toBeUndefined();
    expect(checkExpiry('1126', NOV_2026)).toBeUndefined();
    expect(checkExpiry('10/26', NOV_2026)?.code).toBe('expiry_past');
    expect(checkExpiry('12/25', NOV_2026)?.code).toBe('expiry_past');
    expect(checkExpiry('12/2099', NOV_2026)?.code).toBe('expiry_invalid');
  });

  it('puts the slash in as the client types, a lone 2–9 as its own month, and not back in while erasing', () => {
    expect(formatExpiry('1', false)).toBe('1');
    expect(formatExpiry('12', false)).toBe('12/');
    expect(formatExpiry('12', true)).toBe('12');
    expect(formatExpiry('123', false)).toBe('12/3');
    expect(formatExpiry('1230', false)).toBe('12/30');
    expect(formatExpiry('12/30', false)).toBe('12/30');
    expect(formatExpiry('12 / 30', false)).toBe('12/30');
    expect(formatExpiry('123099', false)).toBe('12/30');
    expect(formatExpiry('4', false)).toBe('04/');
    expect(formatExpiry('430', false)).toBe('04/30');
    expect(formatExpiry('', false)).toBe('');
  });
});

describe('security code', () => {
  it('is 4 digits for Amex and 3 for the others', () => {
    expect(cvcLength('amex')).toBe(4);
    expect(cvcLength('visa')).toBe(3);
    expect(checkCvc('123', '4242 4242 4242 4242')).toBeUndefined();
    expect(checkCvc('1234', '4242 4242 4242 4242')).toMatchObject({ code: 'cvc_invalid', message: 'Enter the 3-digit code on the back of the card.' });
    expect(checkCvc('1234', '3782 822463 10005')).toBeUndefined();
    expect(checkCvc('123', '3782 822463 10005')).toMatchObject({ code: 'cvc_invalid', message: 'Enter the 4-digit code on the front of the card.' });
    expect(checkCvc('12a', '4242')).toMatchObject({ code: 'cvc_invalid' });
    expect(checkCvc('', '4242')).toMatchObject({ code: 'cvc_missing' });
  });
});

describe('name on card', () => {
  it('is needed, at most 100 characters, with no tags or control characters', () => {
    expect(checkName('Maya Chen')).toBeUndefined();
    expect(checkName('  ')?.code).toBe('name_missing');
    expect(checkName('x'.repeat(101))?.code).toBe('name_invalid');
    expect(checkName('<b>x</b>')?.code).toBe('name_invalid');
    expect(checkName('Maya\u0007')?.code).toBe('name_invalid');
  });
});

describe('the whole form', () => {
  it('answers the card to charge: digits only, expiry as MM/YY, trimmed', () => {
    expect(checkCardEntry({ cardNumber: '4242 4242 4242 4242', expiry: '1230', cvc: ' 123 ', name: ' Maya Chen ' }, NOV_2026)).toEqual({
      ok: true,
      card: { cardNumber: '4242424242424242', expiry: '12/30', cvc: '123', name: 'Maya Chen', brand: 'visa' },
    });
  });

  it('answers every wrong field at once, each with its code and sentence', () => {
    const checked = checkCardEntry({ cardNumber: '4242 4242 4242 4241', expiry: '13/30', cvc: '12', name: '' }, NOV_2026);
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(Object.fromEntries(Object.entries(checked.errors).map(([field, error]) => [field, error.code]))).toEqual({
      cardNumber: 'card_number_invalid',
      expiry: 'expiry_invalid',
      cvc: 'cvc_invalid',
      name: 'name_missing',
    });
    for (const error of Object.values(checked.errors)) expect(error.message).toMatch(/^[A-Z].*\.$/);
  });

  it('treats missing fields as empty and refuses an oversized one without reading it', () => {
    const checked = checkCardEntry({ cardNumber: '4'.repeat(41) }, NOV_2026);
    expect(checked.ok ? {} : Object.keys(checked.errors)).toEqual(['cardNumber', 'expiry', 'cvc', 'name']);
  });
});
