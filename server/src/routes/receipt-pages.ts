import type { FastifyInstance, FastifyRequest } from 'fastify';
import { and, eq } from 'drizzle-orm';
import { WidgetSlugSchema } from '@frontdesk/shared/contract/http';
import { IdSchema } from '@frontdesk/shared/contract/primitives';
import type { AppContext } from '../app-context';
import { clients, locations, receipts, sales } from '../db/schema';
import { clientAddress } from '../http/client-address';
import { nonceSource, sendPage, type PageAnswer } from '../http/page-reply';
import { receiptMessagePage, receiptPage } from '../pages/receipt-html';

/** No script, no form: only our own style, by nonce. */
const RECEIPT_CSP = {
  useDefaults: false,
  directives: {
    'default-src': ["'none'"],
    'style-src': [nonceSource],
    'img-src': ["'self'", 'data:'],
    'form-action': ["'none'"],
    'base-uri': ["'none'"],
    'frame-ancestors': ["'none'"],
  },
};

/**
 * `GET /{widget}/r/{receiptId}`: a paid link's receipt, public (its random id is the key), counted in the same
 * per-address limit as the invoice page so ids cannot be tried in bulk. Unknown ids and a widget that is not the
 * receipt's studio both answer the same 404 page.
 */
export function addReceiptPageRoutes(app: FastifyInstance, ctx: AppContext): void {
  const html = (status: number, render: (nonce: string) => string, headers: Record<string, string> = {}): PageAnswer => ({ status, render, headers });
  const notFound = () =>
    html(404, (n) =>
      receiptMessagePage(
        'Receipt not found',
        'We could not find this receipt. Check that the address is the whole link from your message, or contact the studio.',
        n,
      ),
    );

  app.get('/:widget/r/:id', { helmet: { contentSecurityPolicy: RECEIPT_CSP } }, async (request, reply) => sendPage(reply, await receipt(request)));

  async function receipt(request: FastifyRequest): Promise<PageAnswer> {
    const params = request.params as Record<string, string>;
    const limited = await ctx.invoiceLimiter.hit(clientAddress(request));
    if (!limited.ok) {
      return html(429, (n) => receiptMessagePage('Too many requests', `Please wait ${limited.retryAfterSeconds} seconds and try again.`, n), {
        'retry-after': String(limited.retryAfterSeconds),
      });
    }
    const id = IdSchema.safeParse(params.id);
    const widget = WidgetSlugSchema.safeParse(params.widget);
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
  }
}
