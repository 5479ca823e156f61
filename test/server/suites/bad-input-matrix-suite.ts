import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf, type Db } from '../../../server/src/db/database';
import type { ServerBackend } from '../../support/server-backends';
import type { TestServer } from '../../support/test-server';
import { api, cart, cashSale, demoDesk, itemNamed, uid, type DemoDesk } from '../../support/server-api-client';
import { linkBody, mayaCart, postLink } from '../../support/server-link-helpers';

// Every endpoint and page fed bad input of every kind: each answer is a 4xx (JSON ones in the error envelope),
// never a 5xx, and the database is the same afterwards. Cases are generated: per query parameter, per path id, per
// body field (each leaf of a valid body replaced by each hostile value), and per kind of wrong token.

type Auth = 'none' | 'register' | 'staff' | 'wrong' | 'long' | 'basic' | 'registerForStaff' | 'staffForRegister';
type Case = { name: string; method: 'GET' | 'POST' | 'PATCH'; path: string; auth: Auth; body?: unknown; rawBody?: string; page?: boolean };
type Fixture = { desk: DemoDesk; linkId: string; saleId: string };

const INT4 = 2 ** 31;
const HOSTILE_QUERY_VALUES = [
  '%00',
  'a%00b',
  '%07',
  '%1B%5B2J',
  `${INT4}`,
  `${2 ** 53}`,
  '-1',
  '1e3',
  '0x10',
  ' 12',
  '9999-12-31',
  '0000-01-01',
  '1969-12-31',
  '2024-02-30',
  '../../etc/passwd',
  'x'.repeat(5000),
];
const HOSTILE_IDS = ['%00', 'abc%00', '..%2F..%2Fetc%2Fpasswd', '..', '%2E%2E', 'a'.repeat(300), '%3Cscript%3E', '%E0%A4%A', '%C0%AE%C0%AE', "x'%20or%201=1--"];
const HOSTILE_LEAVES: unknown[] = ['\u0000', 'ok\u0000', '\u001b[2J', 2 ** 53, -INT4, 1e308, 'x'.repeat(5000), { nested: true }, ['a'], true];

/** Query parameters of each GET and the values among HOSTILE_QUERY_VALUES that are legitimately valid there. */
const QUERY_ROUTES: Array<{ path: string; param: string; auth: Auth; valid: string[] }> = [
  { path: '/events', param: 'after', auth: 'register', valid: [] },
  { path: '/events', param: 'limit', auth: 'register', valid: [] },
  { path: '/sales', param: 'date', auth: 'staff', valid: [] },
  { path: '/roster', param: 'date', auth: 'staff', valid: [] },
  { path: '/payment-links', param: 'status', auth: 'staff', valid: [] },
  // A search for any printable text is fine; only control characters and a query over 100 characters are refused.
  {
    path: '/clients',
    param: 'query',
    auth: 'register',
    valid: [`${INT4}`, `${2 ** 53}`, '-1', '1e3', '0x10', ' 12', '9999-12-31', '0000-01-01', '1969-12-31', '2024-02-30', '../../etc/passwd'],
  },
];

function leafPaths(value: unknown, path: Array<string | number> = []): Array<Array<string | number>> {
  if (Array.isArray(value)) return value.flatMap((item, index) => leafPaths(item, [...path, index]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => leafPaths(item, [...path, key]));
  return [path];
}

function replaced(body: unknown, path: Array<string | number>, leaf: unknown): unknown {
  const copy: any = structuredClone(body);
  let at = copy;
  for (const key of path.slice(0, -1)) at = at[key];
  at[path.at(-1)!] = leaf;
  return copy;
}

const describeLeaf = (leaf: unknown) => (typeof leaf === 'string' ? JSON.stringify(leaf.slice(0, 12)) : JSON.stringify(leaf)?.slice(0, 20));

function cases(f: Fixture): Case[] {
  const out: Case[] = [];
  for (const route of QUERY_ROUTES) {
    for (const value of HOSTILE_QUERY_VALUES.filter((v) => !route.valid.includes(decodeURIComponent(v)))) {
      out.push({
        name: `GET ${route.path}?${route.param}=${value.slice(0, 24)}`,
        method: 'GET',
        path: `${route.path}?${route.param}=${value}`,
        auth: route.auth,
      });
    }
  }
  out.push({ name: 'GET /catalog with a NUL in an extra parameter', method: 'GET', path: '/catalog?x=%00', auth: 'register' });
  out.push({
    name: 'GET /bootstrap with 100 parameters',
    method: 'GET',
    path: `/bootstrap?${Array.from({ length: 100 }, (_, i) => `p${i}=1`).join('&')}`,
    auth: 'register',
  });
  for (const id of HOSTILE_IDS) {
    out.push({ name: `GET /payment-links/${id.slice(0, 20)}`, method: 'GET', path: `/payment-links/${id}`, auth: 'staff' });
    out.push({ name: `GET /sales/${id.slice(0, 20)}`, method: 'GET', path: `/sales/${id}`, auth: 'staff' });
    out.push({ name: `PATCH /clients/${id.slice(0, 20)}`, method: 'PATCH', path: `/clients/${id}`, auth: 'staff', body: { phone: '+15555550100' } });
    out.push({ name: `POST /payment-links/${id.slice(0, 20)}/resend`, method: 'POST', path: `/payment-links/${id}/resend`, auth: 'staff', body: {} });
    out.push({ name: `POST /payment-links/${id.slice(0, 20)}/cancel`, method: 'POST', path: `/payment-links/${id}/cancel`, auth: 'staff', body: {} });
    out.push({ name: `page GET /demo-studio/i/${id.slice(0, 20)}`, method: 'GET', path: `/demo-studio/i/${id}`, auth: 'none', page: true });
    out.push({ name: `page GET /${id.slice(0, 20)}/i/<link>`, method: 'GET', path: `/${id}/i/${f.linkId}`, auth: 'none', page: true });
    out.push({ name: `page GET /demo-studio/r/${id.slice(0, 20)}`, method: 'GET', path: `/demo-studio/r/${id}`, auth: 'none', page: true });
    out.push({ name: `page GET /${id.slice(0, 20)}/r/x`, method: 'GET', path: `/${id}/r/rcp_nope`, auth: 'none', page: true });
    out.push({
      name: `page POST /demo-studio/i/${id.slice(0, 20)}/pay`,
      method: 'POST',
      path: `/demo-studio/i/${id}/pay`,
      auth: 'none',
      page: true,
      rawBody: 'cardNumber=4242',
    });
    out.push({
      name: `page POST challenge ${id.slice(0, 20)}`,
      method: 'POST',
      path: `/demo-studio/i/${f.linkId}/challenge/${id}`,
      auth: 'none',
      page: true,
      rawBody: 'result=complete',
    });
  }
  const bodies: Array<{ path: string; auth: Auth; body: unknown; method?: 'PATCH' }> = [
    { path: '/registers/enroll', auth: 'none', body: { code: 'NOT-A-CODE', name: 'Desk' } },
    { path: '/sessions', auth: 'register', body: { pin: '9999' } },
    { path: '/clients', auth: 'staff', body: { id: uid('cli'), name: 'New Client', phone: '+15555550123', email: 'new@example.com' } },
    { path: `/clients/${f.desk.clients[0].id}`, auth: 'staff', body: { phone: '+15555550124' }, method: 'PATCH' },
    { path: '/payment-links', auth: 'staff', body: linkBody(mayaCart(f.desk)) },
    { path: `/payment-links/${f.linkId}/resend`, auth: 'staff', body: { phone: '+15555550125', email: 'maya@example.com' } },
    { path: '/sales', auth: 'staff', body: cashSale(cart([{ itemId: itemNamed(f.desk.items, 'Grip Socks').id, quantity: 1 }], f.desk.items)) },
  ];
  for (const { path, auth, body, method = 'POST' } of bodies) {
    for (const leaf of leafPaths(body)) {
      // A wrong PIN and a wrong enrollment code are refused as such; the hostile values go everywhere else.
      for (const value of HOSTILE_LEAVES) {
        out.push({
          name: `${method} ${path.split('/').slice(0, 2).join('/')} ${leaf.join('.')}=${describeLeaf(value)}`,
          method,
          path,
          auth,
          body: replaced(body, leaf, value),
        });
      }
    }
    out.push({ name: `${method} ${path} malformed JSON`, method, path, auth, rawBody: '{"a":' });
    out.push({ name: `${method} ${path} an array`, method, path, auth, body: [body] });
    out.push({ name: `${method} ${path} a NUL key`, method, path, auth, body: { ...(body as object), 'a\u0000': 1 } });
    out.push({ name: `${method} ${path} deep nesting`, method, path, auth, rawBody: `${'['.repeat(5000)}${']'.repeat(5000)}` });
  }
  const tokenRoutes: Array<{ method: 'GET' | 'POST'; path: string; body?: unknown; needs: 'register' | 'staff' }> = [
    { method: 'GET', path: '/bootstrap', needs: 'register' },
    { method: 'GET', path: '/events', needs: 'register' },
    { method: 'POST', path: '/sessions', body: { pin: '2222' }, needs: 'register' },
    { method: 'GET', path: '/catalog', needs: 'register' },
    { method: 'GET', path: '/clients', needs: 'register' },
    { method: 'GET', path: '/roster', needs: 'register' },
    { method: 'GET', path: '/sales', needs: 'staff' },
    { method: 'GET', path: `/sales/${f.saleId}`, needs: 'register' },
    { method: 'GET', path: `/payment-links/${f.linkId}`, needs: 'register' },
    { method: 'POST', path: '/payment-links', body: linkBody(mayaCart(f.desk)), needs: 'staff' },
    { method: 'POST', path: `/payment-links/${f.linkId}/resend`, body: {}, needs: 'staff' },
    { method: 'POST', path: `/payment-links/${f.linkId}/cancel`, body: {}, needs: 'staff' },
    { method: 'POST', path: '/sales', body: cashSale(cart([{ itemId: itemNamed(f.desk.items, 'Grip Socks').id, quantity: 1 }], f.desk.items)), needs: 'staff' },
  ];
  for (const route of tokenRoutes) {
    // Reads that take either token have no "token of the wrong kind" case.
    const eitherToken = route.method === 'GET' && !['/bootstrap', '/events', '/sales'].includes(route.path);
    const wrongKind: Auth[] = eitherToken ? [] : [route.needs === 'staff' ? 'registerForStaff' : 'staffForRegister'];
    for (const auth of [...(['none', 'wrong', 'long', 'basic'] as const), ...wrongKind]) {
      out.push({ name: `${route.method} ${route.path.slice(0, 30)} with token ${auth}`, method: route.method, path: route.path, auth, body: route.body });
    }
  }
  const socks = () => cashSale(cart([{ itemId: itemNamed(f.desk.items, 'Grip Socks').id, quantity: 1 }], f.desk.items));
  const membership = itemNamed(f.desk.items, 'Unlimited Monthly');
  for (const createdAt of ['9999-12-31T23:59:59Z', '0001-01-01T00:00:00Z', '1970-01-01T00:00:00Z', '2024-02-30T00:00:00Z']) {
    out.push({ name: `POST /sales createdAt=${createdAt}`, method: 'POST', path: '/sales', auth: 'staff', body: { ...socks(), createdAt } });
  }
  for (const startsOn of ['9999-12-31', '0000-01-01', '2024-02-30']) {
    const line = { itemId: membership.id, quantity: 1, startsOn, chargeLater: true };
    const c = cart([line], f.desk.items, f.desk.clients[0].id);
    out.push({ name: `POST /sales membership startsOn=${startsOn}`, method: 'POST', path: '/sales', auth: 'staff', body: cashSale(c) });
    out.push({ name: `POST /payment-links membership startsOn=${startsOn}`, method: 'POST', path: '/payment-links', auth: 'staff', body: linkBody(c) });
  }
  const pay = `/demo-studio/i/${f.linkId}/pay`;
  out.push({
    name: 'page pay: NUL in the card fields',
    method: 'POST',
    path: pay,
    auth: 'none',
    page: true,
    rawBody: 'cardNumber=4242%00&expiry=12%2F34&cvc=1%002&name=a%00b',
  });
  out.push({ name: 'page pay: a repeated field', method: 'POST', path: pay, auth: 'none', page: true, rawBody: 'cardNumber=1&cardNumber=2' });
  out.push({ name: 'page pay: an oversized form', method: 'POST', path: pay, auth: 'none', page: true, rawBody: `name=${'x'.repeat(10_000)}` });
  out.push({
    name: 'page pay: card number of 5000 digits',
    method: 'POST',
    path: pay,
    auth: 'none',
    page: true,
    rawBody: `cardNumber=${'4'.repeat(3000)}&expiry=12%2F34&cvc=123&name=M`,
  });
  out.push({
    name: 'page challenge: unknown result',
    method: 'POST',
    path: `/demo-studio/i/${f.linkId}/challenge/att_nope`,
    auth: 'none',
    page: true,
    rawBody: 'result=%00',
  });
  out.push({ name: 'POST /webhooks/stripe in sandbox mode', method: 'POST', path: '/../webhooks/stripe', auth: 'none', rawBody: '{}' });
  return out;
}

/** Every public table's row count and a hash of its rows: equal before and after means nothing changed. */
async function fingerprint(db: Db): Promise<Record<string, string>> {
  const tables = rowsOf<{ name: string }>(
    await db.execute(
      sql.raw(`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`),
    ),
  ).map((row) => row.name);
  const out: Record<string, string> = {};
  // Limit counters count requests (that is their job), and the migrations table is not data.
  for (const name of tables.filter((t) => !/limit|rate|attempt_window|migration/i.test(t))) {
    const [row] = rowsOf<{ n: number; h: string | null }>(
      await db.execute(sql.raw(`select count(*)::int as n, md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as h from "${name}" t`)),
    );
    out[name] = `${row!.n}:${row!.h}`;
  }
  return out;
}

export function badInputMatrixSuite(backend: ServerBackend): void {
  describe(`bad-input matrix on ${backend.name}`, () => {
    let server: TestServer;
    let fixture: Fixture;
    let before: Record<string, string>;
    const fives: string[] = [];
    beforeAll(async () => {
      server = await backend.start({ server: { invoiceRateLimit: { max: 100_000, windowMs: 60_000 } } });
      const desk = await demoDesk(server.url);
      const link = await postLink(server.url, desk.frank, linkBody(mayaCart(desk), { channels: [] }));
      const sale = await api(server.url, 'POST', '/sales', {
        token: desk.frank,
        headers: { 'Idempotency-Key': uid('key') },
        body: cashSale(cart([{ itemId: itemNamed(desk.items, 'Water Bottle').id, quantity: 1 }], desk.items)),
      });
      if (link.status !== 201 || sale.status !== 201) throw new Error(`fixture failed: ${link.text} ${sale.text}`);
      fixture = { desk, linkId: link.body.link.id, saleId: sale.body.sale.id };
      before = await fingerprint(server.db);
    });
    afterAll(() => server.close());

    it('answers every bad input with a 4xx (JSON ones in the error envelope), never a 5xx', async () => {
      const all = cases(fixture);
      expect(all.length).toBeGreaterThan(500);
      const failures: string[] = [];
      for (const c of all) {
        const token = tokenFor(c.auth, fixture.desk);
        const headers: Record<string, string> = { 'Idempotency-Key': uid('key') };
        if (token) headers.authorization = token;
        const url = c.page || c.path.startsWith('/../') ? `${server.url}${c.path.replace('/../', '/')}` : `${server.url}/api/v1${c.path}`;
        const body = c.rawBody ?? (c.body === undefined ? undefined : JSON.stringify(c.body));
        const contentType = c.page ? 'application/x-www-form-urlencoded' : 'application/json';
        const response = await fetch(url, {
          method: c.method,
          headers: body === undefined ? headers : { ...headers, 'content-type': contentType },
          body,
          redirect: 'manual',
        });
        const text = await response.text();
        if (response.status >= 500) fives.push(`${c.name} → ${response.status} ${text.slice(0, 120)}`);
        if (response.status < 400 || response.status >= 500) failures.push(`${c.name} → ${response.status}`);
        else if ((response.headers.get('content-type') ?? '').includes('json')) {
          const parsed = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
          if (typeof parsed.error?.code !== 'string' || typeof parsed.error.message !== 'string')
            failures.push(`${c.name} → no envelope: ${text.slice(0, 80)}`);
        } else if (!c.page) failures.push(`${c.name} → ${response.status} not JSON`);
      }
      expect(fives).toEqual([]);
      expect(failures).toEqual([]);
    }, 240_000);

    it('changed nothing in the database', async () => {
      expect(await fingerprint(server.db)).toEqual(before);
    });
  });
}

function tokenFor(auth: Auth, desk: DemoDesk): string | undefined {
  switch (auth) {
    case 'none':
      return undefined;
    case 'register':
    case 'staffForRegister':
      return `Bearer ${auth === 'register' ? desk.registerToken : desk.frank}`;
    case 'staff':
    case 'registerForStaff':
      return `Bearer ${auth === 'staff' ? desk.frank : desk.registerToken}`;
    case 'wrong':
      return `Bearer ${desk.frank.slice(0, -4)}abcd`;
    case 'long':
      return `Bearer ${'t'.repeat(6000)}`;
    case 'basic':
      return 'Basic ZnJhbms6MjIyMg==';
  }
}
