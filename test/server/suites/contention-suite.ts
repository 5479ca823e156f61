import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../../server/src/db/database';
import { classSessions } from '../../../server/src/db/schema';
import type { ServerBackend } from '../../support/server-backends';
import type { TestServer } from '../../support/test-server';
import { api, cart, clientNamed, demoDesk, itemNamed, signIn, uid, type DemoDesk } from '../../support/server-api-client';
import { cancel, capacityViolations, countRows, linkBody, postLink, seatCart } from '../../support/server-link-helpers';

/**
 * Many creations racing for the same places, on one server (PGlite) or two server processes on one PostgreSQL
 * database: the database decides, exactly as many links as places succeed.
 */
export function contentionSuite(backend: ServerBackend): void {
  describe(`hold contention on ${backend.name}${backend.startAnother ? ' with two server processes' : ''}`, () => {
    let now = Date.now();
    let servers: TestServer[] = [];
    let desk: DemoDesk;
    let tokens: string[] = [];
    beforeAll(async () => {
      const first = await backend.start({ now: () => now, linkTtlSeconds: 60 });
      servers = [first];
      if (backend.startAnother)
        servers.push(await backend.startAnother((first as TestServer & { databaseUrl: string }).databaseUrl, { now: () => now, linkTtlSeconds: 60 }));
      desk = await demoDesk(first.url);
      tokens = [desk.frank, await signIn(first.url, desk.registerToken, '1111')];
    });
    afterAll(async () => {
      for (const server of servers) await server.close();
    });
    const pick = (i: number) => ({ url: servers[i % servers.length]!.url, token: tokens[i % tokens.length]! });

    it('50 concurrent links for one seat: exactly 1 succeeds, the rest seat_unavailable', async () => {
      const answers = await Promise.all(
        Array.from({ length: 50 }, (_, i) => postLink(pick(i).url, pick(i).token, linkBody(seatCart(desk, 'R9', 1), { channels: ['email'] }))),
      );
      const statuses = answers.map((a) => (a.status === 201 ? 'created' : a.body.error.code));
      expect(statuses.filter((s) => s === 'created')).toHaveLength(1);
      expect(statuses.filter((s) => s === 'seat_unavailable')).toHaveLength(49);
      expect(await capacityViolations(servers[0]!.db)).toEqual([]);
    }, 60_000);

    it('200 concurrent links for a 20-spot session: exactly 20; random cancels and expiries never pass capacity', async () => {
      const vinyasa = itemNamed(desk.items, 'Vinyasa Flow');
      const template = vinyasa.sessions![1]!;
      const sessionId = uid('ses');
      await servers[0]!.db.insert(classSessions).values({
        id: sessionId,
        locationId: desk.register.locationId,
        itemId: vinyasa.id,
        startsAt: new Date(Date.parse(template.startsAt) + 30 * 60_000),
        durationMin: 60,
        capacity: 20,
        externalBooked: 0,
      });
      const maya = clientNamed(desk.clients, 'Maya Chen').id;
      const create = (i: number) =>
        postLink(pick(i).url, pick(i).token, linkBody(cart([{ itemId: vinyasa.id, quantity: 1, sessionId }], desk.items, maya), { channels: ['email'] }));
      const answers = await Promise.all(Array.from({ length: 200 }, (_, i) => create(i)));
      const created = answers.filter((a) => a.status === 201).map((a) => a.body.link.id as string);
      expect(created).toHaveLength(20);
      expect(answers.filter((a) => a.status === 409 && a.body.error.code === 'capacity_unavailable')).toHaveLength(180);

      // Random cancels, expiries and new creations, all at once, several rounds.
      let live = [...created];
      for (let round = 0; round < 4; round += 1) {
        const toCancel = live.filter((_, i) => (i + round) % 3 === 0);
        const ops: Array<Promise<unknown>> = toCancel.map((id, i) => cancel(pick(i).url, pick(i).token, id));
        ops.push(...Array.from({ length: 30 }, (_, i) => create(i + round)));
        if (round % 2 === 1) {
          now += 61_000; // every link made so far is due
          ops.push(...servers.map((server) => server.jobs.sweepExpired()));
        }
        await Promise.all(ops);
        expect(await capacityViolations(servers[0]!.db)).toEqual([]);
        const active = await countRows(servers[0]!.db, 'holds', `session_id = '${sessionId}' and status = 'active'`);
        expect(active).toBeLessThanOrEqual(20);
        const { body } = await api(servers[0]!.url, 'GET', '/catalog', { token: desk.frank });
        const session = body.items.flatMap((i: any) => i.sessions ?? []).find((s: any) => s.id === sessionId);
        expect(session.held + session.booked).toBe(active);
        live = (await countRows(servers[0]!.db, 'payment_links', "status = 'pending'")) > 0 ? await pendingIds() : [];
      }

      // Each link ended at most once, even with both processes sweeping and canceling at the same moment.
      const endings = rowsOf<{ link_id: string; n: number }>(
        await servers[0]!.db.execute(
          sql`select link_id, count(*)::int as n from events where type in ('link.canceled', 'link.expired', 'link.paid') group by link_id having count(*) > 1`,
        ),
      );
      expect(endings).toEqual([]);

      async function pendingIds(): Promise<string[]> {
        const { body } = await api(servers[0]!.url, 'GET', '/payment-links?status=pending', { token: desk.frank });
        return body.links.map((l: { id: string }) => l.id);
      }
    }, 120_000); // 200 + 4×30 requests: generous for a loaded 2-core machine
  });
}
