import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '@frontdesk/shared/contract/errors';
import type { AppContext } from '../app-context';
import { REQUEST_ID_HEADER } from '../log/logger';
import { JSON_TYPE } from './api-route';
import { internalErrorLine, loggedRoute } from './error-log';
import { toAppError, withServerTime, type RefusalConfig } from './error-reply';
import { assignPageNonce } from './page-reply';
import { assertPlainParams, assertPlainQuery } from './request-input';

// What every request goes through, whatever its route: input checks before routing's handlers, one envelope for
// every failure, serverTime on every JSON object, and one log line and latency sample labelled by the route
// pattern (never the raw path or query: an invoice id is the client's key to pay).

/** The matched route's pattern (`/:widget/i/:id`), or undefined for an unmatched request. */
function routePattern(request: FastifyRequest): string | undefined {
  return request.is404 ? undefined : request.routeOptions?.url;
}

/** Answers a failure in the error envelope; an internal one is logged (route pattern and safe message only). */
function sendError(request: FastifyRequest, reply: FastifyReply, error: unknown): FastifyReply {
  const appError = toAppError(error, (request.routeOptions?.config ?? {}) as RefusalConfig);
  let answer = appError;
  if (appError.code === 'internal_error') {
    const pattern = routePattern(request);
    const name = error instanceof Error ? error.name : typeof error;
    request.log.error({ method: request.method, route: loggedRoute(pattern), errorName: name }, internalErrorLine(request.method, pattern, error));
  } else if (appError.code === 'payload_too_large' && !(error instanceof AppError)) {
    const limit = request.routeOptions?.bodyLimit ?? 0;
    answer = new AppError('payload_too_large', `The request body is larger than ${Math.round(limit / 1024)} KiB.`, { limitBytes: limit });
    // An oversized body is not read to its end: close the connection after answering.
    reply.header('connection', 'close');
  } else if (appError.code === 'unsupported_media_type' && !(error instanceof AppError)) {
    const contentType = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    answer = new AppError('unsupported_media_type', appError.message, { contentType: contentType || null });
  }
  return reply.code(answer.status).type(JSON_TYPE).send(JSON.stringify(answer.toBody()));
}

/** fastify's `frameworkErrors`: a URL the router cannot decode, or a path parameter too long to be ours. */
export function onFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  void sendError(request, reply, error);
}

export function addRequestHooks(app: FastifyInstance, ctx: AppContext): void {
  app.addHook('onRequest', async (request, reply) => {
    assignPageNonce(reply);
    const url = request.raw.url ?? '/';
    const queryAt = url.indexOf('?');
    if (queryAt >= 0) assertPlainQuery(url.slice(queryAt + 1));
    assertPlainParams((request.params ?? {}) as Record<string, string>);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('cache-control', 'no-store');
    reply.header(REQUEST_ID_HEADER, request.id);
    const type = String(reply.getHeader('content-type') ?? '');
    return typeof payload === 'string' && type.startsWith('application/json') ? withServerTime(payload, ctx.now()) : payload;
  });

  app.addHook('onResponse', async (request, reply) => {
    const route = loggedRoute(routePattern(request));
    const elapsedMs = reply.elapsedTime;
    ctx.metrics.observeRequest(request.method, route, reply.statusCode, elapsedMs / 1000);
    request.log.info(
      { method: request.method, route, status: reply.statusCode, ms: Math.round(elapsedMs) },
      `${request.method} ${route} ${reply.statusCode} ${Math.round(elapsedMs)}ms`,
    );
  });

  app.setErrorHandler((error, request, reply) => sendError(request, reply, error));
  app.setNotFoundHandler((request, reply) => {
    const path = (request.raw.url ?? '/').split('?')[0]!;
    return sendError(request, reply, new AppError('not_found', `There is no ${request.method} ${path.slice(0, 200)}.`));
  });
}
