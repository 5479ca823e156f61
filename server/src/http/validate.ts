import type { z } from 'zod';
import { AppError, invalidRequest } from '../../../shared/contract/errors';
import { IDEMPOTENCY_HEADER, IdempotencyKeySchema } from '../../../shared/contract/http';
import type { RouteRequest } from './router';

export function parseWith<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw invalidRequest(parsed.error, what);
  return parsed.data;
}

/** The Idempotency-Key header that every state-changing staff POST must carry. */
export function idempotencyKey(request: RouteRequest): string {
  const raw = request.headers[IDEMPOTENCY_HEADER.toLowerCase()];
  if (raw === undefined) {
    throw new AppError('idempotency_key_required', `This request needs an ${IDEMPOTENCY_HEADER} header.`);
  }
  return parseWith(IdempotencyKeySchema, Array.isArray(raw) ? raw[0] : raw, `The ${IDEMPOTENCY_HEADER} header`);
}
