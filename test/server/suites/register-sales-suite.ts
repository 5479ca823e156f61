import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DaySalesResponseSchema, SaleResponseSchema } from '../../../shared/contract/http';
import { dateInZone } from '../../../shared/domain/studio-time';
import { bookings, catalogItems, events, locations, sales, staff } from '../../../server/src/db/schema';
import { zonedTime } from '../../../server/src/time/zoned-time';
import type { ServerBackend } from '../../support/server-backends';
import type { TestServer } from '../../support/test-server';
import { api, cart, cashSale, clientNamed, demoDesk, itemNamed, lastSpotSession, postSale, signIn, uid, type DemoDesk } from '../../support/server-api-client';

const ZONE = 'America/New_York';
const MINUTE = 60_000;

/**
 * Register sales that reach the server late (after the studio's midnight, after a price change), what the server
 * accepts of the register's own claims (createdAt, receipt numbers), replays with a fresh serverTime, and who may
 * read the day's sales.
 */
export function registerSalesSuite(backend: ServerBackend): void {
  describe(`register sales judged as of when they were made, on ${backend.name}`, () => {
    // 23:40 in the studio: a sale made at 23:50 reaches the server after midnight.
    const day = '2026-11-26';
    let clock = zonedTime(day, 23, 40, ZONE);
    let server: TestServer;
    let desk: DemoDesk;
    let receiptN = 0;
    const receipt = () => `${desk.register.number}-${(receiptN += 1)}`;
    beforeAll(async () => {
      server = await backend.start({ now: () => clock });
      desk = await demoDesk(server.url);
    });
    afterAll(() => server.close());

    it('accepts a cash sale of a session of its day and a membership starting that day, uploaded after midnight', async () => {
      const vinyasa = itemNamed(desk.items, 'Vinyasa Flow');
      const session = vinyasa.sessions!.find((s) => dateInZone(Date.parse(s.startsAt), ZONE) === day && s.capacity - s.booked > 1)!;
      const unlimited = itemNamed(desk.items, 'Unlimited Monthly');
      // A membership needs a client (a walk-in cannot buy one).
      const c = cart(
        [
          { itemId: vinyasa.id, quantity: 1, sessionId: session.id },
          { itemId: unlimited.id, quantity: 1, startsOn: day },
        ],
        desk.items,
        clientNamed(desk.clients, 'Maya Chen').id,
      );
      const soldAt = zonedTime(day, 23, 50, ZONE);
      clock = zonedTime('2026-11-27', 0, 20, ZONE);
      const body = cashSale(c, { receiptNumber: receipt(), createdAt: new Date(soldAt).toISOString() });
      const answer = await postSale(server.url, desk.frank, body);
      expect([answer.status, answer.body.error]).toEqual([201, undefined]);
      const { sale } = SaleResponseSchema.parse(answer.body);
      expect(sale).toMatchObject({ totalCents: 2500 + 14900, createdAt: new Date(soldAt).toISOString() });
      expect(answer.body.sale.priceCheck).toBeUndefined();
      const daySales = DaySalesResponseSchema.parse((await api(server.url, 'GET', `/sales?date=${day}`, { token: desk.frank })).body);
      expect(daySales.sales.map((s) => s.id)).toContain(sale.id);
      // A session of an earlier day than the sale's is still refused (it was not for sale then either).
      const dayBefore = cart([{ itemId: vinyasa.id, quantity: 1, sessionId: session.id }], desk.items);
      const tooLate = await postSale(server.url, desk.frank, cashSale(dayBefore, { createdAt: new Date(clock).toISOString() }));
      expect(tooLate.status).toBe(400);
    });

    it('accepts an older sale at the register total after a price change (priceCheck: register), not a fresh one', async () => {
      const socks = itemNamed(desk.items, 'Grip Socks');
      const c = cart([{ itemId: socks.id, quantity: 2 }], desk.items); // 2 × 1400 at the register
      const soldAt = clock;
      await server.db.update(catalogItems).set({ priceCents: 1600 }).where(eq(catalogItems.id, socks.id));
      try {
        const fresh = await postSale(server.url, desk.frank, cashSale(c, { createdAt: new Date(clock).toISOString() }));
        expect(fresh.status).toBe(409);
        expect(fresh.body.error).toMatchObject({ code: 'total_mismatch', details: { expectedCents: 3200 } });
        clock += 30 * MINUTE;
        const old = cashSale(c, { receiptNumber: receipt(), createdAt: new Date(soldAt).toISOString() });
        const answer = await postSale(server.url, desk.frank, old);
        expect(answer.status).toBe(201);
        expect(answer.body.sale).toMatchObject({ totalCents: 2800, priceCheck: 'register', payments: [{ method: 'cash', amountCents: 2800 }] });
        const [row] = await server.db.select().from(sales).where(eq(sales.id, old.id));
        expect([row!.priceCheck, row!.totalCents]).toEqual(['register', 2800]);
        // Payments that do not add up to what the register showed are still refused.
        const short = await postSale(server.url, desk.frank, {
          ...cashSale(c, { createdAt: new Date(soldAt).toISOString() }),
          payments: [{ method: 'cash', amountCents: 100 }],
        });
        expect(short.status).toBe(409);
        // An item that no longer exists is refused.
        await server.db.update(catalogItems).set({ active: false }).where(eq(catalogItems.id, socks.id));
        const gone = await postSale(server.url, desk.frank, cashSale(c, { createdAt: new Date(soldAt).toISOString() }));
        expect(gone.status).toBe(400);
      } finally {
        await server.db.update(catalogItems).set({ priceCents: 1400, active: true }).where(eq(catalogItems.id, socks.id));
      }
    });

    it('still refuses a place sold elsewhere meanwhile', async () => {
      const vinyasa = itemNamed(desk.items, 'Vinyasa Flow');
      const session = lastSpotSession(desk.items);
      const soldAt = clock;
      const offline = cashSale(cart([{ itemId: vinyasa.id, quantity: 1, sessionId: session.id }], desk.items), { createdAt: new Date(soldAt).toISOString() });
      const online = cashSale(cart([{ itemId: vinyasa.id, quantity: 1, sessionId: session.id }], desk.items));
      expect((await postSale(server.url, desk.frank, online)).status).toBe(201);
      clock += 15 * MINUTE;
      const late = await postSale(server.url, desk.frank, offline);
      expect(late.status).toBe(409);
      expect(late.body.error).toMatchObject({ code: 'capacity_unavailable', details: { sessionId: session.id } });
    });

    it('bounds createdAt: at most 5 minutes ahead, at most 7 days old', async () => {
      const bottle = itemNamed(desk.items, 'Water Bottle');
      const at = (ms: number) => cashSale(cart([{ itemId: bottle.id, quantity: 1 }], desk.items), { createdAt: new Date(ms).toISOString() });
      for (const ms of [clock + 6 * MINUTE, clock - 8 * 24 * 60 * MINUTE]) {
        const answer = await postSale(server.url, desk.frank, at(ms));
        expect(answer.status).toBe(400);
        expect(answer.body.error).toMatchObject({ code: 'invalid_request', details: { field: 'createdAt' } });
        expect(answer.body.error.message).toMatch(/5 minutes in the future|7 days ago/);
      }
      expect((await postSale(server.url, desk.frank, at(clock + 4 * MINUTE))).status).toBe(201);
      expect((await postSale(server.url, desk.frank, at(clock - 6 * 24 * 60 * MINUTE))).status).toBe(201);
    });

    it("takes only this register's receipt numbers, each once (also when two sales race for one)", async () => {
      const bottle = itemNamed(desk.items, 'Water Bottle');
      const sale = (receiptNumber: string) => cashSale(cart([{ itemId: bottle.id, quantity: 1 }], desk.items), { receiptNumber });
      const foreign = await postSale(server.url, desk.frank, sale(`${desk.register.number + 1}-900`));
      expect(foreign.status).toBe(400);
      expect(foreign.body.error).toMatchObject({ code: 'invalid_request', details: { field: 'receiptNumber' } });
      const used = `${desk.register.number}-1`; // the first test's sale
      const again = await postSale(server.url, desk.frank, sale(used));
      expect(again.status).toBe(409);
      expect(again.body.error).toMatchObject({ code: 'duplicate_sale', details: { receiptNumber: used } });
      const contested = receipt();
      const race = await Promise.all(Array.from({ length: 4 }, () => postSale(server.url, desk.frank, sale(contested))));
      expect(race.filter((a) => a.status === 201)).toHaveLength(1);
      for (const a of race.filter((a) => a.status !== 201))
        expect(a.body.error).toMatchObject({ code: 'duplicate_sale', details: { receiptNumber: contested } });
      const rows = await server.db.select().from(sales).where(eq(sales.receiptNumber, contested));
      expect(rows).toHaveLength(1);
    });

    it('replays an idempotent answer with the serverTime of the replay, the rest unchanged', async () => {
      const bottle = itemNamed(desk.items, 'Water Bottle');
      const body = cashSale(cart([{ itemId: bottle.id, quantity: 2 }], desk.items), { receiptNumber: receipt() });
      const key = uid('key');
      const first = await postSale(server.url, desk.frank, body, key);
      expect(first.body.serverTime).toBe(clock);
      clock += 90_000;
      const replay = await postSale(server.url, desk.frank, body, key);
      expect(replay.status).toBe(201);
      expect(replay.body.serverTime).toBe(clock);
      const { serverTime: _a, ...firstRest } = first.body;
      const { serverTime: _b, ...replayRest } = replay.body;
      expect(replayRest).toEqual(firstRest);
      clock += 1_000;
      const byId = await postSale(server.url, desk.frank, body, uid('key'));
      expect([byId.status, byId.body.serverTime]).toEqual([200, clock]);
    });

    it("reads the day's sales only with a staff token that has view_sales; the roster with a register or staff token", async () => {
      const asRegister = await api(server.url, 'GET', '/sales', { token: desk.registerToken });
      expect(asRegister.status).toBe(401);
      expect(asRegister.body.error).toMatchObject({ code: 'unauthorized', details: { permission: 'view_sales' } });
      expect(asRegister.body.error.message).toMatch(/staff sign-in/);
      expect((await api(server.url, 'GET', '/sales')).status).toBe(401);
      const tess = await signIn(server.url, desk.registerToken, '5555'); // teacher_restricted: no view_sales
      const denied = await api(server.url, 'GET', '/sales', { token: tess });
      expect(denied.status).toBe(403);
      expect(denied.body.error).toMatchObject({ code: 'permission_denied', details: { permission: 'view_sales' } });
      expect((await api(server.url, 'GET', '/sales', { token: desk.frank })).status).toBe(200);
      expect((await api(server.url, 'GET', '/roster', { token: desk.registerToken })).status).toBe(200);
      expect((await api(server.url, 'GET', '/roster', { token: tess })).status).toBe(200);
    });

    it("records sellerStaffId as the seller when a colleague's token carries a stranded sale; refuses a stranger", async () => {
      const boot = await api(server.url, 'GET', '/bootstrap', { token: desk.registerToken });
      const frankId = (boot.body.staff as Array<{ id: string; name: string }>).find((s) => s.name === 'Frank')!.id;
      const olivia = await signIn(server.url, desk.registerToken, '1111');
      const bottle = itemNamed(desk.items, 'Water Bottle');
      const vinyasa = itemNamed(desk.items, 'Vinyasa Flow');
      const session = vinyasa.sessions!.find((s) => Date.parse(s.startsAt) > clock && s.capacity - s.booked - s.held > 1)!;
      const stranded = cashSale(cart([{ itemId: bottle.id, quantity: 1 }], desk.items), { receiptNumber: receipt(), sellerStaffId: frankId });
      const carried = await postSale(server.url, olivia, stranded);
      expect(carried.status).toBe(201);
      expect(carried.body.sale).toMatchObject({ staffId: frankId, staffName: 'Frank' });
      const [row] = await server.db.select().from(sales).where(eq(sales.id, stranded.id));
      expect(row!.staffId).toBe(frankId);
      expect((await api(server.url, 'GET', `/sales/${stranded.id}`, { token: desk.registerToken })).body.sale).toMatchObject({ staffName: 'Frank' });
      // Without the field, the token's staff member made it.
      const own = await postSale(server.url, olivia, cashSale(cart([{ itemId: bottle.id, quantity: 1 }], desk.items)));
      expect(own.body.sale.staffName).toBe('Olivia');

      // Staff of another studio, and an id nobody has: refused, and nothing is written (no sale, booking, event).
      const otherLocation = uid('loc');
      await server.db.insert(locations).values({
        id: otherLocation,
        name: 'Elsewhere',
        widget: uid('w'),
        currency: 'USD',
        timeZone: ZONE,
        enrollmentCodeHash: uid('code'),
        createdAt: new Date(clock),
      });
      const stranger = uid('stf');
      await server.db
        .insert(staff)
        .values({ id: stranger, locationId: otherLocation, name: 'Stranger', role: 'owner', pinHash: 'x', createdAt: new Date(clock) });
      const countOf = async () => ({
        sales: (await server.db.select({ id: sales.id }).from(sales)).length,
        bookings: (await server.db.select({ id: bookings.id }).from(bookings)).length,
        events: (await server.db.select({ seq: events.seq }).from(events)).length,
      });
      const before = await countOf();
      for (const sellerStaffId of [stranger, 'stf_nobody']) {
        const body = cashSale(cart([{ itemId: vinyasa.id, quantity: 1, sessionId: session.id }], desk.items), { sellerStaffId });
        const key = uid('key');
        const refused = await postSale(server.url, olivia, body, key);
        expect(refused.status).toBe(400);
        expect(refused.body.error).toMatchObject({ code: 'invalid_request', details: { field: 'sellerStaffId' } });
        expect(refused.body.error.message).toMatch(/not staff of this studio/);
        expect(await countOf()).toEqual(before);
        // The refusal was not stored under its key: the same key with a valid seller is judged afresh.
        const fixed = await postSale(server.url, olivia, { ...body, sellerStaffId: frankId }, key);
        expect([fixed.status, fixed.body.sale?.staffName]).toEqual([201, 'Frank']);
        before.sales += 1;
        before.bookings += 1;
        before.events = (await countOf()).events;
      }
    });

    it('reads one sale by id with a register or staff token of its location (how a register completes a paid link)', async () => {
      const bottle = itemNamed(desk.items, 'Water Bottle');
      const body = cashSale(cart([{ itemId: bottle.id, quantity: 1 }], desk.items));
      const made = await postSale(server.url, desk.frank, body);
      for (const token of [desk.registerToken, desk.frank]) {
        const answer = await api(server.url, 'GET', `/sales/${body.id}`, { token });
        expect(answer.status).toBe(200);
        expect(SaleResponseSchema.parse(answer.body).sale).toEqual(SaleResponseSchema.parse(made.body).sale);
      }
      expect((await api(server.url, 'GET', `/sales/${body.id}`)).status).toBe(401);
      const unknown = await api(server.url, 'GET', '/sales/sale_nope', { token: desk.registerToken });
      expect([unknown.status, unknown.body.error.code]).toEqual([404, 'not_found']);
      expect((await api(server.url, 'GET', '/sales/%3Cscript%3E', { token: desk.registerToken })).status).toBe(400);
    });
  });
}
