import { describe, expect, it } from 'vitest';
import { studioDayRange, studioTimeText, zonedTime } from '../../server/src/time/zoned-time';

describe('studio wall-clock times', () => {
  it('shows an instant as the studio clock shows it', () => {
    expect(studioTimeText(Date.parse('2026-11-27T14:00:00Z'), 'America/New_York')).toBe('Fri, Nov 27, 9:00 AM');
    expect(studioTimeText(Date.parse('2026-11-27T23:30:00Z'), 'America/New_York')).toBe('Fri, Nov 27, 6:30 PM');
    expect(studioTimeText(Date.parse('2026-07-03T02:15:00Z'), 'America/New_York')).toBe('Thu, Jul 2, 10:15 PM');
    expect(studioTimeText(Date.parse('2026-11-27T14:00:00Z'), 'Europe/Berlin')).toBe('Fri, Nov 27, 3:00 PM');
  });

  it('turns studio wall-clock times and days into instants', () => {
    expect(new Date(zonedTime('2026-11-27', 9, 0, 'America/New_York')).toISOString()).toBe('2026-11-27T14:00:00.000Z');
    const { start, end } = studioDayRange('2026-11-27', 'America/New_York');
    expect([start.toISOString(), end.toISOString()]).toEqual(['2026-11-27T05:00:00.000Z', '2026-11-28T05:00:00.000Z']);
  });
});
