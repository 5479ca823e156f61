import type { SalePayment } from '../../../../shared/contract/entities';
import { cashChangeCents } from '../../../../shared/domain/money';
import { cardSummaryText } from '../../../../shared/domain/studio-format';
import { money, PAYMENT_METHOD_LABEL } from '../../app/format';

// What a receipt says about how it was paid. Cash that was counted at the desk shows what was handed over and the
// change ("Cash tendered $50.00", "Change $18.00"), not only what the sale cost.

export type ReceiptPaymentLine = { label: string; amount: string };

function methodLabel(payment: SalePayment): string {
  const method = PAYMENT_METHOD_LABEL[payment.method] ?? payment.method;
  const card = cardSummaryText(payment.cardBrand, payment.cardLast4);
  return card ? `${method} · ${card}` : method;
}

/** One line per payment, then the change when the cash tendered is known. */
export function receiptPaymentLines(payments: readonly SalePayment[], currency: string): ReceiptPaymentLine[] {
  const lines = payments.map((payment) =>
    payment.method === 'cash' && payment.tenderedCents !== undefined
      ? { label: 'Cash tendered', amount: money(payment.tenderedCents, currency) }
      : { label: methodLabel(payment), amount: money(payment.amountCents, currency) },
  );
  const change = cashChangeCents(payments);
  return change === undefined ? lines : [...lines, { label: 'Change', amount: money(change, currency) }];
}
