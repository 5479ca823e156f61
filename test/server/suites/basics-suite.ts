import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BootstrapResponseSchema, CatalogResponseSchema, SignInResponseSchema } from '../../../shared/contract/http';
import { dateInZone } from '../../../shared/domain/studio-time';
import type { ServerBackend } from '../../support/server-backends';
import type { TestServer } from '../../support/test-server';
import { api, enroll, itemNamed, lastSpotSession, signIn } from '../../support/server-api-client';

/** Health, enrollment, PIN sign-in, bootstrap, catalog, clients: the reads and the doors. */
export function basicsSuite(backend: ServerBackend): void {
  describe(`server basics on ${backend.name}`, () => {
    let clock = Date.now();
    let server: TestServer;
    beforeAll(async () => {
      server = await backend.start({ now: () => clock });
    });
    afterAll(() => server.close());

    it('answers health with serverTime and the security headers', async () => {
      const answer = await api(server.url, 'GET', '/health');
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ ok: true, serverTime: clock });
      expect(answer.headers.get('referrer-policy')).toBe('no-referrer');
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    });

    it('answers unknown routes and methods with 404 not_found', async () => {
      for (const [method, path] of [
        ['GET', '/nope'],
        ['DELETE', '/sales'],
        ['GET', '/sessions'],
      ] as const) {
        const answer = await api(server.url, method, path);
        expect(answer.status).toBe(404);
        expect(answer.body.error.code).toBe('not_found');
        expect(answer.body.serverTime).toBe(clock);
      }
    });

    it('enrolls registers with increasing numbers and refuses a bad code', async () => {
      const first = await enroll(server.url, 'Desk A');
      const second = await enroll(server.url, 'Desk B');
      expect(second.register.number).toBe(first.register.number + 1);
      expect(first.register).toMatchObject({ name: 'Desk A', locationId: expect.any(String) });
      expect(first.token).toMatch(/^fdr_/);
      const bad = await api(server.url, 'POST', '/registers/enroll', { body: { code: 'WRONG', name: 'Desk C' } });
      expect(bad.status).toBe(401);
      expect(bad.body.error.code).toBe('invalid_enrollment_code');
      const third = await enroll(server.url, 'Desk D');
      expect(third.register.number).toBe(second.register.number + 1); // the refused one took no number
    });

    it('bootstraps the demo studio exactly as DESIGN.md lists it', async () => {
      const { token, register } = await enroll(server.url);
      const answer = await api(server.url, 'GET', '/bootstrap', { token });
      expect(answer.status).toBe(200);
      const boot = BootstrapResponseSchema.parse(answer.body);
      expect(boot.location).toMatchObject({
        name: 'Demo Studio',
        widget: 'demo-studio',
        currency: 'USD',
        timeZone: 'America/New_York',
        locale: 'en-US',
        country: 'US',
      });
      expect(boot.register).toEqual(register);
      expect(boot.lastSeq).toBe(0);
      expect(boot.staff.map((s) => [s.name, s.role]).sort()).toEqual(
        [
          ['Fiona', 'franchisee'],
          ['Frank', 'front_desk'],
          ['Gus', 'guest'],
          ['Mona', 'manager'],
          ['Olivia', 'owner'],
          ['Tess', 'teacher_restricted'],
        ].sort(),
      );
      // No PIN or PIN hash leaks: no field named like one, and none of the demo PINs as a value. (Not a text search:
      // random ids may contain the letters "pin".)
      const keys = new Set<string>();
      const values = new Set<unknown>();
      JSON.parse(answer.text, (key, value) => {
        keys.add(key);
        values.add(value);
        return value;
      });
      expect([...keys].filter((key) => /pin/i.test(key))).toEqual([]);
      for (const pin of ['1111', '2222', '3333', '4444', '5555', '6666']) expect(values.has(pin)).toBe(false);
      const withLinks = boot.staff
        .filter((s) => s.permissions.includes('send_payment_link'))
        .map((s) => s.name)
        .sort();
      expect(withLinks).toEqual(['Fiona', 'Frank', 'Mona', 'Olivia']);
      expect(boot.clients).toEqual(
        expect.arrayContaining([expect.objectContaining({ name: 'Maya Chen', email: expect.any(String), phone: expect.stringMatching(/^\+1/) })]),
      );
      const sam = boot.clients.find((c) => c.name === 'Sam Rivera')!;
      const alex = boot.clients.find((c) => c.name === 'Alex Kim')!;
      expect([sam.email !== undefined, sam.phone !== undefined, alex.email !== undefined, alex.phone !== undefined]).toEqual([true, false, false, true]);
      expect(boot.clients).toHaveLength(3);
      expect(boot.items.map((i) => [i.name, i.kind])).toEqual([
        ['Vinyasa Flow', 'class'],
        ['Reformer Pilates', 'class'],
        ['Private Session 60 min', 'appointment'],
        ['10-Class Pack', 'package'],
        ['Unlimited Monthly', 'membership'],
        ['Grip Socks', 'product'],
        ['Water Bottle', 'product'],
      ]);
      const vinyasa = itemNamed(boot.items, 'Vinyasa Flow');
      const today = dateInZone(clock, 'America/New_York');
      const dates = new Set(vinyasa.sessions!.map((s) => dateInZone(Date.parse(s.startsAt), 'America/New_York')));
      expect(dates.size).toBeGreaterThanOrEqual(2);
      expect(vinyasa.sessions!.every((s) => s.capacity === 20 && s.held === 0)).toBe(true);
      expect([...dates].sort()[0]! >= today).toBe(true);
      expect(lastSpotSession(boot.items).capacity).toBe(20);
      const reformer = itemNamed(boot.items, 'Reformer Pilates');
      expect(reformer.sessions!.length).toBeGreaterThan(0);
      expect(reformer.sessions![0]!.seats!.map((s) => s.label)).toEqual(Array.from({ length: 12 }, (_, i) => `R${i + 1}`));
      expect(reformer.sessions![0]!.seats!.every((s) => s.state === 'free')).toBe(true);
      const privateSession = itemNamed(boot.items, 'Private Session 60 min');
      expect(privateSession.slots!.length).toBeGreaterThan(0);
      expect(privateSession.slots![0]).toMatchObject({ durationMin: 60, state: 'free', staffName: expect.any(String) });
      expect(itemNamed(boot.items, 'Unlimited Monthly').membership).toEqual({ chargeLaterAllowed: true });
      expect(boot.items.every((i) => Number.isInteger(i.priceCents) && i.priceCents > 0)).toBe(true);
    });

    it('serves the catalog to register and staff tokens, and nothing without one', async () => {
      const { token } = await enroll(server.url);
      const answer = await api(server.url, 'GET', '/catalog', { token });
      expect(answer.status).toBe(200);
      expect(CatalogResponseSchema.parse(answer.body).items).toHaveLength(7);
      const anonymous = await api(server.url, 'GET', '/catalog');
      expect(anonymous.status).toBe(401);
      expect(anonymous.body.error.code).toBe('unauthorized');
      expect((await api(server.url, 'GET', '/catalog', { token: 'fdr_notarealtoken123' })).status).toBe(401);
    });

    it('searches clients case-insensitively by name, email or phone', async () => {
      const { token } = await enroll(server.url);
      const names = async (query: string) =>
        (await api(server.url, 'GET', `/clients?query=${encodeURIComponent(query)}`, { token })).body.clients.map((c: any) => c.name).sort();
      expect(await names('maya')).toEqual(['Maya Chen']);
      expect(await names('RIVERA')).toEqual(['Sam Rivera']);
      expect(await names('EXAMPLE.COM')).toEqual(['Maya Chen', 'Sam Rivera']);
      expect(await names('+1555555010')).toEqual(['Alex Kim', 'Maya Chen']);
      expect(await names('%')).toEqual([]);
      expect(await names('')).toEqual(['Alex Kim', 'Maya Chen', 'Sam Rivera']);
    });

    it('signs staff in by PIN, refuses a wrong PIN, and locks a register after 5 wrong PINs a minute', async () => {
      const { token } = await enroll(server.url);
      const ok = await api(server.url, 'POST', '/sessions', { token, body: { pin: '2222' } });
      expect(ok.status).toBe(201);
      const parsed = SignInResponseSchema.parse(ok.body);
      expect(parsed.staff).toMatchObject({ name: 'Frank', role: 'front_desk' });
      expect(parsed.staff.permissions).toEqual(expect.arrayContaining(['send_payment_link', 'take_payment']));
      expect(Date.parse(parsed.expiresAt)).toBe(clock + 24 * 3600_000);
      for (let i = 0; i < 5; i += 1) {
        const wrong = await api(server.url, 'POST', '/sessions', { token, body: { pin: '9999' } });
        expect(wrong.status).toBe(401);
        expect(wrong.body.error.code).toBe('invalid_pin');
      }
      const locked = await api(server.url, 'POST', '/sessions', { token, body: { pin: '2222' } });
      expect(locked.status).toBe(429);
      expect(locked.body.error.code).toBe('too_many_attempts');
      const other = await enroll(server.url, 'Other desk');
      expect((await api(server.url, 'POST', '/sessions', { token: other.token, body: { pin: '1111' } })).status).toBe(201);
      clock += 61_000;
      expect((await api(server.url, 'POST', '/sessions', { token, body: { pin: '2222' } })).status).toBe(201);
    });

    it('needs a register token to sign in, and staff tokens expire after 24 hours', async () => {
      const none = await api(server.url, 'POST', '/sessions', { body: { pin: '2222' } });
      expect(none.status).toBe(401);
      expect(none.body.error.code).toBe('unauthorized');
      const { token } = await enroll(server.url);
      const staffToken = await signIn(server.url, token, '2222');
      expect((await api(server.url, 'GET', '/catalog', { token: staffToken })).status).toBe(200);
      const asRegister = await api(server.url, 'POST', '/sessions', { token: staffToken, body: { pin: '2222' } });
      expect(asRegister.status).toBe(401);
      clock += 24 * 3600_000 + 1;
      expect((await api(server.url, 'GET', '/catalog', { token: staffToken })).status).toBe(401);
      expect((await api(server.url, 'GET', '/catalog', { token })).status).toBe(200);
    });

    it('counts concurrent wrong PINs before they are checked: 40 at once → at most 5 answered 401, the rest 429', async () => {
      const { token } = await enroll(server.url, 'Guessed desk');
      const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => api(server.url, 'POST', '/sessions', { token, body: { pin: String(7000 + i) } })));
      const wrong = answers.filter((a) => a.status === 401);
      const limited = answers.filter((a) => a.status === 429);
      expect(wrong.length).toBeLessThanOrEqual(5);
      expect(wrong.length + limited.length).toBe(40);
      for (const a of wrong) expect(a.body.error.code).toBe('invalid_pin');
      for (const a of limited) expect(a.body.error).toMatchObject({ code: 'too_many_attempts', details: { retryAfterSeconds: expect.any(Number) } });
      // Even the right PIN waits now; a minute later it works.
      expect((await api(server.url, 'POST', '/sessions', { token, body: { pin: '2222' } })).status).toBe(429);
      clock += 61_000;
      expect((await api(server.url, 'POST', '/sessions', { token, body: { pin: '2222' } })).status).toBe(201);
    });

    it('limits enrollment attempts per address: concurrent bad codes → at most 10 answered 401, the rest 429 rate_limited', async () => {
      clock += 61_000; // earlier tests' bad codes have aged out
      const answers = await Promise.all(
        Array.from({ length: 30 }, (_, i) => api(server.url, 'POST', '/registers/enroll', { body: { code: `GUESS-${i}`, name: 'Intruder' } })),
      );
      const bad = answers.filter((a) => a.status === 401);
      const limited = answers.filter((a) => a.status === 429);
      expect(bad.length).toBeLessThanOrEqual(10);
      expect(bad.length + limited.length).toBe(30);
      for (const a of bad) expect(a.body.error.code).toBe('invalid_enrollment_code');
      for (const a of limited) expect(a.body.error).toMatchObject({ code: 'rate_limited', details: { retryAfterSeconds: expect.any(Number) } });
      const during = await api(server.url, 'POST', '/registers/enroll', { body: { code: 'DEMO-ENROLL', name: 'Desk E' } });
      expect(during.status).toBe(429);
      clock += 61_000;
      expect((await enroll(server.url, 'Desk E')).register.name).toBe('Desk E');
      // Right codes do not count: a studio may enroll many registers.
      for (let i = 0; i < 12; i += 1) await enroll(server.url, `Desk ${i}`);
    });
  });
}
