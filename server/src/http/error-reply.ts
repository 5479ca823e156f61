import type { FastifyError } from 'fastify';
import { AppError } from '@frontdesk/shared/contract/errors';

// Every failure answers DESIGN.md's envelope `{error: {code, message, details}}`: our own AppErrors as they are,
// fastify's own refusals (body too large, wrong content type, malformed JSON, schema validation, bad URLs)
// translated to the code and sentence the contract names, anything else an internal_error that says nothing.

const BODY_PARTS: Record<string, string> = { body: 'The request body', querystring: 'The query', headers: 'The request headers', params: 'The address' };

type Validation = { instancePath?: string; message?: string };

const pathOf = (issue: Validation) => (issue.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');

/** How a route names its body in refusals, and whether a path id that cannot exist is a 404 (not echoed back) or a 400. */
export type RefusalConfig = { subject?: string; badParams?: 'not_found' };

function validationError(error: FastifyError, { subject, badParams }: RefusalConfig): AppError {
  const context = error.validationContext ?? 'body';
  if (context === 'params' && badParams === 'not_found') return new AppError('not_found', 'That address is not valid.');
  const issues = (error.validation ?? []).map((issue: Validation) => ({ path: pathOf(issue), message: issue.message ?? 'is not valid' }));
  const first = issues[0];
  const what = context === 'body' && subject ? subject : (BODY_PARTS[context] ?? 'The request');
  const where = first && first.path ? ` (${first.path}: ${first.message})` : '';
  // details.field names the first bad field, as the domain's own invalid_request refusals do.
  const field = context === 'body' && first?.path ? { field: first.path } : {};
  return new AppError('invalid_request', `${what} is not valid${where}.`, { ...field, issues });
}

/** The AppError an error thrown while handling a request stands for. */
export function toAppError(error: unknown, config: RefusalConfig = {}): AppError {
  if (error instanceof AppError) return error;
  const fastifyError = error as Partial<FastifyError> | undefined;
  if (fastifyError?.validation) return validationError(fastifyError as FastifyError, config);
  switch (fastifyError?.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('payload_too_large', 'The request body is larger than this endpoint accepts.');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_TYPE':
      return new AppError('unsupported_media_type', 'Send the request body as JSON (Content-Type: application/json).');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('invalid_request', 'The request body is not valid JSON.');
    case 'FST_ERR_BAD_URL':
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new AppError('not_found', 'That address is not valid.');
  }
  return new AppError('internal_error', 'Something went wrong on the server. Please try again.');
}

/** A JSON answer's text with `serverTime` (ms) as its last key, as every object answer carries it (see the onSend hook). */
export function withServerTime(text: string, serverTime: number): string {
  const trimmed = text.trimEnd();
  if (!trimmed.startsWith('{') || !trimmed.endsWith('}')) return text;
  if (trimmed === '{}') return `{"serverTime":${serverTime}}`;
  return `${trimmed.slice(0, -1)},"serverTime":${serverTime}}`;
}
