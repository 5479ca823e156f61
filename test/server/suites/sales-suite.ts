import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DaySalesResponseSchema, RosterResponseSchema, SaleResponseSchema } from '../../../shared/contract/http';
import { dateInZone } from '../../../shared/domain/studio-time';
import { bookings, events, roles, sales } from '../../../server/src/db/schema';
import type { ServerBackend } from '../../support/server-backends';
import type { TestServer } from '../../support/test-server';
import { api, cart, cashSale, clientNamed, demoDesk, itemNamed, lastSpotSession, postSale, signIn, uid, type DemoDesk } from '../../support/server-api-client';

/** POST /sales and what it books: roster, day's sales, idempotency, exactly-once, capacity under concurrency. */
export function salesSuite(backend: ServerBackend): void {
  describe(`sales on ${backend.name}`, () => {
    const clock = Date.now();
    let server: TestServer;
    let desk: DemoDesk;
    const countOf = async (table: typeof sales | typeof bookings | typeof events) => Number((await server.db.select({ n: count() }).from(table))[0]!.n);
    beforeAll(async () => {
      server = await backend.start({ now: () => clock });
      desk = await demoDesk(server.url);
    });
    afterAll(() => server.close());

    it("records a cash sale with a seat, books the roster, and shows it in the day's sales", async () => {
      const reformer = itemNamed(desk.items, 'Reformer Pilates');
      const session = reformer.sessions![0]!;
      const seat = session.seats!.find((s) => s.label === 'R3')!;
      const maya = clientNamed(desk.clients, 'Maya Chen');
      const socks = itemNamed(desk.items, 'Grip Socks');
      const c = cart(
        [
          { itemId: socks.id, quantity: 2 },
          { itemId: reformer.id, quantity: 1, sessionId: session.id, seatId: seat.id },
        ],
        desk.items,
        maya.id,
      );
      const body = cashSale(c, { receiptNumber: `${desk.register.number}-1`, createdAt: new Date(clock).toISOString() });
      const answer = await postSale(server.url, desk.frank, body);
      expect(answer.status).toBe(201);
      const { sale } = SaleResponseSchema.parse(answer.body);
      expect(sale).toMatchObject({
        id: body.id,
        receiptNumber: `${desk.register.number}-1`,
        clientId: maya.id,
        clientName: 'Maya Chen',
        staffName: 'Frank',
        totalCents: 2 * 1400 + 4000,
        currency: 'USD',
      });
      expect(sale.lines[1]).toMatchObject({ seatLabel: 'R3', kind: 'class', startsAt: session.startsAt });

      const day = dateInZone(clock, 'America/New_York');
      const daySales = DaySalesResponseSchema.parse((await api(server.url, 'GET', `/sales?date=${day}`, { token: desk.frank })).body);
      expect(daySales.sales.map((s) => s.id)).toContain(sale.id);
      expect(daySales.totals.byMethod.cash).toBeGreaterThanOrEqual(6800);

      const sessionDay = dateInZone(Date.parse(session.startsAt), 'America/New_York');
      const roster = RosterResponseSchema.parse((await api(server.url, 'GET', `/roster?date=${sessionDay}`, { token: desk.registerToken })).body);
      expect(roster.bookings).toContainEqual(
        expect.objectContaining({ saleId: sale.id, seatLabel: 'R3', clientName: 'Maya Chen', itemName: 'Reformer Pilates' }),
      );

      const catalog = (await api(server.url, 'GET', '/catalog', { token: desk.registerToken })).body.items;
      const after = itemNamed(catalog, 'Reformer Pilates').sessions!.find((s) => s.id === session.id)!;
      expect(after.booked).toBe(session.booked + 1);
      expect(after.seats!.find((s) => s.id === seat.id)!.state).toBe('booked');

      const again = cart([{ itemId: reformer.id, quantity: 1, sessionId: session.id, seatId: seat.id }], desk.items, null);
      const taken = await postSale(server.url, desk.frank, cashSale(again));
      expect(taken.status).toBe(409);
      expect(taken.body.error).toMatchObject({ code: 'seat_unavailable', details: { sessionId: session.id, seatId: seat.id } });
    });

    it('totals a split cash + external card sale by method, walk-in, with a server receipt number', async () => {
      const day = dateInZone(clock, 'America/New_York');
      const before = (await api(server.url, 'GET', `/sales?date=${day}`, { token: desk.frank })).body.totals;
      const bottle = itemNamed(desk.items, 'Water Bottle');
      const c = cart([{ itemId: bottle.id, quantity: 3 }], desk.items);
      const body = {
        id: uid('sale'),
        cart: c,
        payments: [
          { method: 'cash', amountCents: 1000 },
          { method: 'external_card', amountCents: c.totalCents - 1000 },
        ],
      };
      const answer = await postSale(server.url, desk.frank, body);
      expect(answer.status).toBe(201);
      expect(answer.body.sale.receiptNumber).toMatch(/^S-\d+$/);
      expect(answer.body.sale.clientId).toBeNull();
      const totals = (await api(server.url, 'GET', `/sales?date=${day}`, { token: desk.frank })).body.totals;
      expect(totals.byMethod.cash).toBe((before.byMethod.cash ?? 0) + 1000);
      expect(totals.byMethod.external_card).toBe((before.byMethod.external_card ?? 0) + 4400);
      expect(totals.totalCents).toBe(before.totalCents + 5400);
      expect(totals.count).toBe(before.count + 1);
      const tomorrow = (await api(server.url, 'GET', `/sales?date=2001-01-01`, { token: desk.frank })).body;
      expect(tomorrow.sales).toEqual([]);
    });

    it('books an appointment slot once, and a charge-later membership for 0 today', async () => {
      const privateSession = itemNamed(desk.items, 'Private Session 60 min');
      const slot = privateSession.slots![privateSession.slots!.length - 1]!;
      const sam = clientNamed(desk.clients, 'Sam Rivera');
      const c = cart([{ itemId: privateSession.id, quantity: 1, slotId: slot.id }], desk.items, sam.id);
      expect((await postSale(server.url, desk.frank, cashSale(c))).status).toBe(201);
      const second = await postSale(server.url, desk.frank, cashSale(cart([{ itemId: privateSession.id, quantity: 1, slotId: slot.id }], desk.items)));
      expect(second.status).toBe(409);
      expect(second.body.error).toMatchObject({ code: 'capacity_unavailable', details: { slotId: slot.id } });

      const unlimited = itemNamed(desk.items, 'Unlimited Monthly');
      const startsOn = dateInZone(clock + 10 * 86_400_000, 'America/New_York');
      const later = cart([{ itemId: unlimited.id, quantity: 1, startsOn, chargeLater: true }], desk.items, sam.id);
      expect(later.totalCents).toBe(0);
      const answer = await postSale(server.url, desk.frank, cashSale(later));
      expect(answer.status).toBe(201);
      expect(answer.body.sale.lines[0]).toMatchObject({ chargeLater: true, startsOn, totalCents: 0 });
    });

    it('replays the same key and body byte for byte, refuses the key with another body, and finds a resent sale id', async () => {
      const socks = itemNamed(desk.items, 'Grip Socks');
      const body = cashSale(cart([{ itemId: socks.id, quantity: 1 }], desk.items));
      const key = uid('key');
      const first = await postSale(server.url, desk.frank, body, key);
      expect(first.status).toBe(201);
      const [salesBefore, eventsBefore] = [await countOf(sales), await countOf(events)];
      const replay = await postSale(server.url, desk.frank, body, key);
      expect(replay.status).toBe(201);
      expect(replay.text).toBe(first.text);
      const reused = await postSale(server.url, desk.frank, { ...body, payments: [{ method: 'external_card', amountCents: 1400 }] }, key);
      expect(reused.status).toBe(422);
      expect(reused.body.error.code).toBe('idempotency_key_reused');
      const sameId = await postSale(server.url, desk.frank, body, uid('key'));
      expect(sameId.status).toBe(200);
      expect(sameId.body.sale).toEqual(first.body.sale);
      const otherContent = await postSale(server.url, desk.frank, {
        ...body,
        cart: { ...body.cart, lines: [{ ...body.cart.lines[0]!, quantity: 2 }], totalCents: 2800 },
        payments: [{ method: 'cash', amountCents: 2800 }],
      });
      expect(otherContent.status).toBe(409);
      expect(otherContent.body.error.code).toBe('duplicate_sale');
      expect([await countOf(sales), await countOf(events)]).toEqual([salesBefore, eventsBefore]);
    });

    it('records a sale exactly once when the same request is retried concurrently', async () => {
      const socks = itemNamed(desk.items, 'Grip Socks');
      const body = cashSale(cart([{ itemId: socks.id, quantity: 4 }], desk.items));
      const key = uid('key');
      const [salesBefore, eventsBefore] = [await countOf(sales), await countOf(events)];
      const answers = await Promise.all(Array.from({ length: 6 }, () => postSale(server.url, desk.frank, body, key)));
      expect(answers.map((a) => a.status)).toEqual(Array(6).fill(201));
      expect(new Set(answers.map((a) => a.text)).size).toBe(1);
      expect(await countOf(sales)).toBe(salesBefore + 1);
      expect(await countOf(events)).toBe(eventsBefore + 1);
    });

    it('sells the last spot of a class exactly once to concurrent registers', async () => {
      const vinyasa = itemNamed(desk.items, 'Vinyasa Flow');
      const session = lastSpotSession(desk.items);
      const tries = await Promise.all(
        Array.from({ length: 5 }, () =>
          postSale(server.url, desk.frank, cashSale(cart([{ itemId: vinyasa.id, quantity: 1, sessionId: session.id }], desk.items))),
        ),
      );
      expect(tries.filter((t) => t.status === 201)).toHaveLength(1);
      const refused = tries.filter((t) => t.status !== 201);
      expect(refused).toHaveLength(4);
      for (const t of refused) expect(t.body.error).toMatchObject({ code: 'capacity_unavailable', details: { sessionId: session.id } });
      const after = itemNamed((await api(server.url, 'GET', '/catalog', { token: desk.frank })).body.items, 'Vinyasa Flow');
      expect(after.sessions!.find((s) => s.id === session.id)).toMatchObject({ booked: 20, capacity: 20 });
      const booked = await server.db.select({ n: count() }).from(bookings).where(eq(bookings.sessionId, session.id));
      expect(Number(booked[0]!.n)).toBe(1);
    });

    it('gives one seat to exactly one of several concurrent sales', async () => {
      const reformer = itemNamed(desk.items, 'Reformer Pilates');
      const session = reformer.sessions![1]!;
      const seat = session.seats!.find((s) => s.label === 'R7')!;
      const tries = await Promise.all(
        Array.from({ length: 4 }, () =>
          postSale(server.url, desk.frank, cashSale(cart([{ itemId: reformer.id, quantity: 1, sessionId: session.id, seatId: seat.id }], desk.items))),
        ),
      );
      expect(tries.filter((t) => t.status === 201)).toHaveLength(1);
      for (const t of tries.filter((t) => t.status !== 201)) {
        expect(t.body.error).toMatchObject({ code: 'seat_unavailable', details: { sessionId: session.id, seatId: seat.id } });
      }
    });

    it('refuses a walk-in buying a package or a membership (422 client_required, nothing written); sells them to a client', async () => {
      const pack = itemNamed(desk.items, '10-Class Pack');
      const unlimited = itemNamed(desk.items, 'Unlimited Monthly');
      const socks = itemNamed(desk.items, 'Grip Socks');
      const today = dateInZone(clock, 'America/New_York');
      const [salesBefore, eventsBefore] = [await countOf(sales), await countOf(events)];
      const walkInPack = await postSale(
        server.url,
        desk.frank,
        cashSale(
          cart(
            [
              { itemId: socks.id, quantity: 1 },
              { itemId: pack.id, quantity: 1 },
            ],
            desk.items,
          ),
        ),
      );
      expect(walkInPack.status).toBe(422);
      expect(walkInPack.body.error).toMatchObject({ code: 'client_required', details: { itemId: pack.id } });
      expect(walkInPack.body.error.message).toMatch(/^A walk-in cannot buy 10-Class Pack: .*Choose a client first\.$/);
      const walkInMembership = await postSale(server.url, desk.frank, cashSale(cart([{ itemId: unlimited.id, quantity: 1, startsOn: today }], desk.items)));
      expect(walkInMembership.status).toBe(422);
      expect(walkInMembership.body.error).toMatchObject({ code: 'client_required', details: { itemId: unlimited.id } });
      expect([await countOf(sales), await countOf(events)]).toEqual([salesBefore, eventsBefore]);

      const alex = clientNamed(desk.clients, 'Alex Kim');
      const sold = await postSale(server.url, desk.frank, cashSale(cart([{ itemId: pack.id, quantity: 1 }], desk.items, alex.id)));
      expect(sold.status).toBe(201);
      expect(sold.body.sale).toMatchObject({ clientId: alex.id, lines: [{ kind: 'package', name: '10-Class Pack' }] });
    });

    it('keeps the cash tendered with the payment, and refuses it on a card or below the amount paid', async () => {
      const socks = itemNamed(desk.items, 'Grip Socks');
      const c = cart([{ itemId: socks.id, quantity: 1 }], desk.items);
      const body = { ...cashSale(c), payments: [{ method: 'cash', amountCents: 1400, tenderedCents: 5000 }] };
      const answer = await postSale(server.url, desk.frank, body);
      expect(answer.status).toBe(201);
      const { sale } = SaleResponseSchema.parse(answer.body);
      expect(sale.payments).toEqual([{ method: 'cash', amountCents: 1400, tenderedCents: 5000 }]);
      const again = SaleResponseSchema.parse((await api(server.url, 'GET', `/sales/${sale.id}`, { token: desk.frank })).body);
      expect(again.sale.payments).toEqual(sale.payments);
      const day = DaySalesResponseSchema.parse(
        (await api(server.url, 'GET', `/sales?date=${dateInZone(clock, 'America/New_York')}`, { token: desk.frank })).body,
      );
      expect(day.sales.find((s) => s.id === sale.id)?.payments).toEqual(sale.payments);

      const salesBefore = await countOf(sales);
      const onCard = await postSale(server.url, desk.frank, {
        ...cashSale(c),
        payments: [{ method: 'external_card', amountCents: 1400, tenderedCents: 2000 }],
      });
      const tooLittle = await postSale(server.url, desk.frank, { ...cashSale(c), payments: [{ method: 'cash', amountCents: 1400, tenderedCents: 1000 }] });
      for (const refused of [onCard, tooLittle]) {
        expect(refused.status).toBe(400);
        expect(refused.body.error).toMatchObject({ code: 'invalid_request', details: { issues: [{ path: 'payments.0.tenderedCents' }] } });
        expect(refused.body.error.message).toMatch(/cash tendered/);
      }
      expect(await countOf(sales)).toBe(salesBefore);
    });

    it('checks totals, payments, tokens and permissions', async () => {
      const socks = itemNamed(desk.items, 'Grip Socks');
      const c = cart([{ itemId: socks.id, quantity: 1 }], desk.items);
      const wrongTotal = await postSale(server.url, desk.frank, cashSale({ ...c, totalCents: 1 }));
      expect(wrongTotal.status).toBe(409);
      expect(wrongTotal.body.error).toMatchObject({ code: 'total_mismatch', details: { expectedCents: 1400 } });
      const shortPaid = await postSale(server.url, desk.frank, { ...cashSale(c), payments: [{ method: 'cash', amountCents: 1000 }] });
      expect(shortPaid.status).toBe(400);
      expect(shortPaid.body.error.code).toBe('invalid_request');
      const noKey = await api(server.url, 'POST', '/sales', { token: desk.frank, body: cashSale(c) });
      expect(noKey.status).toBe(400);
      expect(noKey.body.error.code).toBe('idempotency_key_required');
      const registerToken = await postSale(server.url, desk.registerToken, cashSale(c));
      expect(registerToken.status).toBe(401);
      // Permissions are data: take take_payment away from guests and Gus is refused.
      await server.db.update(roles).set({ permissions: [] }).where(eq(roles.name, 'guest'));
      const gus = await signIn(server.url, desk.registerToken, '6666');
      const denied = await postSale(server.url, gus, cashSale(c));
      expect(denied.status).toBe(403);
      expect(denied.body.error).toMatchObject({ code: 'permission_denied', details: { permission: 'take_payment' } });
      const tess = await signIn(server.url, desk.registerToken, '5555');
      expect((await postSale(server.url, tess, cashSale(c))).status).toBe(201);
    });
  });
}
