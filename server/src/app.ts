import helmet from '@fastify/helmet';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { AppContext } from './app-context';
import { trustedHops } from './http/client-address';
import { addRequestHooks, onFrameworkError } from './http/request-hooks';
import { MAX_JSON_BODY_BYTES, parseJsonBody, parseQueryString } from './http/request-input';
import { requestId } from './log/logger';
import { addCatalogReadRoutes } from './routes/catalog-reads';
import { addClientRoutes } from './routes/clients';
import { addDevOutboxRoutes } from './routes/dev-outbox';
import { addEventRoutes } from './routes/events';
import { addHealthRoutes } from './routes/health';
import { addInvoicePageRoutes } from './routes/invoice-pages';
import { addMetricsRoutes } from './routes/metrics';
import { addPaymentLinkRoutes } from './routes/payment-links';
import { addReceiptPageRoutes } from './routes/receipt-pages';
import { addRegisterRoutes } from './routes/registers';
import { addRosterRoutes } from './routes/roster';
import { addSaleRoutes } from './routes/sales';
import { addStaffSessionRoutes } from './routes/staff-sessions';
import { addStripeWebhookRoutes } from './routes/stripe-webhook';

/** How the process serves: the address it listens on (the dev outbox is only shown on loopback, see dev-outbox.ts). */
export type AppOptions = { listenHost?: string };

/**
 * The cloud API and the client's pages as a fastify instance, built apart from the process that serves it
 * (start.ts listens and attaches Socket.IO to `app.server`), so tests can use `app.inject`. fastify's own request
 * logging is off: the onResponse hook logs method, route pattern, status and duration only, never paths, bodies,
 * queries or headers (ids, PINs, tokens).
 */
export async function buildApp(ctx: AppContext, options: AppOptions = {}): Promise<FastifyInstance> {
  const app: FastifyInstance = Fastify({
    loggerInstance: ctx.logger as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: requestId,
    // TRUST_PROXY: the number of proxies whose X-Forwarded-For entries are believed (request.ip), counted from the socket peer.
    trustProxy: trustedHops(ctx.trustProxyHops),
    bodyLimit: MAX_JSON_BODY_BYTES,
    // Longer than clients' idle keep-alive, so a client never reuses a connection the server is closing.
    keepAliveTimeout: 65_000,
    forceCloseConnections: true,
    // Ids are at most 64 characters; longer path segments still reach the handlers, which answer 404.
    routerOptions: { ignoreTrailingSlash: true, ignoreDuplicateSlashes: true, maxParamLength: 1024, querystringParser: parseQueryString },
    frameworkErrors: onFrameworkError,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  addRequestHooks(app, ctx);
  // The API takes JSON only (415 for anything else, fastify's text/plain parser included).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, text, done) => {
    try {
      done(null, parseJsonBody(text as string));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  // Security headers on every answer; pages add their Content-Security-Policy per route (by the answer's nonce).
  await app.register(helmet, {
    contentSecurityPolicy: false,
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });

  addHealthRoutes(app, ctx);
  addMetricsRoutes(app, ctx);
  addRegisterRoutes(app, ctx);
  addStaffSessionRoutes(app, ctx);
  addCatalogReadRoutes(app, ctx);
  addClientRoutes(app, ctx);
  addSaleRoutes(app, ctx);
  addRosterRoutes(app, ctx);
  addEventRoutes(app, ctx);
  addPaymentLinkRoutes(app, ctx);
  if (ctx.notify === 'outbox') addDevOutboxRoutes(app, ctx, options.listenHost ?? '127.0.0.1');
  addReceiptPageRoutes(app, ctx);
  // Each in its own context: its own body parsers.
  await app.register(async (webhooks) => addStripeWebhookRoutes(webhooks, ctx));
  await app.register(async (pages) => addInvoicePageRoutes(pages, ctx));
  return app;
}
