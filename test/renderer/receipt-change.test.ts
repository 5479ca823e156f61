import { describe, expect, it } from 'vitest';
import { cashChangeCents } from '../../shared/domain/money';
import { receiptPaymentLines } from '../../renderer/src/features/receipt/receipt-change';

describe('receiptPaymentLines: what the receipt says was handed over', () => {
  it('prints cash tendered and the change for counted cash', () => {
    expect(receiptPaymentLines([{ method: 'cash', amountCents: 3200, tenderedCents: 5000 }], 'USD')).toEqual([
      { label: 'Cash tendered', amount: '$50.00' },
      { label: 'Change', amount: '$18.00' },
    ]);
  });

  it('prints a change of nothing when the exact amount was handed over', () => {
    expect(receiptPaymentLines([{ method: 'cash', amountCents: 1400, tenderedCents: 1400 }], 'USD')).toEqual([
      { label: 'Cash tendered', amount: '$14.00' },
      { label: 'Change', amount: '$0.00' },
    ]);
  });

  it('prints the amount alone for cash whose tender was not recorded, and for cards', () => {
    expect(receiptPaymentLines([{ method: 'cash', amountCents: 3200 }], 'USD')).toEqual([{ label: 'Cash', amount: '$32.00' }]);
    expect(receiptPaymentLines([{ method: 'external_card', amountCents: 4400 }], 'USD')).toEqual([{ label: 'Card (terminal)', amount: '$44.00' }]);
    expect(receiptPaymentLines([{ method: 'payment_link', amountCents: 4000, cardBrand: 'visa', cardLast4: '4242' }], 'USD')).toEqual([
      { label: 'Payment link · Visa •• 4242', amount: '$40.00' },
    ]);
  });

  it('keeps a split sale in order, the change last', () => {
    const lines = receiptPaymentLines(
      [
        { method: 'cash', amountCents: 1000, tenderedCents: 2000 },
        { method: 'external_card', amountCents: 4400 },
      ],
      'USD',
    );
    expect(lines.map((l) => `${l.label} ${l.amount}`)).toEqual(['Cash tendered $20.00', 'Card (terminal) $44.00', 'Change $10.00']);
  });
});

describe('cashChangeCents', () => {
  it('is what was tendered beyond the cash paid, in integer cents; undefined when no tender was counted', () => {
    expect(cashChangeCents([{ method: 'cash', amountCents: 3200, tenderedCents: 5000 }])).toBe(1800);
    expect(cashChangeCents([{ method: 'cash', amountCents: 3200 }])).toBeUndefined();
    expect(cashChangeCents([{ method: 'external_card', amountCents: 3200 }])).toBeUndefined();
    expect(cashChangeCents([{ method: 'cash', amountCents: 3200, tenderedCents: 3000 }])).toBeUndefined();
  });
});
