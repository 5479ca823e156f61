import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { AppError } from '../../shared/contract/errors';
import type { AppContext } from './app-context';
import { clientAddress } from './http/client-address';
import { internalErrorLine, loggedRoute } from './http/error-log';
import { readJsonBody, readRawBody } from './http/json-body';
import { decodePathParam, plainQuery } from './http/request-input';
import { errorText, jsonWithServerTime, sendJsonText, sendPage, toAppError } from './http/respond';
import { createRouter, type Router } from './http/router';
import { addCatalogReadRoutes } from './routes/catalog-reads';
import { addClientRoutes } from './routes/clients';
import { addEventRoutes } from './routes/events';
import { addHealthRoutes } from './routes/health';
import { addMetricsRoutes } from './routes/metrics';
import { addRegisterRoutes } from './routes/registers';
import { addRosterRoutes } from './routes/roster';
import { addSaleRoutes } from './routes/sales';
import { addStaffSessionRoutes } from './routes/staff-sessions';
import { addDevOutboxRoutes } from './routes/dev-outbox';
import { addInvoicePageRoutes } from './routes/invoice-pages';
import { addPaymentLinkRoutes } from './routes/payment-links';
import { addReceiptPageRoutes } from './routes/receipt-pages';
import { addStripeWebhookRoutes } from './routes/stripe-webhook';

/** How the process serves: the address it listens on (the dev outbox is only shown on loopback, see dev-outbox.ts). */
export type AppOptions = { listenHost?: string };

/** Every route of the cloud API. */
function buildRouter(ctx: AppContext, options: AppOptions = {}): Router {
  const router = createRouter();
  addHealthRoutes(router, ctx);
  addMetricsRoutes(router, ctx);
  addRegisterRoutes(router, ctx);
  addStaffSessionRoutes(router, ctx);
  addCatalogReadRoutes(router, ctx);
  addClientRoutes(router, ctx);
  addSaleRoutes(router, ctx);
  addRosterRoutes(router, ctx);
  addEventRoutes(router, ctx);
  addPaymentLinkRoutes(router, ctx);
  addStripeWebhookRoutes(router, ctx);
  if (ctx.notify === 'outbox') addDevOutboxRoutes(router, ctx, options.listenHost ?? '127.0.0.1');
  addReceiptPageRoutes(router, ctx); // after the API, as the invoice page: `/:widget/r/:id` must not shadow it
  addInvoicePageRoutes(router, ctx); // last: its `/:widget/i/:id` patterns must not shadow the API
  return router;
}

/**
 * The request handler, built apart from the process that serves it (start.ts) so tests and other hosts can
 * mount it. Logs method, route pattern, status and duration only: never paths, bodies, queries or headers (ids, PINs,
 * tokens).
 */
export function createApp(ctx: AppContext, options: AppOptions = {}): RequestListener {
  const router = buildRouter(ctx, options);
  return (req, res) => {
    void handle(ctx, router, req, res);
  };
}

async function handle(ctx: AppContext, router: Router, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = performance.now();
  const method = req.method ?? 'GET';
  let pattern: string | undefined;
  let status: number;
  try {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    const match = router.match(method, path);
    if (!match) throw new AppError('not_found', `There is no ${method} ${path}.`);
    pattern = match.pattern;
    const params = Object.fromEntries(Object.entries(match.params).map(([name, value]) => [name, decodePathParam(value)]));
    const answer = await match.handler({
      method,
      path,
      params,
      query: plainQuery(url.searchParams),
      headers: req.headers,
      readBody: () => readJsonBody(req),
      readRawBody: (limit) => readRawBody(req, limit),
      remoteAddress: clientAddress(req.socket.remoteAddress, req.headers['x-forwarded-for'], ctx.trustProxyHops),
    });
    status = answer.status;
    if ('page' in answer) {
      sendPage(res, status, answer.page, answer.contentType, answer.headers);
    } else {
      const text = 'replayText' in answer ? answer.replayText : jsonWithServerTime(answer.body, ctx.now());
      sendJsonText(res, status, text);
    }
  } catch (error) {
    const appError = toAppError(error);
    status = appError.status;
    if (appError.code === 'internal_error') ctx.log(internalErrorLine(method, pattern, error));
    // An oversized body is not read to its end: close the connection after answering.
    const headers: Record<string, string> = appError.code === 'payload_too_large' ? { connection: 'close' } : {};
    sendJsonText(res, status, errorText(appError, ctx.now()), headers);
  }
  // An invoice id is the client's key to pay: logs show the route pattern, never the path.
  const elapsedMs = performance.now() - started;
  // Labelled by route pattern like the log: bounded, and no ids.
  ctx.metrics.observeRequest(method, loggedRoute(pattern), status, elapsedMs / 1000);
  ctx.log(`${method} ${loggedRoute(pattern)} ${status} ${Math.round(elapsedMs)}ms`);
}
