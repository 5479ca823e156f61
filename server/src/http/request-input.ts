import { AppError } from '@frontdesk/shared/contract/errors';

// Checks every request gets before any handler sees it: PostgreSQL refuses NUL in text (an error, not a miss) and
// no field of this API takes control characters, so path parameters, query parameters and JSON body strings that
// carry them are refused here as bad input instead of reaching SQL.

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;
const MAX_QUERY_PARAMETERS = 20;
const MAX_QUERY_VALUE_LENGTH = 1024;

const controlCharacter = (where: string, field?: string) =>
  new AppError('invalid_request', `${where} contains a control character.`, {
    ...(field ? { field } : {}),
    issues: [{ path: field ?? where, message: 'must not contain control characters' }],
  });

/** Path parameters (decoded by the router) with a control character are no address of ours. */
export function assertPlainParams(params: Record<string, string>): void {
  for (const value of Object.values(params)) {
    if (CONTROL_CHARACTERS.test(value)) throw new AppError('not_found', 'That address is not valid.');
  }
}

/** The query string as one value per name (the last wins): fastify's querystring parser (assertPlainQuery checks it first). */
export function parseQueryString(text: string): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(text));
}

/** Refuses a query string with too many parameters, control characters or over-long values. */
export function assertPlainQuery(text: string): void {
  const params = new URLSearchParams(text);
  let n = 0;
  for (const [name, value] of params) {
    n += 1;
    if (n > MAX_QUERY_PARAMETERS) throw new AppError('invalid_request', `A request takes at most ${MAX_QUERY_PARAMETERS} query parameters.`);
    if (CONTROL_CHARACTERS.test(name) || CONTROL_CHARACTERS.test(value)) throw controlCharacter('A query parameter');
    if (value.length > MAX_QUERY_VALUE_LENGTH) {
      throw new AppError('invalid_request', `The query parameter "${name.slice(0, 40)}" is too long.`, {
        issues: [{ path: name.slice(0, 40), message: 'too long' }],
      });
    }
  }
}

/** The largest JSON body of the API (the Stripe webhook and the page forms have their own). */
export const MAX_JSON_BODY_BYTES = 64 * 1024;

/** No body of this API nests deeper; a deeper one would only exhaust the stack of whatever walks it. */
const MAX_JSON_DEPTH = 32;

/** A JSON body: well-formed (400 otherwise), nested at most MAX_JSON_DEPTH deep, free of control characters; empty reads as undefined. */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text) as unknown;
  } catch {
    throw new AppError('invalid_request', 'The request body is not valid JSON.');
  }
  assertPlainJson(parsed);
  return parsed;
}

/** Refuses a parsed JSON body nested deeper than MAX_JSON_DEPTH or whose strings (values or keys) carry control characters. */
function assertPlainJson(value: unknown, path: string[] = []): void {
  if (path.length > MAX_JSON_DEPTH) throw new AppError('invalid_request', `The request body is nested deeper than ${MAX_JSON_DEPTH} levels.`);
  if (typeof value === 'string') {
    if (CONTROL_CHARACTERS.test(value))
      throw path.length > 0 ? controlCharacter(`The field ${path.join('.')}`, path.join('.')) : controlCharacter('The request body');
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => assertPlainJson(item, [...path, String(index)]));
    return;
  }
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      if (CONTROL_CHARACTERS.test(key)) throw controlCharacter('A field name');
      assertPlainJson(item, [...path, key]);
    }
  }
}
