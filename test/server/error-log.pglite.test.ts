import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { internalErrorLine } from '../../server/src/http/error-log';
import { startTestServer, type TestServer } from '../support/test-server';
import { api, demoDesk, type DemoDesk } from '../support/server-api-client';
import { linkBody, mayaCart, openPage, postLink } from '../support/server-link-helpers';

// An internal error's log line names the route pattern and the failure, never the raw path, the query, or an id
// that grants access (the invoice id is the client's key to pay; database errors quote their parameters).

describe('internal error log lines', () => {
  const logs: string[] = [];
  let server: TestServer;
  let desk: DemoDesk;
  beforeAll(async () => {
    server = await startTestServer({ log: (line) => logs.push(line) });
    desk = await demoDesk(server.url);
  });
  afterAll(() => server.close());

  it('on the invoice page: the route pattern, no invoice id, no query string', async () => {
    const link = (await postLink(server.url, desk.frank, linkBody(mayaCart(desk), { channels: [] }))).body.link;
    // The page's query fails on the database: an internal error in the middle of a page route.
    await server.db.execute(sql.raw('alter table clients rename to clients_gone'));
    try {
      const page = await openPage(`${link.url}?token=secret-query-value&utm=x`);
      expect(page.status).toBe(500);
      expect(JSON.parse(page.text).error.code).toBe('internal_error');
    } finally {
      await server.db.execute(sql.raw('alter table clients_gone rename to clients'));
    }
    const errorLines = logs.filter((line) => line.startsWith('error '));
    expect(errorLines).toHaveLength(1);
    const line = errorLines[0]!;
    expect(line).toMatch(/^error GET \/:widget\/i\/:id: /);
    expect(line).toMatch(/code 42P01/);
    const all = logs.join('\n');
    expect(all).not.toContain(link.id);
    expect(all).not.toContain('secret-query-value');
    expect(all).not.toContain('?');
    expect(all).toContain('GET /:widget/i/:id 500');
  });

  it('on the API: a staff token or a link id in a failing query is not written', async () => {
    const link = (await postLink(server.url, desk.frank, linkBody(mayaCart(desk), { channels: [] }))).body.link;
    await server.db.execute(sql.raw('alter table payment_links rename to payment_links_gone'));
    try {
      const answer = await api(server.url, 'GET', `/payment-links/${link.id}?x=1`, { token: desk.frank });
      expect(answer.status).toBe(500);
    } finally {
      await server.db.execute(sql.raw('alter table payment_links_gone rename to payment_links'));
    }
    const all = logs.join('\n');
    expect(all).toContain('error GET /api/v1/payment-links/:id: ');
    expect(all).not.toContain(link.id);
    expect(all).not.toContain(desk.frank);
  });

  it('masks ids and cuts query parameters out of any error message', () => {
    const error = new Error('Failed query: select * from payment_links where id = $1\nparams: LoEV9qZHf8IjTG8g_gP5XLXN');
    const line = internalErrorLine('POST', '/:widget/i/:id/pay', error);
    expect(line.split('\n')[0]).toBe('error POST /:widget/i/:id/pay: Error');
    const other = internalErrorLine('GET', undefined, new TypeError('no link LoEV9qZHf8IjTG8g_gP5XLXN here'));
    expect(other.split('\n')[0]).toBe('error GET (no route): TypeError: no link … here');
  });
});
