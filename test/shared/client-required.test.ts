import { describe, expect, it } from 'vitest';
import type { CartLine } from '../../shared/contract/entities';
import { priceCart } from '../../shared/domain/cart-pricing';
import { judgeClearingClient, judgeWalkInLines, needsClient, walkInCannotBuy } from '../../shared/domain/client-required';
import { catalog, TODAY } from './catalog-fixture';

const line = (fields: Partial<CartLine> & { itemId: string }): CartLine => ({ id: `l-${fields.itemId}`, quantity: 1, ...fields });
const priced = (lines: CartLine[]) => {
  const result = priceCart(lines, catalog, TODAY);
  if (!result.ok) throw new Error(result.message);
  return result.lines;
};

describe('a walk-in cannot buy a package or a membership (client_required)', () => {
  it('names the kinds that need a client: package and membership only', () => {
    expect((['class', 'appointment', 'package', 'membership', 'product'] as const).filter(needsClient)).toEqual(['package', 'membership']);
  });

  it('says why, in a sentence naming the item, with its id', () => {
    expect(walkInCannotBuy({ itemId: 'pack', kind: 'package', name: '10-Class Pack' })).toEqual({
      code: 'client_required',
      message: 'A walk-in cannot buy 10-Class Pack: its class credits belong to a client. Choose a client first.',
      details: { itemId: 'pack' },
    });
    expect(walkInCannotBuy({ itemId: 'monthly', kind: 'membership', name: 'Unlimited Monthly' })?.message).toBe(
      'A walk-in cannot buy Unlimited Monthly: a membership belongs to a client. Choose a client first.',
    );
    expect(walkInCannotBuy({ itemId: 'socks', kind: 'product', name: 'Grip Socks' })).toBeNull();
  });

  it('judges a sale: a walk-in with a package or membership line is refused, a client or other lines are not', () => {
    const classAndSocks = priced([line({ itemId: 'vinyasa', sessionId: 'vin-1' }), line({ itemId: 'socks', quantity: 2 })]);
    const withPack = priced([line({ itemId: 'socks' }), line({ itemId: 'pack', quantity: 2 })]);
    const withMembership = priced([line({ itemId: 'monthly', startsOn: TODAY })]);
    expect(judgeWalkInLines(null, classAndSocks)).toBeNull();
    expect(judgeWalkInLines(null, [])).toBeNull();
    expect(judgeWalkInLines(null, withPack)).toMatchObject({ code: 'client_required', details: { itemId: 'pack' } });
    expect(judgeWalkInLines(null, withMembership)).toMatchObject({ code: 'client_required', details: { itemId: 'monthly' } });
    expect(judgeWalkInLines('maya', withPack)).toBeNull();
    expect(judgeWalkInLines('maya', withMembership)).toBeNull();
  });

  it('refuses making a cart with a package or membership a walk-in, and says what to remove', () => {
    const refusal = judgeClearingClient(priced([line({ itemId: 'socks' }), line({ itemId: 'monthly', startsOn: TODAY })]));
    expect(refusal).toEqual({
      code: 'client_required',
      message: 'Unlimited Monthly needs a client: a walk-in cannot buy a package or a membership. Remove it from the cart to sell to a walk-in.',
      details: { itemId: 'monthly' },
    });
    expect(judgeClearingClient(priced([line({ itemId: 'socks' })]))).toBeNull();
  });
});
