import { afterEach, describe, expect, it } from 'vitest';
import { dateTime, longDate, money, setStudioRegion, timeOfDay, whenLabel } from '../../renderer/src/app/format';
import { checkPhone, displayPhone } from '../../renderer/src/features/payment-link/contact';

// The register's screens write money, dates and phones the enrolled studio's way (set from each snapshot).

const at = '2026-11-27T18:30:00.000Z';

describe('register formats for a US and a UK studio', () => {
  afterEach(() => setStudioRegion({ locale: 'en-US', country: 'US' }));

  it('a US studio: dollars, 12-hour times, month-day dates, national US phones', () => {
    setStudioRegion({ locale: 'en-US', country: 'US' });
    expect(money(2500, 'USD')).toBe('$25.00');
    expect(timeOfDay(at, 'America/New_York')).toBe('1:30 PM');
    expect(whenLabel(at, 'America/New_York', '2026-11-25')).toBe('Fri, Nov 27 1:30 PM');
    expect(dateTime(at, 'America/New_York')).toBe('Nov 27, 2026, 1:30 PM');
    expect(longDate('2026-03-04')).toBe('Wednesday, March 4, 2026');
    expect(checkPhone('(212) 555-0123')).toEqual({ ok: true, value: '+12125550123' });
    expect(displayPhone('+12125550123')).toBe('(212) 555-0123');
    expect(displayPhone('+447700900123')).toBe('+44 7700 900123');
  });

  it('a UK studio: pounds, 24-hour times, day-month dates, phones read and shown as in the UK', () => {
    setStudioRegion({ locale: 'en-GB', country: 'GB' });
    expect(money(2500, 'GBP')).toBe('£25.00');
    expect(timeOfDay(at, 'Europe/London')).toBe('18:30');
    expect(whenLabel(at, 'Europe/London', '2026-11-25')).toBe('Fri 27 Nov 18:30');
    expect(whenLabel(at, 'Europe/London', '2026-11-27')).toBe('Today 18:30');
    expect(dateTime(at, 'Europe/London')).toBe('27 Nov 2026, 18:30');
    expect(longDate('2026-03-04')).toBe('Wednesday, 4 March 2026');
    // A national number typed at a UK desk is a UK number; +1 numbers still read as themselves.
    expect(checkPhone('07700 900123')).toEqual({ ok: true, value: '+447700900123' });
    expect(checkPhone('020 7946 0958')).toEqual({ ok: true, value: '+442079460958' });
    expect(checkPhone('+1 212 555 0123')).toEqual({ ok: true, value: '+12125550123' });
    expect(displayPhone('+447700900123')).toBe('07700 900123');
    expect(displayPhone('+12125550123')).toBe('+1 212 555 0123');
  });

  it('an unknown country reads phones as the default region rather than failing', () => {
    expect(checkPhone('(212) 555-0123', 'XX')).toEqual({ ok: true, value: '+12125550123' });
  });
});
