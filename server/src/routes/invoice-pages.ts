import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { and, eq, isNull } from 'drizzle-orm';
import { WidgetSlugSchema } from '@frontdesk/shared/contract/http';
import { IdSchema } from '@frontdesk/shared/contract/primitives';
import { checkCardEntry, type CardEntryInput } from '@frontdesk/shared/domain/card-entry';
import { isPayable } from '@frontdesk/shared/domain/link-lifecycle';
import type { AppContext } from '../app-context';
import { clients, locations, paymentLinks, sales } from '../db/schema';
import { clientAddress } from '../http/client-address';
import { nonceSource, sendPage, type PageAnswer } from '../http/page-reply';
import { appendLinkEvent } from '../links/link-events';
import type { LinkRow } from '../links/link-view';
import { typedCardValues } from '../pages/card-entry/card-form-html';
import { invoicePageCspDirectives } from '../pages/invoice-csp';
import { challengePage, closedPage, invoicePage, messagePage, type InvoiceFacts, type PaidFacts } from '../pages/invoice-html';
import { completeSandboxChallenge, paySandbox, type PayResult } from '../payments/sandbox-payment';
import { settleProcessorSuccess } from '../payments/settle-payment';

const FORM_LIMIT_BYTES = 4 * 1024;
type Found = { row: LinkRow; facts: InvoiceFacts; location: typeof locations.$inferSelect };
type RouteAnswer = PageAnswer;
/** What the page routes read of a request: the path's widget and ids, the client's address, the parsed form. */
type RouteRequest = { params: Record<string, string>; remoteAddress: string; body: unknown; log: FastifyRequest['log'] };

/** A form body the page does not take: larger than FORM_LIMIT_BYTES, of another type, or with a repeated field. */
class RefusedForm {
  [field: string]: unknown;
  constructor(readonly reason: 'too_large' | 'not_a_form') {}
}

/** @fastify/formbody's parser for the pay and challenge forms: small, and every field once. */
function parseForm(text: string): Record<string, string> | RefusedForm {
  if (Buffer.byteLength(text) > FORM_LIMIT_BYTES) return new RefusedForm('too_large');
  const form: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    if (key in form) return new RefusedForm('not_a_form');
    form[key] = value;
  }
  return form;
}

/**
 * The invoice pages, in their own context: they take urlencoded forms (any other body is answered by the page
 * itself, with what the client typed kept) and carry the invoice CSP of the payment mode, by the answer's nonce.
 */
export async function addInvoicePageRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.removeAllContentTypeParsers();
  await app.register(formbody, { parser: parseForm });
  app.addContentTypeParser('*', (_request, _payload, done) => done(null, new RefusedForm('not_a_form')));
  const helmet = { contentSecurityPolicy: { useDefaults: false, directives: invoicePageCspDirectives(ctx.processor.kind, nonceSource) } };
  const pageRequest = (request: FastifyRequest): RouteRequest => ({
    params: request.params as Record<string, string>,
    remoteAddress: clientAddress(request),
    body: request.body,
    log: request.log,
  });
  const stripe = ctx.processor.kind === 'stripe';
  // no-store (on every answer, see the onSend hook): a refused form comes back with what the client typed in it.
  const html = (status: number, render: (nonce: string) => string, headers: Record<string, string> = {}): RouteAnswer => ({ status, render, headers });
  const notFound = () => html(404, (n) => messagePage('Link not found', 'This payment link does not exist. Check the address in your message.', n));

  /**
   * Rate limit (per socket address: behind a proxy that is the proxy's; X-Forwarded-For is not trusted), then the
   * link of `/{widget}/i/{id}` (404 page when the pair does not match). `reread`: the server reading the link again
   * within a request it already counted, which is not another hit.
   */
  const find = async (request: RouteRequest, reread = false): Promise<Found | RouteAnswer> => {
    const limited = reread ? { ok: true as const } : await ctx.invoiceLimiter.hit(request.remoteAddress);
    if (!limited.ok) {
      return html(429, (n) => messagePage('Too many requests', `Please wait ${limited.retryAfterSeconds} seconds and try again.`, n), {
        'retry-after': String(limited.retryAfterSeconds),
      });
    }
    const id = IdSchema.safeParse(request.params.id);
    const widget = WidgetSlugSchema.safeParse(request.params.widget);
    if (!id.success || !widget.success) return notFound();
    const [found] = await ctx.db
      .select({ row: paymentLinks, location: locations, clientName: clients.name })
      .from(paymentLinks)
      .innerJoin(locations, eq(locations.id, paymentLinks.locationId))
      .innerJoin(clients, eq(clients.id, paymentLinks.clientId))
      .where(and(eq(paymentLinks.id, id.data), eq(locations.widget, widget.data)));
    if (!found) return notFound();
    const { row, location } = found;
    const facts: InvoiceFacts = {
      studioName: location.name,
      clientName: found.clientName,
      lines: row.lines,
      totalCents: row.totalCents,
      currency: row.currency,
      timeZone: location.timeZone,
      locale: location.locale,
      expiresAtMs: row.expiresAt.getTime(),
      nowMs: ctx.now(),
      baseUrl: `/${location.widget}/i/${row.id}`,
    };
    return { row, facts, location };
  };

  const closedAnswer = async (found: Found, status = 200): Promise<RouteAnswer> => {
    const { row } = found;
    const state = row.status === 'pending' ? 'expired' : row.status;
    let paid: PaidFacts = {};
    if (row.status === 'paid' && row.saleId) {
      const [sale] = await ctx.db.select().from(sales).where(eq(sales.id, row.saleId));
      const payment = sale?.payments[0];
      paid = {
        receiptNumber: sale?.receiptNumber,
        card: payment ? { brand: payment.cardBrand ?? null, last4: payment.cardLast4 ?? null } : undefined,
        paidAtMs: row.paidAt?.getTime(),
      };
    }
    return html(status, (n) => closedPage(found.facts, n, state, paid));
  };

  const reload = async (request: RouteRequest): Promise<Found | RouteAnswer> => find(request, true);

  /** The page after a payment step; `values` (what the client typed) go back into the form when it is shown again. */
  const answerFor = async (request: RouteRequest, found: Found, result: PayResult, values: CardEntryInput): Promise<RouteAnswer> => {
    switch (result.kind) {
      case 'paid':
        request.log.info({ locationId: found.row.locationId, totalCents: found.row.totalCents }, 'payment link paid on the invoice page');
        return { status: 303, render: () => '', contentType: 'text/plain', headers: { location: found.facts.baseUrl } };
      case 'challenge':
        return html(200, (n) => challengePage(found.facts, n, result.attemptId, values));
      case 'declined':
        return html(402, (n) => invoicePage(found.facts, n, { error: result.message, values }));
      case 'unknown_attempt':
        return html(409, (n) => invoicePage(found.facts, n, { error: 'That confirmation step is no longer open. Please pay again.', values }));
      case 'not_payable': {
        const fresh = await reload(request);
        return 'status' in fresh ? fresh : closedAnswer(fresh, 409);
      }
    }
  };

  app.get('/:widget/i/:id', { helmet }, async (request, reply) => sendPage(reply, await showInvoice(pageRequest(request))));
  app.post('/:widget/i/:id/pay', { helmet }, async (request, reply) => sendPage(reply, await pay(pageRequest(request))));
  app.post('/:widget/i/:id/challenge/:attemptId', { helmet }, async (request, reply) => sendPage(reply, await challenge(pageRequest(request))));

  async function showInvoice(request: RouteRequest): Promise<RouteAnswer> {
    const found = await find(request);
    if ('status' in found) return found;
    const { row } = found;
    if (row.status === 'pending' && row.openedAt === null) {
      const nowMs = ctx.now();
      const events = await ctx.db.transaction(async (tx) => {
        const [opened] = await tx
          .update(paymentLinks)
          .set({ openedAt: new Date(nowMs) })
          .where(and(eq(paymentLinks.id, row.id), isNull(paymentLinks.openedAt)))
          .returning();
        return opened ? [await appendLinkEvent(ctx, tx, opened, 'link.opened', nowMs)] : [];
      });
      ctx.events.publish(row.locationId, events);
    }
    if (!isPayable({ status: row.status, expiresAt: row.expiresAt.toISOString() }, ctx.now())) return closedAnswer(found);
    if (stripe && ctx.processor.ensureIntent) {
      const intent = await ctx.processor.ensureIntent(row);
      if (intent.closed) {
        // Canceled or expired while the intent was being made: that intent is canceled, nothing can be paid.
        const fresh = await reload(request);
        return 'status' in fresh ? fresh : closedAnswer(fresh);
      }
      if (intent.succeeded) {
        await settleProcessorSuccess(ctx, { linkId: row.id, intentId: intent.intentId, card: intent.succeeded, amountCents: row.totalCents });
        const fresh = await reload(request);
        return 'status' in fresh ? fresh : closedAnswer(fresh);
      }
      const returnUrl = `${ctx.publicUrl}${found.facts.baseUrl}`;
      return html(200, (n) =>
        invoicePage(found.facts, n, { stripe: { publishableKey: ctx.processor.publishableKey ?? '', clientSecret: intent.clientSecret, returnUrl } }),
      );
    }
    return html(200, (n) => invoicePage(found.facts, n));
  }

  async function pay(request: RouteRequest): Promise<RouteAnswer> {
    const found = await find(request);
    if ('status' in found) return found;
    if (stripe) return html(404, (n) => messagePage('Not available', 'Pay with the form on the invoice page.', n));
    const form = readForm(request);
    if (form === 'too_large') return html(413, (n) => invoicePage(found.facts, n, { error: 'That was too much to read. Please use the card form.' }));
    if (!form) return html(415, (n) => invoicePage(found.facts, n, { error: 'Please use the card form on this page.' }));
    if (!isPayable({ status: found.row.status, expiresAt: found.row.expiresAt.toISOString() }, ctx.now())) return closedAnswer(found, 409);
    // Every field is checked at once, by the same rules the page's script runs; each error goes next to its field.
    const values = typedCardValues(form);
    const checked = checkCardEntry(values, ctx.now());
    if (!checked.ok) return html(400, (n) => invoicePage(found.facts, n, { values, fieldErrors: checked.errors }));
    return answerFor(request, found, await paySandbox(ctx, found.row.id, checked.card), values);
  }

  async function challenge(request: RouteRequest): Promise<RouteAnswer> {
    const found = await find(request);
    if ('status' in found) return found;
    // The sandbox's own 3-D Secure step: with Stripe the Payment Element runs the real one.
    if (stripe) return html(404, (n) => messagePage('Not available', 'Pay with the form on the invoice page.', n));
    const form = readForm(request);
    const result = typeof form === 'object' ? form.result : undefined;
    const attemptId = IdSchema.safeParse(request.params.attemptId);
    if (typeof form !== 'object' || (result !== 'complete' && result !== 'fail') || !attemptId.success) {
      return html(400, (n) => messagePage('Not understood', 'Please use the buttons on the confirmation page.', n));
    }
    return answerFor(request, found, await completeSandboxChallenge(ctx, found.row.id, attemptId.data, result), typedCardValues(form));
  }
}

/** The parsed form: undefined when it is not one (wrong type, repeated fields), 'too_large' past FORM_LIMIT_BYTES. */
function readForm(request: RouteRequest): Record<string, string> | 'too_large' | undefined {
  const { body } = request;
  if (body instanceof RefusedForm) return body.reason === 'too_large' ? 'too_large' : undefined;
  return body && typeof body === 'object' ? (body as Record<string, string>) : undefined;
}
