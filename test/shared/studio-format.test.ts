import { describe, expect, it } from 'vitest';
import { LocationSchema } from '../../shared/contract/entities';
import {
  cardSummaryText,
  formatLongDate,
  formatStudioDateTime,
  formatStudioDay,
  formatStudioDayAndTime,
  formatStudioMoney,
  formatStudioTime,
} from '../../shared/domain/studio-format';

const US = { locale: 'en-US', timeZone: 'America/New_York' };
const UK = { locale: 'en-GB', timeZone: 'Europe/London' };
const evening = Date.parse('2026-11-27T18:30:00Z'); // 1:30 pm in New York, 18:30 in London
const morning = Date.parse('2026-07-03T08:05:00Z'); // 4:05 am in New York, 09:05 BST in London

describe('a US studio', () => {
  it('writes dollars, month-day dates and 12-hour times', () => {
    expect(formatStudioMoney(123456, 'USD', 'en-US')).toBe('$1,234.56');
    expect(formatStudioMoney(0, 'USD', 'en-US')).toBe('$0.00');
    expect(formatStudioTime(evening, US)).toBe('1:30 PM');
    expect(formatStudioTime(evening, US, 'casual')).toBe('1:30 pm');
    expect(formatStudioDay(evening, US)).toBe('Fri, Nov 27');
    expect(formatStudioDayAndTime(evening, US)).toBe('Fri, Nov 27, 1:30 PM');
    expect(formatStudioDateTime(morning, US)).toBe('Jul 3, 2026, 4:05 AM');
    expect(formatLongDate('2026-03-04', 'en-US')).toBe('Wednesday, March 4, 2026');
  });
});

describe('a UK studio', () => {
  it('writes pounds, day-month dates and 24-hour times, on its own clock (summer time included)', () => {
    expect(formatStudioMoney(123456, 'GBP', 'en-GB')).toBe('£1,234.56');
    expect(formatStudioMoney(1250, 'EUR', 'en-GB')).toBe('€12.50');
    expect(formatStudioTime(evening, UK)).toBe('18:30');
    expect(formatStudioTime(evening, UK, 'casual')).toBe('18:30');
    expect(formatStudioDay(evening, UK)).toBe('Fri 27 Nov');
    expect(formatStudioDayAndTime(evening, UK)).toBe('Fri 27 Nov, 18:30');
    expect(formatStudioDateTime(morning, UK)).toBe('3 Jul 2026, 09:05');
    expect(formatLongDate('2026-03-04', 'en-GB')).toBe('Wednesday, 4 March 2026');
  });
});

describe('studio formats everywhere', () => {
  it('use plain spaces only (no no-break spaces from ICU), so texts stay GSM-7 and searchable', () => {
    for (const text of [formatStudioTime(evening, US), formatStudioDateTime(evening, US), formatStudioMoney(100, 'EUR', 'fr-FR')]) {
      expect(text).not.toMatch(/[\u00a0\u202f]/);
    }
  });

  it('name the card as a receipt shows it', () => {
    expect(cardSummaryText('visa', '4242')).toBe('Visa •• 4242');
    expect(cardSummaryText('amex', '0005')).toBe('American Express •• 0005');
    expect(cardSummaryText(null, '1111')).toBe('Card •• 1111');
    expect(cardSummaryText('visa', undefined)).toBeUndefined();
  });

  it("read an older server's location without locale or country as en-US and US, and refuse malformed ones", () => {
    const older = { id: 'loc', name: 'Studio', widget: 'studio', currency: 'USD', timeZone: 'America/New_York' };
    expect(LocationSchema.parse(older)).toMatchObject({ locale: 'en-US', country: 'US' });
    expect(LocationSchema.parse({ ...older, locale: 'en-GB', country: 'GB' })).toMatchObject({ locale: 'en-GB', country: 'GB' });
    expect(LocationSchema.safeParse({ ...older, locale: 'en_GB' }).success).toBe(false);
    expect(LocationSchema.safeParse({ ...older, country: 'gbr' }).success).toBe(false);
  });
});
