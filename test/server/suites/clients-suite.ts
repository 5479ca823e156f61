import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientResponseSchema, ClientsResponseSchema } from '../../../shared/contract/http';
import { clients, idempotencyKeys } from '../../../server/src/db/schema';
import type { ServerBackend } from '../../support/server-backends';
import type { TestServer } from '../../support/test-server';
import { api, clientNamed, demoDesk, uid, type DemoDesk } from '../../support/server-api-client';

/**
 * POST /clients and PATCH /clients/:id: a client added at the desk (normalized, found by search and bootstrap),
 * retried safely, refused when its phone or email is another client's, and bad input refused with nothing changed.
 */
export function clientsSuite(backend: ServerBackend): void {
  describe(`clients added and corrected at the desk, on ${backend.name}`, () => {
    let server: TestServer;
    let desk: DemoDesk;
    let phoneN = 0;
    // A fresh 555 number per test: each test adds its own clients.
    const newPhone = () => `(555) 555-${String(2000 + (phoneN += 1)).padStart(4, '0')}`;
    const e164 = (national: string) => `+1${national.replace(/\D/g, '')}`;
    beforeAll(async () => {
      server = await backend.start();
      desk = await demoDesk(server.url);
    });
    afterAll(() => server.close());

    const post = (body: unknown, opts: { key?: string | null; token?: string | null } = {}) =>
      api(server.url, 'POST', '/clients', {
        token: opts.token === null ? undefined : (opts.token ?? desk.frank),
        body,
        headers: opts.key === null ? {} : { 'Idempotency-Key': opts.key ?? uid('key') },
      });
    const patch = (id: string, body: unknown, token: string | null = desk.frank) =>
      api(server.url, 'PATCH', `/clients/${id}`, { token: token ?? undefined, body });
    const clientCount = async () => (await server.db.select({ n: count() }).from(clients))[0]!.n;
    const search = async (query: string) =>
      ClientsResponseSchema.parse((await api(server.url, 'GET', `/clients?query=${encodeURIComponent(query)}`, { token: desk.frank })).body).clients;

    it('adds a client with the phone in E.164; search and bootstrap find them', async () => {
      const phone = newPhone();
      const id = uid('cli');
      const answer = await post({ id, name: '  Jordan Lee ', phone, email: ' jordan.lee@example.com ' });
      expect([answer.status, answer.body.error]).toEqual([201, undefined]);
      const { client } = ClientResponseSchema.parse(answer.body);
      expect(client).toEqual({ id, name: 'Jordan Lee', phone: e164(phone), email: 'jordan.lee@example.com' });
      expect(await search('jordan')).toEqual([client]);
      expect(await search(e164(phone).slice(2))).toEqual([client]);
      const boot = await api(server.url, 'GET', '/bootstrap', { token: desk.registerToken });
      expect(boot.body.clients).toContainEqual(client);
      // Email only is enough, and phone only.
      expect((await post({ id: uid('cli'), name: 'Email Only', email: 'email.only@example.com' })).status).toBe(201);
      expect((await post({ id: uid('cli'), name: 'Phone Only', phone: newPhone() })).status).toBe(201);
    });

    it('a retry answers the same client: the same key replays, the same id and content answers 200; other content is refused', async () => {
      const id = uid('cli');
      const key = uid('key');
      const phone = newPhone();
      const first = await post({ id, name: 'Riley Park', phone }, { key });
      expect(first.status).toBe(201);
      const replay = await post({ id, name: 'Riley Park', phone }, { key });
      expect([replay.status, replay.body.client]).toEqual([201, first.body.client]);
      // A lost answer retried under a new key (the register's id is the same; the phone as typed or as stored).
      const again = await post({ id, name: 'Riley Park', phone: e164(phone) });
      expect([again.status, again.body.client]).toEqual([200, first.body.client]);
      const before = await clientCount();
      const other = await post({ id, name: 'Riley Parker', phone });
      expect(other.status).toBe(409);
      expect(other.body.error).toMatchObject({ code: 'duplicate_client', details: { clientId: id } });
      const reused = await post({ id: uid('cli'), name: 'Someone Else', phone: newPhone() }, { key });
      expect([reused.status, reused.body.error.code]).toEqual([422, 'idempotency_key_reused']);
      expect(await clientCount()).toBe(before);
    });

    it("refuses another client's phone or email (client_exists naming them), whatever its form or case", async () => {
      const maya = clientNamed(desk.clients, 'Maya Chen');
      const before = await clientCount();
      const byPhone = await post({ id: uid('cli'), name: 'Maya Again', phone: '555-555-0101' });
      expect(byPhone.status).toBe(409);
      expect(byPhone.body.error).toMatchObject({ code: 'client_exists', details: { clientId: maya.id, clientName: 'Maya Chen', field: 'phone' } });
      expect(byPhone.body.error.message).toContain('Maya Chen already has this phone number');
      const byEmail = await post({ id: uid('cli'), name: 'Maya Again', email: 'MAYA.CHEN@example.com', phone: newPhone() });
      expect(byEmail.body.error).toMatchObject({ code: 'client_exists', details: { clientId: maya.id, field: 'email' } });
      expect(await clientCount()).toBe(before);
    });

    it('of two desks adding the same phone at once, one adds the client and the other is told it exists', async () => {
      const phone = newPhone();
      const answers = await Promise.all([post({ id: uid('cli'), name: 'Twin One', phone }), post({ id: uid('cli'), name: 'Twin Two', phone })]);
      expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
      expect(answers.find((a) => a.status === 409)!.body.error.code).toBe('client_exists');
      expect(
        await server.db
          .select()
          .from(clients)
          .where(eq(clients.phone, e164(phone))),
      ).toHaveLength(1);
    });

    const BAD: Array<[string, unknown, string?]> = [
      ['no phone and no email', { name: 'No Contact' }],
      ['an empty name', { name: '   ', phone: '(555) 555-0999' }],
      ['a name with markup', { name: '<b>Bold</b>', phone: '(555) 555-0999' }],
      ['a phone that is not one', { name: 'Bad Phone', phone: '12' }, 'phone'],
      ['letters as a phone', { name: 'Bad Phone', phone: 'call me' }, 'phone'],
      ['an email that is not one', { name: 'Bad Email', email: 'maya at example' }, 'email'],
      ['an oversized email', { name: 'Big Email', email: `${'a'.repeat(250)}@x.io` }],
      ['an extra field', { name: 'Extra', phone: '(555) 555-0999', vip: true }],
      ['a phone as a number', { name: 'Number', phone: 5555550999 }],
    ];
    it.each(BAD)('refuses %s with invalid_request and changes nothing', async (_name, body, field) => {
      const before = await clientCount();
      const keysBefore = (await server.db.select({ n: count() }).from(idempotencyKeys))[0]!.n;
      const answer = await post({ id: uid('cli'), ...(body as object) });
      expect(answer.status).toBe(400);
      expect(answer.body.error.code).toBe('invalid_request');
      expect(answer.body.error.message.length).toBeGreaterThan(10);
      if (field) expect(answer.body.error.details).toMatchObject({ field });
      expect(await clientCount()).toBe(before);
      expect((await server.db.select({ n: count() }).from(idempotencyKeys))[0]!.n).toBe(keysBefore);
    });

    it('needs a staff token and an Idempotency-Key; an id is required', async () => {
      const body = { id: uid('cli'), name: 'Token Test', phone: newPhone() };
      const before = await clientCount();
      expect((await post(body, { token: null })).body.error.code).toBe('unauthorized');
      expect((await post(body, { token: desk.registerToken })).status).toBe(401);
      const noKey = await post(body, { key: null });
      expect([noKey.status, noKey.body.error.code]).toEqual([400, 'idempotency_key_required']);
      expect((await post({ name: 'No Id', phone: newPhone() })).status).toBe(400);
      expect(await clientCount()).toBe(before);
    });

    it('PATCH saves a corrected phone or email to the profile; the other part stays', async () => {
      const added = (await post({ id: uid('cli'), name: 'Casey Moss', email: 'casey@example.com' })).body.client;
      const phone = newPhone();
      const answer = await patch(added.id, { phone });
      expect(answer.status).toBe(200);
      expect(ClientResponseSchema.parse(answer.body).client).toEqual({ ...added, phone: e164(phone) });
      expect(await search('casey')).toEqual([{ ...added, phone: e164(phone) }]);
      const email = await patch(added.id, { email: 'casey.moss@example.com' });
      expect(email.body.client).toEqual({ ...added, phone: e164(phone), email: 'casey.moss@example.com' });
      // Saving what the profile already has is no conflict with itself.
      expect((await patch(added.id, { phone: e164(phone) })).status).toBe(200);
    });

    it('PATCH refuses an unknown client, another client’s contact, bad input and a missing staff token, changing nothing', async () => {
      const added = (await post({ id: uid('cli'), name: 'Drew Hale', phone: newPhone() })).body.client;
      const snapshot = async () => JSON.stringify(await server.db.select().from(clients).orderBy(clients.id));
      const before = await snapshot();
      const unknown = await patch('cli_nobody_here', { phone: newPhone() });
      expect([unknown.status, unknown.body.error.code]).toEqual([404, 'client_not_found']);
      const taken = await patch(added.id, { email: 'maya.chen@example.com' });
      expect([taken.status, taken.body.error.code, taken.body.error.details.clientName]).toEqual([409, 'client_exists', 'Maya Chen']);
      for (const body of [{}, { phone: '12' }, { email: 'nope@' }, { phone: newPhone(), name: 'Renamed' }]) {
        const bad = await patch(added.id, body);
        expect([bad.status, bad.body.error.code]).toEqual([400, 'invalid_request']);
      }
      expect((await patch(added.id, { phone: newPhone() }, null)).status).toBe(401);
      expect((await patch(added.id, { phone: newPhone() }, desk.registerToken)).status).toBe(401);
      expect(await snapshot()).toBe(before);
    });
  });
}
