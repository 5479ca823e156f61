import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { WidgetSlugSchema } from '../../../shared/contract/http';
import { IdSchema } from '../../../shared/contract/primitives';
import type { AppContext } from '../app-context';
import { clients, locations, receipts, sales } from '../db/schema';
import type { RouteAnswer, Router } from '../http/router';
import { receiptMessagePage, receiptPage } from '../pages/receipt-html';

/** No script, no form: only our own style, by nonce. */
function csp(nonce: string): string {
  return ["default-src 'none'", `style-src 'nonce-${nonce}'`, "img-src 'self' data:", "form-action 'none'", "base-uri 'none'", "frame-ancestors 'none'"].join(
    '; ',
  );
}

/**
 * `GET /{widget}/r/{receiptId}`: a paid link's receipt, public (its random id is the key), counted in the same
 * per-address limit as the invoice page so ids cannot be tried in bulk. Unknown ids and a widget that is not the
 * receipt's studio both answer the same 404 page.
 */
export function addReceiptPageRoutes(router: Router, ctx: AppContext): void {
  const html = (status: number, render: (nonce: string) => string, extra: Record<string, string> = {}): RouteAnswer => {
    const nonce = randomBytes(16).toString('base64');
    return { status, page: render(nonce), contentType: 'text/html; charset=utf-8', headers: { 'content-security-policy': csp(nonce), ...extra } };
  };
  const notFound = () =>
    html(404, (n) =>
      receiptMessagePage(
        'Receipt not found',
        'We could not find this receipt. Check that the address is the whole link from your message, or contact the studio.',
        n,
      ),
    );

  router.add('GET', '/:widget/r/:id', async (request) => {
    const limited = await ctx.invoiceLimiter.hit(request.remoteAddress);
    if (!limited.ok) {
      return html(429, (n) => receiptMessagePage('Too many requests', `Please wait ${limited.retryAfterSeconds} seconds and try again.`, n), {
        'retry-after': String(limited.retryAfterSeconds),
      });
    }
    const id = IdSchema.safeParse(request.params.id);
    const widget = WidgetSlugSchema.safeParse(request.params.widget);
    if (!id.success || !widget.success) return notFound();
    const [found] = await ctx.db
      .select({ sale: sales, location: locations, clientName: clients.name })
      .from(receipts)
      .innerJoin(sales, eq(sales.id, receipts.saleId))
      .innerJoin(locations, eq(locations.id, receipts.locationId))
      .leftJoin(clients, eq(clients.id, sales.clientId))
      .where(and(eq(receipts.id, id.data), eq(locations.widget, widget.data)));
    if (!found) return notFound();
    const { sale, location } = found;
    const card = sale.payments.find((payment) => payment.cardLast4);
    return html(200, (n) =>
      receiptPage(
        {
          studio: { name: location.name, locale: location.locale, timeZone: location.timeZone },
          clientName: found.clientName,
          receiptNumber: sale.receiptNumber,
          lines: sale.lines,
          totalCents: sale.totalCents,
          currency: sale.currency,
          paidAtMs: sale.createdAt.getTime(),
          card: card?.cardLast4 ? { brand: card.cardBrand ?? null, last4: card.cardLast4 } : undefined,
        },
        n,
      ),
    );
  });
}
