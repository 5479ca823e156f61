import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { PaymentMethod } from '@frontdesk/shared/contract/entities';
import { AppError } from '@frontdesk/shared/contract/errors';
import { routes, type SalesTotals } from '@frontdesk/shared/contract/http';
import { dateInZone } from '@frontdesk/shared/domain/studio-time';
import type { AppContext } from '../app-context';
import { requireStaffFor } from '../auth/authenticate';
import { addApiRoute } from '../http/api-route';
import { requestHash } from '../http/idempotency';
import { createSale } from '../sales/create-sale';
import { saleById, salesBetween } from '../sales/sale-view';
import { studioDayRange } from '../time/zoned-time';

export function addSaleRoutes(app: FastifyInstance, ctx: AppContext): void {
  addApiRoute(app, ctx, routes.createSale, async ({ auth, body, idempotencyKey, log }) => {
    const idempotency = { scope: `${auth.location.id}:POST /api/v1/sales`, key: idempotencyKey, requestHash: requestHash(body) };
    return createSale(ctx, { auth, request: body, idempotency, log });
  });

  // One sale by id, for any device of its location (an addition to DESIGN.md's table): a register whose link was
  // paid while the feed missed `sale.created` completes it from here, without the day's sales and totals.
  addApiRoute(app, ctx, routes.getSale, async ({ auth: { location }, params: { id } }) => {
    const found = await saleById(ctx.db, id);
    if (!found || found.row.locationId !== location.id) throw new AppError('not_found', 'There is no such sale.', { saleId: id });
    return { status: 200, body: { sale: found.sale } };
  });

  // The day's sales (studio calendar day, by when the sale happened) and totals by payment method: money figures,
  // so only staff whose role has view_sales may read them (a register token alone is not enough).
  const daySalesReader = (request: { headers: IncomingHttpHeaders }) => requireStaffFor(ctx, request, 'view_sales', "the day's sales");
  addApiRoute(
    app,
    ctx,
    routes.daySales,
    async ({ auth: { location }, query }) => {
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
    },
    { authorize: daySalesReader },
  );
}
