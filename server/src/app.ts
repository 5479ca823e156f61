import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { AppError } from '../../shared/contract/errors';
import type { AppContext } from './app-context';
import { readJsonBody, readRawBody } from './http/json-body';
import { errorText, jsonWithServerTime, sendJsonText, sendPage, toAppError } from './http/respond';
import { createRouter, type Router } from './http/router';
import { addCatalogReadRoutes } from './routes/catalog-reads';
import { addClientRoutes } from './routes/clients';
import { addEventRoutes } from './routes/events';
import { addHealthRoutes } from './routes/health';
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
  addHealthRoutes(router);
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
 * mount it. Logs method, path, status and duration only: never bodies, queries or headers (PINs, tokens).
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
  let path = '/';
  let status: number;
  try {
    const url = new URL(req.url ?? '/', 'http://localhost');
    path = url.pathname;
    const match = router.match(method, path);
    if (!match) throw new AppError('not_found', `There is no ${method} ${path}.`);
    const params = Object.fromEntries(Object.entries(match.params).map(([name, value]) => [name, decodeParam(value)]));
    const answer = await match.handler({
      method,
      path,
      params,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      readBody: () => readJsonBody(req),
      readRawBody: (limit) => readRawBody(req, limit),
      remoteAddress: req.socket.remoteAddress ?? 'unknown',
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
    if (appError.code === 'internal_error') ctx.log(`error ${method} ${path}: ${(error as Error)?.stack ?? String(error)}`);
    // An oversized body is not read to its end: close the connection after answering.
    const headers: Record<string, string> = appError.code === 'payload_too_large' ? { connection: 'close' } : {};
    sendJsonText(res, status, errorText(appError, ctx.now()), headers);
  }
  // An invoice id is the client's key to pay: never written to logs.
  const shownPath = path
    .replace(/\/i\/[^/]+/, '/i/:id')
    .replace(/\/r\/[^/]+/, '/r/:id')
    .replace(/\/challenge\/[^/]+/, '/challenge/:attemptId')
    .replace(/\/payment-links\/[^/]+/, '/payment-links/:id');
  ctx.log(`${method} ${shownPath} ${status} ${Math.round(performance.now() - started)}ms`);
}

function decodeParam(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw new AppError('not_found', 'That address is not valid.');
  }
}
