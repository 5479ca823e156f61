import type { z } from 'zod';
import { AppError, ERROR_STATUS, ErrorBodySchema, type ErrorCode } from '../../shared/contract/errors';
import { IDEMPOTENCY_HEADER, pathFor, type ApiRoute, type RouteBody, type RouteParams, type RouteQuery } from '../../shared/contract/http';
import type { EngineClock } from './engine-clock';
import type { ServerClock } from './server-clock';

// The typed HTTP client of the cloud API. fetch is passed in (tests wrap it to lose answers); every answer's
// serverTime feeds the server clock; error bodies become AppErrors with the server's code and sentence.

export type ApiRequest = {
  method: 'GET' | 'POST' | 'PATCH';
  /** Full path from the server root, made by pathFor from the route table (an outbox row stores it). */
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  /** Bearer token: the register token or a staff token. */
  token?: string | null;
  idempotencyKey?: string;
  timeoutMs?: number;
};

export type RawAnswer = { status: number; json: unknown };

/** An error answer from the server (it was reached and it refused). */
export class ApiError extends AppError {
  readonly httpStatus: number;
  constructor(code: ErrorCode, message: string, httpStatus: number, details?: Record<string, unknown>) {
    super(code, message, details);
    this.name = 'ApiError';
    this.httpStatus = httpStatus;
  }
}

export function unreachable(reason: string): AppError {
  return new AppError('server_unreachable', `The server could not be reached (${reason}).`);
}

export type ApiClientOptions = {
  baseUrl: () => string | null;
  fetch: typeof fetch;
  clock: EngineClock;
  serverClock: ServerClock;
  /** Reached: the server answered (below 500, or a 5xx in its own error shape). Failed: network error, timeout, bare 5xx. */
  onReachability?: (result: { ok: true } | { ok: false; error: string }) => void;
  defaultTimeoutMs?: number;
};

/** What a call of a route of the table takes: its path params, query and body as the table types them. */
export type RouteCall<R extends ApiRoute> = (RouteParams<R> extends undefined ? { params?: undefined } : { params: RouteParams<R> }) & {
  /** Query values as the register has them (numbers too); the table's schema judges them on the server. */
  query?: { [K in keyof RouteQuery<R>]?: string | number };
  body?: RouteBody<R>;
  token?: string | null;
  idempotencyKey?: string;
  timeoutMs?: number;
};

export type ApiClient = {
  /** One request; throws `server_unreachable` when no answer came back. Never retries by itself. */
  send(request: ApiRequest): Promise<RawAnswer>;
  /** A route of the table: method and path from it, the answer checked by its response schema; an error answer throws ApiError. */
  request<R extends ApiRoute>(route: R, call: RouteCall<R>): Promise<z.infer<R['response']>>;
};

export function createApiClient(options: ApiClientOptions): ApiClient {
  const report = options.onReachability ?? (() => {});
  async function send(request: ApiRequest): Promise<RawAnswer> {
    const base = options.baseUrl();
    if (!base) throw new AppError('not_enrolled', 'This register is not enrolled with a server yet.');
    const url = new URL(request.path, base);
    for (const [key, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const headers: Record<string, string> = { accept: 'application/json' };
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    if (request.token) headers.authorization = `Bearer ${request.token}`;
    if (request.idempotencyKey) headers[IDEMPOTENCY_HEADER] = request.idempotencyKey;
    const sentAt = options.clock.monotonic();
    let response: Response;
    let text: string;
    try {
      response = await options.fetch(url, {
        method: request.method,
        headers,
        ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
        signal: AbortSignal.timeout(request.timeoutMs ?? options.defaultTimeoutMs ?? 10_000),
      });
      text = await response.text();
    } catch (error) {
      const reason = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
      report({ ok: false, error: reason });
      throw unreachable(reason);
    }
    const receivedAt = options.clock.monotonic();
    let json: unknown;
    try {
      json = text.length > 0 ? (JSON.parse(text) as unknown) : null;
    } catch {
      json = null;
    }
    if (json && typeof json === 'object' && 'serverTime' in json && typeof json.serverTime === 'number') {
      options.serverClock.observe(json.serverTime, sentAt, receivedAt);
    }
    // A 5xx in our own error shape comes from the server itself (say, its card processor is down): the server is
    // reachable, and one failing command must not flip the whole register offline. A bare 5xx (a proxy's 502/504)
    // means the server is not there.
    if (response.status >= 500 && !ErrorBodySchema.safeParse(json).success) {
      report({ ok: false, error: `server answered ${response.status}` });
    } else report({ ok: true });
    return { status: response.status, json };
  }

  async function request<R extends ApiRoute>(route: R, call: RouteCall<R>): Promise<z.infer<R['response']>> {
    const answer = await send(toApiRequest(route, call));
    if (answer.status < 200 || answer.status > 299) throw errorFromAnswer(answer);
    const parsed = route.response.safeParse(answer.json);
    if (!parsed.success) {
      throw new AppError('internal_error', `The server's answer to ${route.method} ${route.path} was not understood.`, {
        issues: parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`),
      });
    }
    return parsed.data as z.infer<R['response']>;
  }

  return { send, request };
}

/** The request a route of the table makes: its method, its path with the params encoded, and the call's parts. */
export function toApiRequest<R extends ApiRoute>(route: R, call: RouteCall<R>): ApiRequest {
  return {
    method: route.method,
    path: fillPath(route, call.params as Record<string, string> | undefined),
    query: call.query as ApiRequest['query'],
    body: call.body,
    token: call.token,
    idempotencyKey: call.idempotencyKey,
    timeoutMs: call.timeoutMs,
  };
}

/** pathFor without its per-route typing (RouteCall has checked the params already). */
const fillPath = pathFor as (route: ApiRoute, params?: Record<string, string>) => string;

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'invalid_request',
  401: 'unauthorized',
  403: 'permission_denied',
  404: 'not_found',
  413: 'payload_too_large',
  429: 'rate_limited',
};

/** Maps an error answer to an ApiError with the server's code (when it is one we know) and sentence. */
export function errorFromAnswer(answer: RawAnswer): ApiError {
  const body = ErrorBodySchema.safeParse(answer.json);
  if (body.success) {
    const code = body.data.error.code;
    const known = Object.prototype.hasOwnProperty.call(ERROR_STATUS, code) ? (code as ErrorCode) : null;
    return new ApiError(known ?? CODE_BY_STATUS[answer.status] ?? 'internal_error', body.data.error.message, answer.status, body.data.error.details);
  }
  const code = CODE_BY_STATUS[answer.status] ?? (answer.status >= 500 ? 'server_unreachable' : 'internal_error');
  return new ApiError(code, `The server answered with status ${answer.status}.`, answer.status);
}

/** Whether an answer settles a command for good: 2xx, or a 4xx refusal that a retry would not change. */
export function isFinalAnswer(status: number): boolean {
  if (status >= 200 && status < 300) return true;
  return status >= 400 && status < 500 && status !== 408 && status !== 429;
}
