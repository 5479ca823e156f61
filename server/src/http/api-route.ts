import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { AppError } from '@frontdesk/shared/contract/errors';
import { IDEMPOTENCY_HEADER, IdempotencyKeySchema, type ApiRoute } from '@frontdesk/shared/contract/http';
import type { AppContext } from '../app-context';
import { requireRegister, requireRegisterOrStaff, requireStaff, type RegisterAuth, type StaffAuth } from '../auth/authenticate';
import type { RequestLog } from '../log/logger';
import { clientAddress } from './client-address';
import type { RefusalConfig } from './error-reply';
import type { StoredAnswer } from './idempotency';

// An API route registered from the route table (shared/contract/http.ts): its method, path and request schemas
// come from there (fastify validates them with zod before the handler runs); its `auth` is checked before
// validation, so a caller without the right token learns nothing about the shape of a valid request, then the
// Idempotency-Key of a state-changing route.

type AuthFor<R extends ApiRoute> = R['auth'] extends 'register'
  ? RegisterAuth
  : R['auth'] extends 'staff'
    ? StaffAuth
    : R['auth'] extends 'register_or_staff'
      ? RegisterAuth | StaffAuth
      : undefined;
type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

/** What a handler gets: the caller, the validated parts of the request, and the request's logger (its reqId). */
export type ApiCall<R extends ApiRoute> = {
  auth: AuthFor<R>;
  params: Parsed<R['request']['params']>;
  query: Parsed<R['request']['query']>;
  body: Parsed<R['request']['body']>;
  idempotencyKey: R['idempotent'] extends true ? string : undefined;
  remoteAddress: string;
  log: RequestLog;
};

/** An object answer (serialized by the route's response schema), or a stored JSON text replayed as it is. */
export type ApiAnswer = { status: number; body: Record<string, unknown> } | StoredAnswer;

type Authorize<R extends ApiRoute> = (request: FastifyRequest) => Promise<AuthFor<R>>;

export const JSON_TYPE = 'application/json; charset=utf-8';

function defaultAuthorize<R extends ApiRoute>(ctx: AppContext, route: R): Authorize<R> {
  return async (request) => {
    switch (route.auth) {
      case 'register':
        return (await requireRegister(ctx, request)) as AuthFor<R>;
      case 'staff':
        return (await requireStaff(ctx, request, route.permission)) as AuthFor<R>;
      case 'register_or_staff':
        return (await requireRegisterOrStaff(ctx, request)) as AuthFor<R>;
      default:
        return undefined as AuthFor<R>;
    }
  };
}

function idempotencyKeyOf(request: FastifyRequest): string {
  const raw = request.headers[IDEMPOTENCY_HEADER.toLowerCase()];
  if (raw === undefined) throw new AppError('idempotency_key_required', `This request needs an ${IDEMPOTENCY_HEADER} header.`);
  const parsed = IdempotencyKeySchema.safeParse(Array.isArray(raw) ? raw[0] : raw);
  if (!parsed.success) {
    throw new AppError('invalid_request', `The ${IDEMPOTENCY_HEADER} header is not valid (${parsed.error.issues[0]?.message ?? 'bad format'}).`, {
      issues: parsed.error.issues.map((issue) => ({ path: IDEMPOTENCY_HEADER, message: issue.message })),
    });
  }
  return parsed.data;
}

function sendApiAnswer(reply: FastifyReply, answer: ApiAnswer): FastifyReply {
  reply.code(answer.status).type(JSON_TYPE);
  return 'replayText' in answer ? reply.send(answer.replayText) : reply.send(answer.body);
}

export function addApiRoute<R extends ApiRoute>(
  app: FastifyInstance,
  ctx: AppContext,
  route: R,
  handler: (call: ApiCall<R>) => Promise<ApiAnswer>,
  options: { authorize?: Authorize<R>; badParams?: RefusalConfig['badParams'] } = {},
): void {
  const authorize = options.authorize ?? defaultAuthorize(ctx, route);
  const callers = new WeakMap<FastifyRequest, { auth: AuthFor<R>; idempotencyKey: string | undefined }>();
  const { body, params, query } = route.request;
  app.route({
    method: route.method,
    url: route.path,
    // serverTime is added to every answer by the onSend hook, after serialization.
    schema: {
      ...(body ? { body } : {}),
      ...(params ? { params } : {}),
      ...(query ? { querystring: query } : {}),
      response: { '2xx': route.response.omit({ serverTime: true } as never) },
    },
    config: { subject: route.subject, badParams: options.badParams } satisfies RefusalConfig,
    preValidation: async (request) => {
      const auth = await authorize(request);
      callers.set(request, { auth, idempotencyKey: route.idempotent ? idempotencyKeyOf(request) : undefined });
    },
    handler: async (request, reply) => {
      const caller = callers.get(request)!;
      const answer = await handler({
        auth: caller.auth,
        params: request.params as ApiCall<R>['params'],
        query: request.query as ApiCall<R>['query'],
        body: request.body as ApiCall<R>['body'],
        idempotencyKey: caller.idempotencyKey as ApiCall<R>['idempotencyKey'],
        remoteAddress: clientAddress(request),
        log: request.log,
      });
      return sendApiAnswer(reply, answer);
    },
  });
}
