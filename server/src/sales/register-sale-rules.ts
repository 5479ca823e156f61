import { AppError } from '@frontdesk/shared/contract/errors';
import type { CreateSaleRequest } from '@frontdesk/shared/contract/http';
import { addCents } from '@frontdesk/shared/domain/money';
import type { PriceCheck } from '../db/schema';

// What the server accepts of what a register says about its own sale. A cash sale may reach the server long
// after it was made (the register was offline): it is judged as of when it was made, within bounds.

/** A register's clock may run a little ahead of the server's. */
const MAX_SALE_AHEAD_MS = 5 * 60_000;
/** The oldest sale a register may still upload. */
const MAX_SALE_AGE_MS = 7 * 24 * 60 * 60_000;
/** A sale older than this that does not match today's prices was priced before a price change. */
const PRICE_CHANGE_GRACE_MS = 10 * 60_000;

/** When the sale happened: the register's `createdAt` if within bounds, else now. */
export function saleTimeOf(request: Pick<CreateSaleRequest, 'createdAt'>, nowMs: number): number {
  if (!request.createdAt) return nowMs;
  const soldAtMs = Date.parse(request.createdAt);
  if (soldAtMs > nowMs + MAX_SALE_AHEAD_MS) {
    throw new AppError('invalid_request', 'The sale is dated more than 5 minutes in the future: check the clock of this register.', {
      field: 'createdAt',
    });
  }
  if (soldAtMs < nowMs - MAX_SALE_AGE_MS) {
    throw new AppError('invalid_request', 'The sale is dated more than 7 days ago: it can no longer be uploaded; record it with the studio owner.', {
      field: 'createdAt',
    });
  }
  return soldAtMs;
}

/** A register numbers its own receipts `{register.number}-{n}`: it cannot use another register's numbers. */
export function assertReceiptOfRegister(receiptNumber: string | undefined, registerNumber: number): void {
  if (receiptNumber === undefined) return;
  if (!receiptNumber.startsWith(`${registerNumber}-`)) {
    throw new AppError('invalid_request', `Receipt numbers of this register start with "${registerNumber}-".`, {
      field: 'receiptNumber',
      expectedPrefix: `${registerNumber}-`,
    });
  }
}

/**
 * The total the sale is recorded at. Normally the catalog's (total_mismatch otherwise). Without a price history,
 * a sale made more than 10 minutes before it reached the server, whose items all still exist (priceCart checked
 * that) and whose payments add up to what the register showed, is accepted at the register's total and marked
 * `priceCheck: 'register'`: the cash was taken at the price of that moment.
 */
export function judgeSaleTotal(input: {
  cartTotalCents: number;
  catalogTotalCents: number;
  payments: CreateSaleRequest['payments'];
  soldAtMs: number;
  nowMs: number;
}): { totalCents: number; priceCheck: PriceCheck } {
  const paid = addCents(input.payments.map((p) => p.amountCents));
  if (input.cartTotalCents !== input.catalogTotalCents) {
    const madeBeforeAChange = input.nowMs - input.soldAtMs > PRICE_CHANGE_GRACE_MS;
    if (!madeBeforeAChange || paid !== input.cartTotalCents) {
      throw new AppError('total_mismatch', 'The cart total does not match the catalog prices.', { expectedCents: input.catalogTotalCents });
    }
    return { totalCents: input.cartTotalCents, priceCheck: 'register' };
  }
  if (paid !== input.catalogTotalCents) {
    throw new AppError('invalid_request', 'The payments must add up to the total.', { field: 'payments', expectedCents: input.catalogTotalCents });
  }
  return { totalCents: input.catalogTotalCents, priceCheck: 'catalog' };
}
