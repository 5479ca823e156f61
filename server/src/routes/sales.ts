import type { PaymentMethod } from '../../../shared/contract/entities';
import { AppError } from '../../../shared/contract/errors';
import { IdSchema } from '../../../shared/contract/primitives';
import { CreateSaleRequestSchema, SalesQuerySchema, type SalesTotals } from '../../../shared/contract/http';
import { dateInZone } from '../../../shared/domain/studio-time';
import type { AppContext } from '../app-context';
import { requireRegisterOrStaff, requireStaff, requireStaffFor } from '../auth/authenticate';
import { requestHash } from '../http/idempotency';
import type { Router } from '../http/router';
import { idempotencyKey, parseWith } from '../http/validate';
import { createSale } from '../sales/create-sale';
import { saleById, salesBetween } from '../sales/sale-view';
import { studioDayRange } from '../time/zoned-time';

export function addSaleRoutes(router: Router, ctx: AppContext): void {
  router.add('POST', '/api/v1/sales', async (request) => {
    const auth = await requireStaff(ctx, request, 'take_payment');
    const key = idempotencyKey(request);
    const body = parseWith(CreateSaleRequestSchema, await request.readBody(), 'The sale');
    const idempotency = { scope: `${auth.location.id}:POST /api/v1/sales`, key, requestHash: requestHash(body) };
    return createSale(ctx, { auth, request: body, idempotency });
  });

  // One sale by id, for any device of its location (an addition to DESIGN.md's table): a register whose link was
  // paid while the feed missed `sale.created` completes it from here, without the day's sales and totals.
  router.add('GET', '/api/v1/sales/:id', async (request) => {
    const { location } = await requireRegisterOrStaff(ctx, request);
    const id = parseWith(IdSchema, request.params.id, 'The sale id');
    const found = await saleById(ctx.db, id);
    if (!found || found.row.locationId !== location.id) throw new AppError('not_found', 'There is no such sale.', { saleId: id });
    return { status: 200, body: { sale: found.sale } };
  });

  // The day's sales (studio calendar day, by when the sale happened) and totals by payment method: money figures,
  // so only staff whose role has view_sales may read them (a register token alone is not enough).
  router.add('GET', '/api/v1/sales', async (request) => {
    const { location } = await requireStaffFor(ctx, request, 'view_sales', "the day's sales");
    const query = parseWith(SalesQuerySchema, request.query, 'The sales query');
    const date = query.date ?? dateInZone(ctx.now(), location.timeZone);
    const { start, end } = studioDayRange(date, location.timeZone);
    const sales = await salesBetween(ctx.db, location.id, start, end);
    const byMethod: Partial<Record<PaymentMethod, number>> = {};
    for (const payment of sales.flatMap((sale) => sale.payments)) {
      byMethod[payment.method] = (byMethod[payment.method] ?? 0) + payment.amountCents;
    }
    const totals: SalesTotals = {
      byMethod,
      totalCents: sales.reduce((sum, sale) => sum + sale.totalCents, 0),
      count: sales.length,
    };
    return { status: 200, body: { date, sales, totals } };
  });
}
