import { describe, expect, it } from 'vitest';
import type { PricedLine } from '../../shared/contract/entities';
import { hasQuantity, lineDetails } from '../../renderer/src/features/cart/line-details';

const base = { id: 'l1', itemId: 'i1', quantity: 1, unitCents: 4000, totalCents: 4000 } as const;
const zone = 'America/New_York';

describe('lineDetails', () => {
  it('names the day, time and seat of a reserved class spot in the studio time zone', () => {
    const line: PricedLine = {
      ...base,
      kind: 'class',
      name: 'Reformer Pilates',
      sessionId: 's1',
      seatId: 'r3',
      seatLabel: 'R3',
      startsAt: '2026-03-04T14:00:00.000Z',
    };
    expect(lineDetails(line, zone, '2026-03-04')).toBe('Today 9:00 AM · Seat R3');
    expect(lineDetails(line, zone, '2026-03-03')).toBe('Tomorrow 9:00 AM · Seat R3');
  });

  it('says when a membership starts and that it is charged then', () => {
    const line: PricedLine = { ...base, kind: 'membership', name: 'Unlimited Monthly', startsOn: '2026-03-10', chargeLater: true, totalCents: 0 };
    expect(lineDetails(line, zone, '2026-03-04')).toBe('Starts Tuesday, March 10, 2026 · Charged on start date');
  });

  it('gives quantities only to products and packages', () => {
    expect(hasQuantity({ ...base, kind: 'product', name: 'Grip Socks' })).toBe(true);
    expect(hasQuantity({ ...base, kind: 'package', name: '10-Class Pack' })).toBe(true);
    expect(hasQuantity({ ...base, kind: 'appointment', name: 'Private', slotId: 's' })).toBe(false);
  });
});
