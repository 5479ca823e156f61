import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyReply } from 'fastify';

// Pages (HTML, plain text) carry their inline styles and scripts by a nonce: one per answer, made when the
// request arrives so helmet's Content-Security-Policy and the page render the same one.

const nonces = new WeakMap<ServerResponse, string>();

/** Called first for every request (before helmet writes its headers). */
export function assignPageNonce(reply: FastifyReply): void {
  nonces.set(reply.raw, randomBytes(16).toString('base64'));
}

/** The CSP entry `'nonce-…'` of the answer being written: helmet calls it for each answer. */
export const nonceSource = (_req: IncomingMessage, res: ServerResponse): string => `'nonce-${nonces.get(res) ?? ''}'`;

/** A page: its status, its text rendered with the answer's nonce, its type and extra headers (never a CSP: helmet writes it). */
export type PageAnswer = { status: number; render: (nonce: string) => string; contentType?: string; headers?: Record<string, string> };

export function sendPage(reply: FastifyReply, answer: PageAnswer): FastifyReply {
  const nonce = nonces.get(reply.raw) ?? '';
  return reply
    .code(answer.status)
    .headers(answer.headers ?? {})
    .type(answer.contentType ?? 'text/html; charset=utf-8')
    .send(answer.render(nonce));
}
