import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, type Logger } from '../../server/src/log/logger';
import { api, cart, cashSale, demoDesk, itemNamed, postSale, type DemoDesk } from '../support/server-api-client';
import { card, CARD, cancel, linkBody, mayaCart, postForm, postLink, payUrl } from '../support/server-link-helpers';
import { startTestServer, type TestServer } from '../support/test-server';

// The server's log is pino JSON: one request id per request, carried into the lines of the work it causes, and
// nothing that grants access or identifies a card, wherever it sits in a logged object.

type LogRecord = { level: number; msg: string; reqId?: string; [field: string]: unknown };

function capture(): { logger: Logger; lines: string[]; records: () => LogRecord[] } {
  const lines: string[] = [];
  const logger = createLogger({ destination: { write: (line: string) => void lines.push(line) } });
  return { logger, lines, records: () => lines.map((line) => JSON.parse(line) as LogRecord) };
}

describe('request logs', () => {
  let server: TestServer;
  let desk: DemoDesk;
  const log = capture();
  beforeAll(async () => {
    server = await startTestServer({ server: { logger: log.logger } });
    desk = await demoDesk(server.url);
  });
  afterAll(() => server.close());

  it('redacts authorization headers, cookies, tokens, PINs and card fields, nested or not', () => {
    const { logger, lines } = capture();
    logger.info({ headers: { authorization: 'Bearer fds_secret-staff', cookie: 'sid=secret-cookie' }, pin: '2222' }, 'a request');
    logger.info({ req: { headers: { authorization: 'Bearer fdr_secret-register' } }, body: { token: 'fds_secret-token', pin: '9876' } }, 'nested');
    logger.error({ card: { cardNumber: '4242424242424242', cvc: '123', expiry: '12/34' }, clientSecret: 'pi_secret_x' }, 'card fields');
    const all = lines.join('\n');
    for (const secret of [
      'fds_secret-staff',
      'secret-cookie',
      '2222',
      'fdr_secret-register',
      'fds_secret-token',
      '9876',
      '4242424242424242',
      '12/34',
      'pi_secret_x',
    ]) {
      expect(all).not.toContain(secret);
    }
    expect(all.match(/\[redacted\]/g)).toHaveLength(10);
    expect(lines.every((line) => JSON.parse(line) && line.endsWith('\n'))).toBe(true);
  });

  it('gives every request an id, keeps a safe one the client sent, and answers it in X-Request-Id', async () => {
    const mine = await api(server.url, 'GET', '/health', { headers: { 'x-request-id': 'desk-7f3a9c21' } });
    expect(mine.headers.get('x-request-id')).toBe('desk-7f3a9c21');
    const unsafe = await api(server.url, 'GET', '/health', { headers: { 'x-request-id': 'x'.repeat(300) } });
    const given = await api(server.url, 'GET', '/health');
    expect(unsafe.headers.get('x-request-id')).toMatch(/^req_[A-Za-z0-9_-]{12}$/);
    expect(given.headers.get('x-request-id')).toMatch(/^req_[A-Za-z0-9_-]{12}$/);
    expect(given.headers.get('x-request-id')).not.toBe(unsafe.headers.get('x-request-id'));
    const line = log.records().find((r) => r.reqId === 'desk-7f3a9c21' && r.route === '/api/v1/health');
    expect(line).toMatchObject({ method: 'GET', status: 200, msg: expect.stringMatching(/^GET \/api\/v1\/health 200 \d+ms$/) });
  });

  it('carries the request id into the lines of the work it causes: create link, settle, sale, cancel', async () => {
    const created = await postLink(server.url, desk.frank, linkBody(mayaCart(desk), { channels: [] }));
    const createdId = created.headers.get('x-request-id')!;
    const paid = await postForm(payUrl(created.body.link.url), card(CARD.ok));
    const paidId = paid.headers.get('x-request-id')!;
    const socks = cashSale(cart([{ itemId: itemNamed(desk.items, 'Grip Socks').id, quantity: 1 }], desk.items));
    const sold = await postSale(server.url, desk.frank, socks);
    const other = (await postLink(server.url, desk.frank, linkBody(mayaCart(desk), { channels: [] }))).body.link;
    const canceled = await cancel(server.url, desk.frank, other.id);
    const byId = (reqId: string) => log.records().filter((r) => r.reqId === reqId);
    expect(byId(createdId).map((r) => r.msg)).toContain('payment link created');
    expect(byId(paidId).map((r) => r.msg)).toContain('payment link paid on the invoice page');
    expect(byId(sold.headers.get('x-request-id')!).map((r) => r.msg)).toContain('sale recorded');
    expect(byId(canceled.headers.get('x-request-id')!).map((r) => r.msg)).toContain('payment link canceled');
    // No line names an invoice id (the client's key to pay), a token, or the card.
    const all = log.lines.join('\n');
    for (const secret of [created.body.link.id, other.id, desk.frank, desk.registerToken, CARD.ok]) expect(all).not.toContain(secret);
  });
});
