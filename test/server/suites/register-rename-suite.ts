import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BootstrapResponseSchema, DaySalesResponseSchema, routes } from '../../../shared/contract/http';
import { registers } from '../../../server/src/db/schema';
import type { ServerBackend } from '../../support/server-backends';
import type { TestServer } from '../../support/test-server';
import { api, cart, cashSale, demoDesk, enroll, itemNamed, postSale, signIn, type DemoDesk } from '../../support/server-api-client';

/**
 * PATCH /registers/current: a register renames itself with its own token; every answer that names it uses the new
 * name from then on, its sales stay its own, and bad input or another kind of token changes nothing.
 */
export function registerRenameSuite(backend: ServerBackend): void {
  describe(`a register renamed from its Settings, on ${backend.name}`, () => {
    let server: TestServer;
    let desk: DemoDesk;
    let other: { token: string; register: { id: string; name: string } };
    beforeAll(async () => {
      server = await backend.start();
      desk = await demoDesk(server.url);
      other = await enroll(server.url, 'Back office');
    });
    afterAll(() => server.close());

    const rename = (body: unknown, token: string | null = desk.registerToken) =>
      api(server.url, 'PATCH', routes.renameRegister.path.replace('/api/v1', ''), { token: token ?? undefined, body });
    const storedNames = async () =>
      Object.fromEntries((await server.db.select({ id: registers.id, name: registers.name }).from(registers)).map((row) => [row.id, row.name]));
    const bootstrapName = async (token: string) => BootstrapResponseSchema.parse((await api(server.url, 'GET', '/bootstrap', { token })).body).register.name;

    it('renames the register of the token (trimmed) and answers it; bootstrap names it so from then on', async () => {
      const answer = await rename({ name: '  Desk by the door ' });
      expect([answer.status, answer.body.error]).toEqual([200, undefined]);
      expect(answer.body.register).toEqual({ ...desk.register, name: 'Desk by the door' });
      expect(typeof answer.body.serverTime).toBe('number');
      expect(await bootstrapName(desk.registerToken)).toBe('Desk by the door');
      // Only this register: the other one keeps its name.
      expect((await storedNames())[other.register.id]).toBe('Back office');
      expect(await bootstrapName(other.token)).toBe('Back office');
    });

    it('setting the same name again answers the same register (a retry is harmless)', async () => {
      const first = await rename({ name: 'Front counter' });
      const again = await rename({ name: 'Front counter' });
      expect([first.status, again.status]).toEqual([200, 200]);
      expect(again.body.register).toEqual(first.body.register);
    });

    it("keeps the register's sales, staff sign-ins and receipt numbers its own across a rename", async () => {
      const socks = itemNamed(desk.items, 'Grip Socks');
      const before = cashSale(cart([{ itemId: socks.id, quantity: 1 }], desk.items), { receiptNumber: `${desk.register.number}-901` });
      expect((await postSale(server.url, desk.frank, before)).status).toBe(201);
      expect((await rename({ name: 'Renamed mid-day' })).status).toBe(200);
      // The staff token taken before the rename still works; a new sign-in does too.
      const after = cashSale(cart([{ itemId: socks.id, quantity: 1 }], desk.items), { receiptNumber: `${desk.register.number}-902` });
      expect((await postSale(server.url, desk.frank, after)).status).toBe(201);
      expect(await signIn(server.url, desk.registerToken, '2222')).toMatch(/./);
      const day = DaySalesResponseSchema.parse((await api(server.url, 'GET', '/sales', { token: desk.frank })).body);
      const ours = day.sales.filter((sale) => sale.id === before.id || sale.id === after.id);
      expect(ours.map((sale) => sale.registerId)).toEqual([desk.register.id, desk.register.id]);
      expect(await bootstrapName(desk.registerToken)).toBe('Renamed mid-day');
    });

    it('takes only a register token: none, a wrong one or a staff token is unauthorized, and nothing changes', async () => {
      const names = await storedNames();
      for (const token of [null, 'reg_not-a-real-token', desk.frank]) {
        const answer = await rename({ name: 'Stolen name' }, token);
        expect([answer.status, answer.body.error.code]).toEqual([401, 'unauthorized']);
      }
      expect(await storedNames()).toEqual(names);
    });

    const BAD: Array<[string, unknown, string | undefined]> = [
      ['an empty name', { name: '' }, 'name'],
      ['a name of spaces', { name: '    ' }, 'name'],
      ['a name with markup', { name: '<b>Desk</b>' }, 'name'],
      ['a name with a line break', { name: 'Front\ndesk' }, 'name'],
      ['a name over 120 characters', { name: 'D'.repeat(121) }, 'name'],
      ['a name as a number', { name: 42 }, 'name'],
      ['no name', {}, undefined],
      ['an extra field', { name: 'Desk', number: 9 }, undefined],
      ['no body', undefined, undefined],
    ];
    it.each(BAD)('refuses %s with invalid_request and changes nothing', async (_what, body, field) => {
      const names = await storedNames();
      const answer = await rename(body);
      expect([answer.status, answer.body.error.code]).toEqual([400, 'invalid_request']);
      expect(answer.body.error.message).toMatch(/not valid|control character/);
      if (field) expect(answer.body.error.details).toMatchObject({ field });
      expect(await storedNames()).toEqual(names);
      const [row] = await server.db.select().from(registers).where(eq(registers.id, desk.register.id));
      expect(row!.name).toBe(names[desk.register.id]);
    });
  });
}
