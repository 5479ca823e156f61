import type { FastifyInstance } from 'fastify';
import { desc } from 'drizzle-orm';
import { AppError } from '@frontdesk/shared/contract/errors';
import type { AppContext } from '../app-context';
import { outboxMessages } from '../db/schema';
import { JSON_TYPE } from '../http/api-route';
import { sendPage } from '../http/page-reply';
import { escapeHtml } from '../pages/html';

const LIMIT = 200;

const isLoopback = (address: string) => /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+|localhost)$/i.test(address.replace(/^\[|\]$/g, ''));

/**
 * The outbox lists every client's phone, email and live pay link, and has no sign-in: it is only served to a
 * request from this machine (socket address on loopback) that did not come through a proxy (no Forwarded /
 * X-Forwarded-For header), or by a server that listens on loopback only. Anything else answers 404.
 */
export function outboxVisible(listenHost: string, remoteAddress: string, headers: Record<string, unknown>): boolean {
  if (headers['forwarded'] !== undefined || headers['x-forwarded-for'] !== undefined) return false;
  return isLoopback(listenHost) || isLoopback(remoteAddress);
}

/**
 * NOTIFY=outbox: the messages the server would have sent, newest first, with their links, so the whole flow can be
 * clicked through offline. HTML, or JSON for `Accept: application/json`. A development aid: not mounted in live mode.
 */
export function addDevOutboxRoutes(app: FastifyInstance, ctx: AppContext, listenHost: string): void {
  const helmet = {
    contentSecurityPolicy: { useDefaults: false, directives: { 'default-src': ["'none'"], 'base-uri': ["'none'"], 'frame-ancestors': ["'none'"] } },
  };
  app.get('/dev/outbox', { helmet }, async (request, reply) => {
    if (!outboxVisible(listenHost, request.socket.remoteAddress ?? '', request.headers)) throw new AppError('not_found', 'There is no GET /dev/outbox.');
    const rows = await ctx.db.select().from(outboxMessages).orderBy(desc(outboxMessages.n)).limit(LIMIT);
    const messages = rows.map((row) => ({
      id: row.id,
      linkId: row.linkId,
      channel: row.channel,
      to: row.to,
      subject: row.subject ?? undefined,
      text: row.text,
      html: row.html ?? undefined,
      url: /https?:\/\/\S+\/[ir]\/[A-Za-z0-9_-]+/.exec(row.text)?.[0], // a pay link, or a receipt page
      createdAt: row.createdAt.toISOString(),
    }));
    if (String(request.headers.accept ?? '').includes('application/json')) return reply.type(JSON_TYPE).send({ messages });
    const items = messages
      .map((m) => {
        const link = m.url ? `<a href="${escapeHtml(m.url)}">${escapeHtml(m.url)}</a>` : '';
        return `<li><p><strong>${m.channel === 'sms' ? 'SMS' : 'Email'}</strong> to ${escapeHtml(m.to)} · ${escapeHtml(m.createdAt)}</p>${m.subject ? `<p>${escapeHtml(m.subject)}</p>` : ''}<pre>${escapeHtml(m.text)}</pre><p>${link}</p></li>`;
      })
      .join('');
    const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Outbox</title></head><body><h1>Outbox (messages not sent: NOTIFY=outbox)</h1><ol>${items || '<li>No messages yet.</li>'}</ol></body></html>`;
    return sendPage(reply, { status: 200, render: () => page });
  });
}
