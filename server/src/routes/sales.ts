import type { PaymentMethod } from '../../../shared/contract/entities';
import { CreateSaleRequestSchema, SalesQuerySchema, type SalesTotals } from '../../../shared/contract/http';
import { dateInZone } from '../../../shared/domain/studio-time';
import type { AppContext } from '../app-context';
import { requireRegisterOrStaff, requireStaff } from '../auth/authenticate';
import { requestHash } from '../http/idempotency';
import type { Router } from '../http/router';
import { idempotencyKey, parseWith } from '../http/validate';
import { createSale } from '../sales/create-sale';
import { salesBetween } from '../sales/sale-view';
import { studioDayRange } from '../time/zoned-time';

export function addSaleRoutes(router: Router, ctx: AppContext): void {
  router.add('POST', '/api/v1/sales', async (request) => {
    const auth = await requireStaff(ctx, request, 'take_payment');
    const key = idempotencyKey(request);
    const body = parseWith(CreateSaleRequestSchema, await request.readBody(), 'The sale');
    const idempotency = { scope: `${auth.location.id}:POST /api/v1/sales`, key, requestHash: requestHash(body) };
    return createSale(ctx, { auth, request: body, idempotency });
  });

  // The day's sales (studio calendar day, by when the sale happened) and totals by payment method.
  router.add('GET', '/api/v1/sales', async (request) => {
    const { location } = await requireRegisterOrStaff(ctx, request);
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
