import { describe, expect, it } from 'vitest';
import type { CartLine } from '../../shared/contract/entities';
import { isDeferredSubscription, priceCart } from '../../shared/domain/cart-pricing';
import { catalog, TODAY } from './catalog-fixture';

const line = (fields: Partial<CartLine> & { itemId: string }): CartLine => ({ id: `l-${fields.itemId}`, quantity: 1, ...fields });

describe('priceCart', () => {
  it('prices products by quantity and places one at a time, in integer cents', () => {
    const result = priceCart(
      [line({ itemId: 'socks', quantity: 3 }), line({ itemId: 'reformer', sessionId: 'ref-1', seatId: 'R1' }), line({ itemId: 'private', slotId: 'slot-1' })],
      catalog,
      TODAY,
    );
    expect(result).toMatchObject({ ok: true, totalCents: 3 * 1400 + 4000 + 9000 });
    if (result.ok) {
      expect(result.lines[1]).toMatchObject({ seatLabel: 'R1', startsAt: '2026-11-27T18:00:00.000Z', unitCents: 4000 });
      expect(result.lines[2]).toMatchObject({ staffName: 'Olivia' });
    }
  });

  it('prices a charge-later membership at zero today and a membership starting today in full', () => {
    const later = priceCart([line({ itemId: 'monthly', startsOn: '2026-12-01', chargeLater: true })], catalog, TODAY);
    const now = priceCart([line({ itemId: 'monthly' })], catalog, TODAY);
    expect(later).toMatchObject({ ok: true, totalCents: 0 });
    expect(now).toMatchObject({ ok: true, totalCents: 15000 });
    if (now.ok) expect(now.lines[0]).toMatchObject({ startsOn: TODAY, chargeLater: false });
  });

  it.each<[string, CartLine[], string]>([
    ['unknown item', [line({ itemId: 'nope' })], 'invalid_request'],
    ['class without session', [line({ itemId: 'vinyasa' })], 'invalid_request'],
    ['class with unknown session', [line({ itemId: 'vinyasa', sessionId: 'x' })], 'invalid_request'],
    ['two spots on one line', [line({ itemId: 'vinyasa', sessionId: 'vin-1', quantity: 2 })], 'invalid_request'],
    ['reserved seating without seat', [line({ itemId: 'reformer', sessionId: 'ref-1' })], 'invalid_request'],
    ['unknown seat', [line({ itemId: 'reformer', sessionId: 'ref-1', seatId: 'R9' })], 'invalid_request'],
    ['seat on a class without seating', [line({ itemId: 'vinyasa', sessionId: 'vin-1', seatId: 'R1' })], 'invalid_request'],
    ['appointment without slot', [line({ itemId: 'private' })], 'invalid_request'],
    ['product with a session', [line({ itemId: 'socks', sessionId: 'vin-1' })], 'invalid_request'],
    ['membership in the past', [line({ itemId: 'monthly', startsOn: '2026-11-01' })], 'invalid_request'],
    ['charge later starting today', [line({ itemId: 'monthly', startsOn: TODAY, chargeLater: true })], 'invalid_request'],
    [
      'same seat twice',
      [line({ itemId: 'reformer', sessionId: 'ref-1', seatId: 'R1' }), { ...line({ itemId: 'reformer', sessionId: 'ref-1', seatId: 'R1' }), id: 'b' }],
      'seat_unavailable',
    ],
  ])('refuses %s', (_name, lines, code) => {
    expect(priceCart(lines, catalog, TODAY)).toMatchObject({ ok: false, code });
  });

  it('recognises a deferred subscription only for a future start charged later', () => {
    expect(isDeferredSubscription({ startsOn: '2026-12-01', chargeLater: true }, TODAY)).toBe(true);
    expect(isDeferredSubscription({ startsOn: '2026-12-01', chargeLater: false }, TODAY)).toBe(false);
    expect(isDeferredSubscription({ startsOn: TODAY, chargeLater: true }, TODAY)).toBe(false);
  });
});
