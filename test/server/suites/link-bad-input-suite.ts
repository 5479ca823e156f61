import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerBackend } from '../../support/server-backends';
import type { TestServer } from '../../support/test-server';
import { api, uid, type DemoDesk, demoDesk } from '../../support/server-api-client';
import { countRows, linkBody, mayaCart, postLink } from '../../support/server-link-helpers';

type Ctx = { desk: DemoDesk; linkId: string };
type Case = {
  name: string;
  method: 'GET' | 'POST';
  path: string | ((ctx: Ctx) => string);
  auth?: 'register' | 'staff' | 'none';
  body?: (ctx: Ctx) => unknown;
  rawBody?: string;
  contentType?: string;
  key?: string | null;
  status: number;
  code: string;
};

const valid = (ctx: Ctx) => linkBody(mayaCart(ctx.desk));
const patched = (patch: (body: any) => void) => (ctx: Ctx) => {
  const body: any = structuredClone(valid(ctx));
  patch(body);
  return body;
};
const resendPath = (ctx: Ctx) => `/payment-links/${ctx.linkId}/resend`;
const cancelPath = (ctx: Ctx) => `/payment-links/${ctx.linkId}/cancel`;

const CASES: Case[] = [
  { name: 'create: malformed JSON', method: 'POST', path: '/payment-links', rawBody: '{"cart":', status: 400, code: 'invalid_request' },
  { name: 'create: empty body', method: 'POST', path: '/payment-links', rawBody: '', status: 400, code: 'invalid_request' },
  { name: 'create: missing delivery', method: 'POST', path: '/payment-links', body: patched((b) => delete b.delivery), status: 400, code: 'invalid_request' },
  {
    // An empty list is a QR-only link (qr-links-suite.ts); a missing one is bad input.
    name: 'create: channels missing',
    method: 'POST',
    path: '/payment-links',
    body: patched((b) => delete b.delivery.channels),
    status: 400,
    code: 'invalid_request',
  },
  {
    name: 'create: unknown channel',
    method: 'POST',
    path: '/payment-links',
    body: patched((b) => (b.delivery.channels = ['fax'])),
    status: 400,
    code: 'invalid_request',
  },
  {
    name: 'create: three channels',
    method: 'POST',
    path: '/payment-links',
    body: patched((b) => (b.delivery.channels = ['sms', 'email', 'sms'])),
    status: 400,
    code: 'invalid_request',
  },
  {
    name: 'create: phone as a number',
    method: 'POST',
    path: '/payment-links',
    body: patched((b) => (b.delivery.phone = 15555550101)),
    status: 400,
    code: 'invalid_request',
  },
  {
    name: 'create: oversized phone',
    method: 'POST',
    path: '/payment-links',
    body: patched((b) => (b.delivery.phone = `+1${'5'.repeat(40)}`)),
    status: 400,
    code: 'invalid_request',
  },
  {
    name: 'create: hostile email',
    method: 'POST',
    path: '/payment-links',
    body: patched((b) => (b.delivery.email = '"><script>@x.y')),
    status: 422,
    code: 'invalid_contact',
  },
  {
    name: 'create: phone with letters',
    method: 'POST',
    path: '/payment-links',
    body: patched((b) => (b.delivery.phone = '+1555CALLNOW')),
    status: 422,
    code: 'invalid_contact',
  },
  {
    name: 'create: script as cart id',
    method: 'POST',
    path: '/payment-links',
    body: patched((b) => (b.cart.id = '<script>')),
    status: 400,
    code: 'invalid_request',
  },
  {
    name: 'create: fractional total',
    method: 'POST',
    path: '/payment-links',
    body: patched((b) => (b.cart.totalCents = 10.5)),
    status: 400,
    code: 'invalid_request',
  },
  {
    name: 'create: negative quantity',
    method: 'POST',
    path: '/payment-links',
    body: patched((b) => (b.cart.lines[1].quantity = -2)),
    status: 400,
    code: 'invalid_request',
  },
  {
    name: 'create: unknown client',
    method: 'POST',
    path: '/payment-links',
    body: patched((b) => (b.cart.clientId = 'cli_nope')),
    status: 400,
    code: 'invalid_request',
  },
  {
    name: 'create: unknown session',
    method: 'POST',
    path: '/payment-links',
    body: patched((b) => (b.cart.lines[0].sessionId = 'ses_nope')),
    status: 400,
    code: 'invalid_request',
  },
  {
    name: 'create: too many lines',
    method: 'POST',
    path: '/payment-links',
    body: patched((b) => (b.cart.lines = Array.from({ length: 51 }, () => b.cart.lines[1]))),
    status: 400,
    code: 'invalid_request',
  },
  {
    name: 'create: oversized body',
    method: 'POST',
    path: '/payment-links',
    rawBody: `{"cart":"${'a'.repeat(70 * 1024)}"}`,
    status: 413,
    code: 'payload_too_large',
  },
  {
    name: 'create: form body',
    method: 'POST',
    path: '/payment-links',
    rawBody: 'cart=1',
    contentType: 'application/x-www-form-urlencoded',
    status: 415,
    code: 'unsupported_media_type',
  },
  { name: 'create: no Idempotency-Key', method: 'POST', path: '/payment-links', body: valid, key: null, status: 400, code: 'idempotency_key_required' },
  { name: 'create: bad Idempotency-Key', method: 'POST', path: '/payment-links', body: valid, key: 'x y', status: 400, code: 'invalid_request' },
  { name: 'create: register token', method: 'POST', path: '/payment-links', auth: 'register', body: valid, status: 401, code: 'unauthorized' },
  { name: 'create: no token', method: 'POST', path: '/payment-links', auth: 'none', body: valid, status: 401, code: 'unauthorized' },
  { name: 'get: id with a script', method: 'GET', path: '/payment-links/%3Cscript%3E', status: 404, code: 'not_found' },
  { name: 'get: unknown id', method: 'GET', path: '/payment-links/AAAAAAAAAAAAAAAAAAAAAAAA', status: 404, code: 'not_found' },
  { name: 'list: unknown status', method: 'GET', path: '/payment-links?status=lost', status: 400, code: 'invalid_request' },
  { name: 'list: no token', method: 'GET', path: '/payment-links', auth: 'none', status: 401, code: 'unauthorized' },
  { name: 'resend: unknown link', method: 'POST', path: '/payment-links/AAAAAAAAAAAAAAAAAAAAAAAA/resend', body: () => ({}), status: 404, code: 'not_found' },
  { name: 'resend: phone as an array', method: 'POST', path: resendPath, body: () => ({ phone: ['+15555550101'] }), status: 400, code: 'invalid_request' },
  {
    name: 'resend: oversized email',
    method: 'POST',
    path: resendPath,
    body: () => ({ email: `${'m'.repeat(250)}@x.com` }),
    status: 400,
    code: 'invalid_request',
  },
  { name: 'resend: bad phone', method: 'POST', path: resendPath, body: () => ({ phone: '555-0101' }), status: 422, code: 'invalid_contact' },
  { name: 'resend: malformed JSON', method: 'POST', path: resendPath, rawBody: '{', status: 400, code: 'invalid_request' },
  { name: 'resend: no Idempotency-Key', method: 'POST', path: resendPath, body: () => ({}), key: null, status: 400, code: 'idempotency_key_required' },
  { name: 'cancel: unexpected field', method: 'POST', path: cancelPath, body: () => ({ reason: 'x' }), status: 400, code: 'invalid_request' },
  { name: 'cancel: unknown link', method: 'POST', path: '/payment-links/AAAAAAAAAAAAAAAAAAAAAAAA/cancel', body: () => ({}), status: 404, code: 'not_found' },
  { name: 'cancel: register token', method: 'POST', path: cancelPath, auth: 'register', body: () => ({}), status: 401, code: 'unauthorized' },
  { name: 'cancel: no Idempotency-Key', method: 'POST', path: cancelPath, body: () => ({}), key: null, status: 400, code: 'idempotency_key_required' },
];

const TABLES = ['payment_links', 'holds', 'seat_claims', 'deliveries', 'events', 'idempotency_keys', 'payment_attempts', 'sales'];

/** Bad requests at the payment-link endpoints: each answered with its code, nothing written. */
export function linkBadInputSuite(backend: ServerBackend): void {
  describe(`bad input at the payment-link endpoints on ${backend.name}`, () => {
    let server: TestServer;
    const ctx = {} as Ctx;
    const counts = async () => Object.fromEntries(await Promise.all(TABLES.map(async (t) => [t, await countRows(server.db, t)] as const)));
    beforeAll(async () => {
      server = await backend.start({ server: { notify: 'live' } }); // no providers: nothing is sent behind our back
      ctx.desk = await demoDesk(server.url);
      ctx.linkId = (await postLink(server.url, ctx.desk.frank, linkBody(mayaCart(ctx.desk), { channels: ['email'] }))).body.link.id;
      await server.jobs.deliverQueued(); // its (failing: no provider) delivery settles before the cases count rows
    });
    afterAll(() => server.close());

    it.each(CASES)('$name → $status $code, nothing written', async (c) => {
      const before = await counts();
      const token = c.auth === 'register' ? ctx.desk.registerToken : c.auth === 'none' ? undefined : ctx.desk.frank;
      const headers: Record<string, string> = {};
      if (c.method === 'POST' && c.key !== null) headers['Idempotency-Key'] = c.key ?? uid('key');
      const path = typeof c.path === 'function' ? c.path(ctx) : c.path;
      const answer = await api(server.url, c.method, path, { token, headers, body: c.body?.(ctx), rawBody: c.rawBody, contentType: c.contentType });
      expect({ status: answer.status, code: answer.body?.error?.code }).toEqual({ status: c.status, code: c.code });
      expect(answer.body.error.message).toMatch(/\w+ \w+/);
      expect(answer.text).not.toContain('<script>');
      expect(await counts()).toEqual(before);
    });
  });
}
