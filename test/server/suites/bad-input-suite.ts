import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookings, events, idempotencyKeys, registers, sales, staffSessions } from '../../../server/src/db/schema';
import type { ServerBackend } from '../../support/server-backends';
import type { TestServer } from '../../support/test-server';
import { api, cart, cashSale, clientNamed, demoDesk, itemNamed, uid, type DemoDesk } from '../../support/server-api-client';

type Case = {
  name: string;
  method: 'GET' | 'POST';
  path: string;
  auth?: 'register' | 'staff';
  body?: (desk: DemoDesk) => unknown;
  rawBody?: string;
  contentType?: string;
  key?: string | null;
  status: number;
  code: string;
};

const validSale = (desk: DemoDesk) => cashSale(cart([{ itemId: itemNamed(desk.items, 'Grip Socks').id, quantity: 1 }], desk.items));
const saleWith = (desk: DemoDesk, patch: (sale: any) => void) => {
  const sale: any = structuredClone(validSale(desk));
  patch(sale);
  return sale;
};

const CASES: Case[] = [
  { name: 'enroll: malformed JSON', method: 'POST', path: '/registers/enroll', rawBody: '{"code": "DEMO-ENROLL",', status: 400, code: 'invalid_request' },
  { name: 'enroll: missing name', method: 'POST', path: '/registers/enroll', body: () => ({ code: 'DEMO-ENROLL' }), status: 400, code: 'invalid_request' },
  {
    name: 'enroll: script in the name',
    method: 'POST',
    path: '/registers/enroll',
    body: () => ({ code: 'DEMO-ENROLL', name: '<script>alert(1)</script>' }),
    status: 400,
    code: 'invalid_request',
  },
  { name: 'enroll: wrong types', method: 'POST', path: '/registers/enroll', body: () => ({ code: 7, name: ['x'] }), status: 400, code: 'invalid_request' },
  {
    name: 'enroll: not JSON',
    method: 'POST',
    path: '/registers/enroll',
    rawBody: 'code=DEMO-ENROLL',
    contentType: 'application/x-www-form-urlencoded',
    status: 415,
    code: 'unsupported_media_type',
  },
  {
    name: 'enroll: oversized body',
    method: 'POST',
    path: '/registers/enroll',
    rawBody: JSON.stringify({ code: 'DEMO-ENROLL', name: 'x'.repeat(70 * 1024) }),
    status: 413,
    code: 'payload_too_large',
  },
  { name: 'enroll: empty body', method: 'POST', path: '/registers/enroll', rawBody: '', status: 400, code: 'invalid_request' },
  { name: 'sign-in: short PIN', method: 'POST', path: '/sessions', auth: 'register', body: () => ({ pin: '12' }), status: 400, code: 'invalid_request' },
  { name: 'sign-in: PIN as a number', method: 'POST', path: '/sessions', auth: 'register', body: () => ({ pin: 2222 }), status: 400, code: 'invalid_request' },
  { name: 'sign-in: no token', method: 'POST', path: '/sessions', body: () => ({ pin: '2222' }), status: 401, code: 'unauthorized' },
  {
    name: 'sale: negative quantity',
    method: 'POST',
    path: '/sales',
    auth: 'staff',
    body: (d) => saleWith(d, (s) => (s.cart.lines[0].quantity = -1)),
    status: 400,
    code: 'invalid_request',
  },
  {
    name: 'sale: zero quantity',
    method: 'POST',
    path: '/sales',
    auth: 'staff',
    body: (d) => saleWith(d, (s) => (s.cart.lines[0].quantity = 0)),
    status: 400,
    code: 'invalid_request',
  },
  {
    name: 'sale: fractional cents',
    method: 'POST',
    path: '/sales',
    auth: 'staff',
    body: (d) => saleWith(d, (s) => (s.payments[0].amountCents = 1399.5)),
    status: 400,
    code: 'invalid_request',
  },
  {
    name: 'sale: negative payment',
    method: 'POST',
    path: '/sales',
    auth: 'staff',
    body: (d) => saleWith(d, (s) => (s.payments[0].amountCents = -5)),
    status: 400,
    code: 'invalid_request',
  },
  {
    name: 'sale: payment_link is not a register method',
    method: 'POST',
    path: '/sales',
    auth: 'staff',
    body: (d) => saleWith(d, (s) => (s.payments[0].method = 'payment_link')),
    status: 400,
    code: 'invalid_request',
  },
  {
    name: 'sale: unknown item',
    method: 'POST',
    path: '/sales',
    auth: 'staff',
    body: (d) => saleWith(d, (s) => (s.cart.lines[0].itemId = 'itm_nope')),
    status: 400,
    code: 'invalid_request',
  },
  {
    name: 'sale: unknown client',
    method: 'POST',
    path: '/sales',
    auth: 'staff',
    body: (d) => saleWith(d, (s) => (s.cart.clientId = 'cli_nope')),
    status: 400,
    code: 'invalid_request',
  },
  {
    name: 'sale: unknown session',
    method: 'POST',
    path: '/sales',
    auth: 'staff',
    body: (d) => cashSale(cart([{ itemId: itemNamed(d.items, 'Vinyasa Flow').id, quantity: 1, sessionId: 'ses_nope' }], d.items)),
    status: 400,
    code: 'invalid_request',
  },
  {
    name: 'sale: unknown seat',
    method: 'POST',
    path: '/sales',
    auth: 'staff',
    body: (d) => {
      const reformer = itemNamed(d.items, 'Reformer Pilates');
      return cashSale(cart([{ itemId: reformer.id, quantity: 1, sessionId: reformer.sessions![0]!.id, seatId: 'seat_nope' }], d.items));
    },
    status: 400,
    code: 'invalid_request',
  },
  {
    name: 'sale: script in the sale id',
    method: 'POST',
    path: '/sales',
    auth: 'staff',
    body: (d) => saleWith(d, (s) => (s.id = '<script>')),
    status: 400,
    code: 'invalid_request',
  },
  {
    name: 'sale: empty cart',
    method: 'POST',
    path: '/sales',
    auth: 'staff',
    body: (d) => saleWith(d, (s) => ((s.cart.lines = []), (s.cart.totalCents = 0), (s.payments[0].amountCents = 0))),
    status: 422,
    code: 'empty_cart',
  },
  {
    name: 'sale: missing cart',
    method: 'POST',
    path: '/sales',
    auth: 'staff',
    body: (d) => saleWith(d, (s) => delete s.cart),
    status: 400,
    code: 'invalid_request',
  },
  { name: 'sale: an array body', method: 'POST', path: '/sales', auth: 'staff', body: () => [1, 2], status: 400, code: 'invalid_request' },
  { name: 'sale: malformed JSON', method: 'POST', path: '/sales', auth: 'staff', rawBody: '{"id":', status: 400, code: 'invalid_request' },
  {
    name: 'sale: oversized body',
    method: 'POST',
    path: '/sales',
    auth: 'staff',
    rawBody: `{"id":"${'a'.repeat(80 * 1024)}"}`,
    status: 413,
    code: 'payload_too_large',
  },
  {
    name: 'sale: text/plain',
    method: 'POST',
    path: '/sales',
    auth: 'staff',
    body: validSale,
    contentType: 'text/plain',
    status: 415,
    code: 'unsupported_media_type',
  },
  { name: 'sale: bad Idempotency-Key', method: 'POST', path: '/sales', auth: 'staff', body: validSale, key: 'no', status: 400, code: 'invalid_request' },
  {
    name: 'sale: membership starting in the past',
    method: 'POST',
    path: '/sales',
    auth: 'staff',
    body: (d) => cashSale(cart([{ itemId: itemNamed(d.items, 'Unlimited Monthly').id, quantity: 1, startsOn: '2001-01-01' }], d.items)),
    status: 400,
    code: 'invalid_request',
  },
  {
    name: 'sale: a walk-in buying a package',
    method: 'POST',
    path: '/sales',
    auth: 'staff',
    body: (d) => cashSale(cart([{ itemId: itemNamed(d.items, '10-Class Pack').id, quantity: 1 }], d.items)),
    status: 422,
    code: 'client_required',
  },
  {
    name: 'sale: cash tendered on a card payment',
    method: 'POST',
    path: '/sales',
    auth: 'staff',
    body: (d) => saleWith(d, (s) => (s.payments = [{ ...s.payments[0], method: 'external_card', tenderedCents: 99_999 }])),
    status: 400,
    code: 'invalid_request',
  },
  {
    name: 'sale: a walk-in cannot be a script',
    method: 'POST',
    path: '/sales',
    auth: 'staff',
    body: (d) => saleWith(d, (s) => (s.cart.clientId = '"><img src=x>')),
    status: 400,
    code: 'invalid_request',
  },
  { name: 'clients: oversized query', method: 'GET', path: `/clients?query=${'m'.repeat(101)}`, auth: 'register', status: 400, code: 'invalid_request' },
  { name: 'sales: impossible date', method: 'GET', path: '/sales?date=2024-13-45', auth: 'staff', status: 400, code: 'invalid_request' },
  { name: 'roster: not a date', method: 'GET', path: '/roster?date=yesterday', auth: 'staff', status: 400, code: 'invalid_request' },
  { name: 'events: negative cursor', method: 'GET', path: '/events?after=-1', auth: 'register', status: 400, code: 'invalid_request' },
  { name: 'events: limit not a number', method: 'GET', path: '/events?limit=abc', auth: 'register', status: 400, code: 'invalid_request' },
  { name: 'events: limit too large', method: 'GET', path: '/events?limit=100000', auth: 'register', status: 400, code: 'invalid_request' },
];

/** A table of bad requests at the HTTP boundary: each answered with its code, and nothing written. */
export function badInputSuite(backend: ServerBackend): void {
  describe(`bad input on ${backend.name}`, () => {
    let server: TestServer;
    let desk: DemoDesk;
    const counts = async () => {
      const tables = { registers, staffSessions, sales, bookings, events, idempotencyKeys };
      const entries = await Promise.all(
        Object.entries(tables).map(async ([name, table]) => [name, Number((await server.db.select({ n: count() }).from(table))[0]!.n)] as const),
      );
      return Object.fromEntries(entries);
    };
    beforeAll(async () => {
      server = await backend.start();
      desk = await demoDesk(server.url);
      clientNamed(desk.clients, 'Maya Chen');
    });
    afterAll(() => server.close());

    it.each(CASES)('$name → $status $code, nothing written', async (c) => {
      const before = await counts();
      const token = c.auth === 'register' ? desk.registerToken : c.auth === 'staff' ? desk.frank : undefined;
      const headers: Record<string, string> = {};
      if (c.method === 'POST' && c.path === '/sales' && c.key !== null) headers['Idempotency-Key'] = c.key ?? uid('key');
      const answer = await api(server.url, c.method, c.path, {
        token,
        headers,
        body: c.body?.(desk),
        rawBody: c.rawBody,
        contentType: c.contentType,
      });
      expect({ status: answer.status, code: answer.body?.error?.code }).toEqual({ status: c.status, code: c.code });
      expect(answer.body.error.message).toMatch(/\w+ \w+/);
      expect(await counts()).toEqual(before);
    });
  });
}
