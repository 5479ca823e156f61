import type { ServerResponse } from 'node:http';
import { AppError } from '../../../shared/contract/errors';

/** Headers on every answer: no referrer leaks of invoice URLs, no MIME sniffing, nothing cached. */
const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
};

export function sendJsonText(res: ServerResponse, status: number, text: string, extraHeaders: Record<string, string> = {}): void {
  if (res.headersSent) return;
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    ...extraHeaders,
  });
  res.end(text);
}

/** An object answer with `serverTime` (ms) added, as every object answer carries it. */
export function jsonWithServerTime(body: Record<string, unknown>, serverTime: number): string {
  return JSON.stringify({ ...body, serverTime });
}

/** A stored object answer (JSON text) with `serverTime` set to now: a replay tells the current time, not the first one. */
export function withFreshServerTime(text: string, serverTime: number): string {
  const { serverTime: _stored, ...body } = JSON.parse(text) as Record<string, unknown>;
  return jsonWithServerTime(body, serverTime);
}

/** The JSON text of an answer without its `serverTime`, as idempotency keys store it. */
export function withoutServerTime(text: string): string {
  const { serverTime: _stored, ...body } = JSON.parse(text) as Record<string, unknown>;
  return JSON.stringify(body);
}

export function errorText(error: AppError, serverTime: number): string {
  return jsonWithServerTime(error.toBody(), serverTime);
}

export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  return new AppError('internal_error', 'Something went wrong on the server. Please try again.');
}

/** A page (HTML, plain text) with the security headers; the caller adds its CSP. */
export function sendPage(res: ServerResponse, status: number, text: string, contentType: string, extraHeaders: Record<string, string> = {}): void {
  if (res.headersSent) return;
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'content-type': contentType,
    'content-length': String(Buffer.byteLength(text)),
    ...extraHeaders,
  });
  res.end(text);
}
