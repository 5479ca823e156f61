import type { IncomingMessage } from 'node:http';
import { AppError } from '../../../shared/contract/errors';
import { assertPlainJson } from './request-input';

const MAX_JSON_BODY_BYTES = 64 * 1024;

/**
 * Reads a JSON request body: `application/json` only (415 otherwise), at most MAX_JSON_BODY_BYTES (413, checked on
 * Content-Length and while streaming), well-formed, at most 32 levels deep and free of control characters in its strings (400). An empty
 * body reads as `undefined`.
 */
export async function readJsonBody(req: IncomingMessage, limit = MAX_JSON_BODY_BYTES): Promise<unknown> {
  const contentType = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  const declaredLength = Number(req.headers['content-length'] ?? NaN);
  if (declaredLength > limit) throw tooLarge(limit);
  const hasBody = declaredLength > 0 || req.headers['transfer-encoding'] !== undefined;
  if ((hasBody || contentType) && contentType !== 'application/json') {
    throw new AppError('unsupported_media_type', 'Send the request body as JSON (Content-Type: application/json).', {
      contentType: contentType || null,
    });
  }
  const text = (await readRawBody(req, limit)).toString('utf8');
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

function tooLarge(limit: number): AppError {
  return new AppError('payload_too_large', `The request body is larger than ${limit / 1024} KiB.`, { limitBytes: limit });
}

/** The raw request body (any type), at most `limit` bytes. */
export async function readRawBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declaredLength = Number(req.headers['content-length'] ?? NaN);
  if (declaredLength > limit) throw tooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) throw tooLarge(limit);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}
