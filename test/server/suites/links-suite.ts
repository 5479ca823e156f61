import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roles } from '../../../server/src/db/schema';
import { io as connect } from 'socket.io-client';
import { ServerEventSchema, SOCKET_EVENT, SOCKET_NAMESPACE, type ServerEvent } from '../../../shared/contract/events';
import { LinkResponseSchema, LinksResponseSchema } from '../../../shared/contract/http';
import { dateInZone } from '../../../shared/domain/studio-time';
import type { ServerBackend } from '../../support/server-backends';
import type { TestServer } from '../../support/test-server';
import {
  api,
  cart,
  cashSale,
  clientNamed,
  demoDesk,
  enroll,
  itemNamed,
  lastSpotSession,
  postSale,
  signIn,
  uid,
  type DemoDesk,
} from '../../support/server-api-client';
import { cancel, capacityViolations, countRows, getLink, linkBody, mayaCart, postLink, resend, seatCart } from '../../support/server-link-helpers';

/** POST /payment-links and its rules (DESIGN.md section 4 table), GET, resend, cancel, and holds in availability. */
export function linksSuite(backend: ServerBackend): void {
  describe(`payment links on ${backend.name}`, () => {
    const clock = Date.now();
    let server: TestServer;
    let desk: DemoDesk;
    const catalog = async () => (await api(server.url, 'GET', '/catalog', { token: desk.frank })).body.items;
    const feed = async (after = 0) => (await api(server.url, 'GET', `/events?after=${after}&limit=1000`, { token: desk.registerToken })).body;
    beforeAll(async () => {
      server = await backend.start({ now: () => clock });
      desk = await demoDesk(server.url);
    });
    afterAll(() => server.close());

    it('creates a link: invoice, holds, queued deliveries and events in one go', async () => {
      const before = (await feed()).lastSeq;
      const c = mayaCart(desk);
      const answer = await postLink(server.url, desk.frank, linkBody(c));
      expect(answer.status).toBe(201);
      const { link } = LinkResponseSchema.parse(answer.body);
      expect(link.id.length).toBeGreaterThanOrEqual(22); // ≥128 random bits, base64url
      expect(link).toMatchObject({ status: 'pending', cartId: c.id, clientName: 'Maya Chen', totalCents: c.totalCents, currency: 'USD', resendCount: 0 });
      expect(link.url).toBe(`${server.url}/demo-studio/i/${link.id}`);
      expect(Date.parse(link.expiresAt) - Date.parse(link.createdAt)).toBe(900_000);
      expect(link.deliveries.map((d) => [d.channel, d.to])).toEqual([
        ['sms', '+15555550101'],
        ['email', 'maya.chen@example.com'],
      ]);
      const events = (await feed(before)).events;
      expect(events.map((e: { type: string }) => e.type).slice(0, 2)).toEqual(['link.created', 'availability.changed']);
      const session = (await catalog()).flatMap((i: any) => i.sessions ?? []).find((s: any) => s.id === c.lines[0]!.sessionId);
      expect(session.held).toBe(1);
      expect((await getLink(server.url, desk.registerToken, link.id)).body.link.id).toBe(link.id);
      const pending = LinksResponseSchema.parse((await api(server.url, 'GET', '/payment-links?status=pending', { token: desk.frank })).body);
      expect(pending.links.map((l) => l.id)).toContain(link.id);
      expect(await capacityViolations(server.db)).toEqual([]);
    });

    it('refuses a second link for the same cart while one is active (link_already_active), then allows one after cancel', async () => {
      const c = mayaCart(desk);
      const first = await postLink(server.url, desk.frank, linkBody(c));
      const second = await postLink(server.url, desk.frank, linkBody(c));
      expect(second.status).toBe(409);
      expect(second.body.error).toMatchObject({ code: 'link_already_active', details: { linkId: first.body.link.id } });
      expect((await cancel(server.url, desk.frank, first.body.link.id)).status).toBe(200);
      expect((await postLink(server.url, desk.frank, linkBody(c))).status).toBe(201);
    });

    it('refuses a walk-in (client_required), an empty cart, and a deferred subscription', async () => {
      const socks = itemNamed(desk.items, 'Grip Socks');
      const walkIn = await postLink(server.url, desk.frank, linkBody(cart([{ itemId: socks.id, quantity: 1 }], desk.items, null)));
      expect([walkIn.status, walkIn.body.error.code]).toEqual([422, 'client_required']);
      const maya = clientNamed(desk.clients, 'Maya Chen').id;
      const empty = await postLink(server.url, desk.frank, linkBody(cart([], desk.items, maya)));
      expect([empty.status, empty.body.error.code]).toEqual([422, 'empty_cart']);
      const unlimited = itemNamed(desk.items, 'Unlimited Monthly');
      const later = new Date(clock + 10 * 86_400_000);
      const startsOn = dateInZone(later.getTime(), 'America/New_York');
      const deferred = await postLink(
        server.url,
        desk.frank,
        linkBody(cart([{ itemId: unlimited.id, quantity: 1, startsOn, chargeLater: true }], desk.items, maya)),
      );
      expect([deferred.status, deferred.body.error.code]).toEqual([422, 'deferred_subscription']);
    });

    it('checks contacts (invalid_contact with details.field) and the total (total_mismatch with expectedCents)', async () => {
      const alex = clientNamed(desk.clients, 'Alex Kim').id; // phone only
      const socks = itemNamed(desk.items, 'Grip Socks');
      const c = cart([{ itemId: socks.id, quantity: 2 }], desk.items, alex);
      const noEmail = await postLink(server.url, desk.frank, linkBody(c, { channels: ['email'] }));
      expect([noEmail.status, noEmail.body.error.code, noEmail.body.error.details.field]).toEqual([422, 'invalid_contact', 'email']);
      for (const phone of ['5551234567', '+1 555 123 4567', '+1555', 'call me', '+99912345678901234']) {
        const bad = await postLink(server.url, desk.frank, linkBody(c, { channels: ['sms'], phone }));
        expect([bad.status, bad.body.error.code, bad.body.error.details.field]).toEqual([422, 'invalid_contact', 'phone']);
      }
      const badEmail = await postLink(server.url, desk.frank, linkBody(c, { channels: ['email'], email: 'not-an-email' }));
      expect(badEmail.body.error.details.field).toBe('email');
      const wrong = await postLink(server.url, desk.frank, linkBody({ ...c, totalCents: c.totalCents - 1 }, { channels: ['sms'] }));
      expect([wrong.status, wrong.body.error.code, wrong.body.error.details.expectedCents]).toEqual([409, 'total_mismatch', 2800]);
      const ok = await postLink(server.url, desk.frank, linkBody(c, { channels: ['sms', 'email'], email: 'alex@example.com' }));
      expect(ok.status).toBe(201);
      expect(ok.body.link.deliveries.map((d: { to: string }) => d.to)).toEqual(['+15555550103', 'alex@example.com']);
    });

    it('refuses staff whose role lacks send_payment_link (permission_denied), reading permissions from role data', async () => {
      const tess = await signIn(server.url, desk.registerToken, '5555');
      const refused = await postLink(server.url, tess, linkBody(mayaCart(desk)));
      expect([refused.status, refused.body.error.code]).toEqual([403, 'permission_denied']);
      const gus = await signIn(server.url, desk.registerToken, '6666');
      expect((await postLink(server.url, gus, linkBody(mayaCart(desk)))).status).toBe(403);
      for (const pin of ['1111', '3333', '4444']) {
        const token = await signIn(server.url, desk.registerToken, pin);
        expect((await postLink(server.url, token, linkBody(mayaCart(desk)))).status).toBe(201);
      }
      // Permissions are data: taking send_payment_link from front_desk refuses Frank at once, giving it back allows him.
      const frontDesk = and(eq(roles.locationId, desk.register.locationId), eq(roles.name, 'front_desk'));
      await server.db
        .update(roles)
        .set({ permissions: ['take_payment', 'view_sales'] })
        .where(frontDesk);
      expect((await postLink(server.url, desk.frank, linkBody(mayaCart(desk)))).body.error.code).toBe('permission_denied');
      await server.db
        .update(roles)
        .set({ permissions: ['send_payment_link', 'take_payment', 'view_sales'] })
        .where(frontDesk);
      expect((await postLink(server.url, desk.frank, linkBody(mayaCart(desk)))).status).toBe(201);
    });

    it('holds a seat (seat_unavailable for another link or a cash sale) and the last spot (capacity_unavailable)', async () => {
      const held = await postLink(server.url, desk.frank, linkBody(seatCart(desk, 'R7')));
      expect(held.status).toBe(201);
      const items = await catalog();
      const seat: any = itemNamed(items, 'Reformer Pilates').sessions![0]!.seats!.find((s: any) => s.label === 'R7');
      expect(seat.state).toBe('held');
      const again = await postLink(server.url, desk.frank, linkBody(seatCart(desk, 'R7', 0, 'Sam Rivera'), { channels: ['email'] }));
      expect(again.status).toBe(409);
      expect(again.body.error).toMatchObject({ code: 'seat_unavailable', details: { sessionId: seatCart(desk).lines[0]!.sessionId, seatId: seat.id } });
      expect(again.body.error.message).toMatch(/different seat/);
      const c = seatCart(desk, 'R7');
      const sale = await postSale(server.url, desk.frank, cashSale({ ...c, clientId: null }));
      expect([sale.status, sale.body.error.code]).toEqual([409, 'seat_unavailable']);

      const last = lastSpotSession(desk.items);
      const vinyasa = itemNamed(desk.items, 'Vinyasa Flow');
      const maya = clientNamed(desk.clients, 'Maya Chen').id;
      const sam = clientNamed(desk.clients, 'Sam Rivera').id;
      const first = await postLink(server.url, desk.frank, linkBody(cart([{ itemId: vinyasa.id, quantity: 1, sessionId: last.id }], desk.items, maya)));
      expect(first.status).toBe(201);
      const full = await postLink(
        server.url,
        desk.frank,
        linkBody(cart([{ itemId: vinyasa.id, quantity: 1, sessionId: last.id }], desk.items, sam), { channels: ['email'] }),
      );
      expect(full.status).toBe(409);
      expect(full.body.error).toMatchObject({ code: 'capacity_unavailable', details: { sessionId: last.id } });
      const cashFull = await postSale(server.url, desk.frank, cashSale(cart([{ itemId: vinyasa.id, quantity: 1, sessionId: last.id }], desk.items)));
      expect([cashFull.status, cashFull.body.error.code]).toEqual([409, 'capacity_unavailable']);
      // Canceling gives the place back.
      expect((await cancel(server.url, desk.frank, first.body.link.id)).body.link.status).toBe('canceled');
      const after = (await catalog()).flatMap((i: any) => i.sessions ?? []).find((s: any) => s.id === last.id);
      expect([after.held, after.capacity - after.booked]).toEqual([0, 1]);
      expect(await capacityViolations(server.db)).toEqual([]);
    });

    it('holds an appointment slot (slot state held, capacity_unavailable for a second link)', async () => {
      const privateItem = itemNamed(desk.items, 'Private Session 60 min');
      const slot = privateItem.slots!.at(-1)!;
      const maya = clientNamed(desk.clients, 'Maya Chen').id;
      const sam = clientNamed(desk.clients, 'Sam Rivera').id;
      expect(
        (await postLink(server.url, desk.frank, linkBody(cart([{ itemId: privateItem.id, quantity: 1, slotId: slot.id }], desk.items, maya)))).status,
      ).toBe(201);
      const slotNow: any = itemNamed(await catalog(), 'Private Session 60 min').slots!.find((s: any) => s.id === slot.id);
      expect(slotNow.state).toBe('held');
      const second = await postLink(
        server.url,
        desk.frank,
        linkBody(cart([{ itemId: privateItem.id, quantity: 1, slotId: slot.id }], desk.items, sam), { channels: ['email'] }),
      );
      expect(second.body.error).toMatchObject({ code: 'capacity_unavailable', details: { sessionId: slot.id } });
    });

    it('replays the first answer for the same Idempotency-Key and refuses the key with another body', async () => {
      const key = uid('key');
      const c = mayaCart(desk);
      const first = await postLink(server.url, desk.frank, linkBody(c), key);
      const replay = await postLink(server.url, desk.frank, linkBody(c), key);
      expect(replay.status).toBe(201);
      expect(replay.text).toBe(first.text);
      const other = await postLink(server.url, desk.frank, linkBody(mayaCart(desk)), key);
      expect([other.status, other.body.error.code]).toEqual([422, 'idempotency_key_reused']);
      expect(await countRows(server.db, 'payment_links', `cart_id = '${c.id}'`)).toBe(1);
      const missing = await api(server.url, 'POST', '/payment-links', { token: desk.frank, body: linkBody(mayaCart(desk)) });
      expect([missing.status, missing.body.error.code]).toEqual([400, 'idempotency_key_required']);
    });

    it('resends the same link (same id and amount, corrected contact, resendCount + 1, link.resent), never a second link', async () => {
      const created = (await postLink(server.url, desk.frank, linkBody(mayaCart(desk), { channels: ['sms'] }))).body.link;
      const links = await countRows(server.db, 'payment_links');
      const before = (await feed()).lastSeq;
      const key = uid('key');
      const answer = await resend(server.url, desk.frank, created.id, { phone: '+15555550199' }, key);
      expect(answer.status).toBe(200);
      expect(answer.body.link).toMatchObject({ id: created.id, totalCents: created.totalCents, resendCount: 1 });
      expect(answer.body.link.deliveries).toEqual([expect.objectContaining({ channel: 'sms', to: '+15555550199' })]);
      expect((await resend(server.url, desk.frank, created.id, { phone: '+15555550199' }, key)).text).toBe(answer.text);
      expect((await resend(server.url, desk.frank, created.id, {})).body.link.resendCount).toBe(2);
      expect((await feed(before)).events.map((e: any) => e.type)).toContain('link.resent');
      expect(await countRows(server.db, 'payment_links')).toBe(links);
      expect(await countRows(server.db, 'deliveries', `link_id = '${created.id}'`)).toBe(3);
      const bad = await resend(server.url, desk.frank, created.id, { email: 'nope' });
      expect([bad.status, bad.body.error.code, bad.body.error.details.field]).toEqual([422, 'invalid_contact', 'email']);
      await cancel(server.url, desk.frank, created.id);
      const dead = await resend(server.url, desk.frank, created.id, {});
      expect([dead.status, dead.body.error.code]).toEqual([422, 'link_not_payable']);
    });

    it('cancels idempotently (200 again for a canceled link) with link.canceled and availability.changed', async () => {
      const created = (await postLink(server.url, desk.frank, linkBody(mayaCart(desk)))).body.link;
      const before = (await feed()).lastSeq;
      const first = await cancel(server.url, desk.frank, created.id);
      expect(first.status).toBe(200);
      expect(first.body.link).toMatchObject({ id: created.id, status: 'canceled' });
      expect(first.body.link.canceledAt).toBeDefined();
      const again = await cancel(server.url, desk.frank, created.id);
      expect([again.status, again.body.link.status]).toEqual([200, 'canceled']);
      const types = (await feed(before)).events.map((e: any) => e.type).filter((t: string) => t !== 'link.delivery');
      expect(types).toEqual(['link.canceled', 'availability.changed']);
      expect((await cancel(server.url, desk.frank, 'no-such-link')).status).toBe(404);
    });

    it('pushes link events live on the socket, in order, valid per the contract', async () => {
      const after = (await feed()).lastSeq;
      const socket = connect(`${server.url}${SOCKET_NAMESPACE}`, {
        auth: { token: desk.registerToken, afterSeq: after },
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
      });
      const received: ServerEvent[] = [];
      socket.on(SOCKET_EVENT, (event: unknown, ack?: () => void) => {
        received.push(ServerEventSchema.parse(event));
        ack?.();
      });
      try {
        await new Promise<void>((resolve, reject) => {
          socket.once('connect', () => resolve());
          socket.once('connect_error', reject);
        });
        const created = (await postLink(server.url, desk.frank, linkBody(mayaCart(desk), { channels: ['email'] }))).body.link;
        await cancel(server.url, desk.frank, created.id);
        // The cancel's availability.changed comes right after link.canceled: wait for all four, not the third.
        await expect.poll(() => received.filter((e) => e.type !== 'link.delivery').length).toBe(4);
        const types = received.filter((e) => e.type !== 'link.delivery').map((e) => e.type);
        expect(types).toEqual(['link.created', 'availability.changed', 'link.canceled', 'availability.changed']);
        expect(received.map((e) => e.seq)).toEqual(received.map((_, i) => after + i + 1));
        expect(received[0]!.link).toMatchObject({ id: created.id, status: 'pending' });
      } finally {
        socket.close();
      }
    });

    it("keeps links per location: another studio's register cannot read them", async () => {
      const created = (await postLink(server.url, desk.frank, linkBody(mayaCart(desk)))).body.link;
      const other = await enroll(server.url, 'Second desk');
      expect((await getLink(server.url, other.token, created.id)).status).toBe(200); // same location: visible
      expect((await getLink(server.url, 'fdr_not-a-token', created.id)).status).toBe(401);
    });
  });
}
