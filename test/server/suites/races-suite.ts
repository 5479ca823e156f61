import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerBackend } from '../../support/server-backends';
import type { TestServer } from '../../support/test-server';
import { cart, clientNamed, demoDesk, itemNamed, type DemoDesk } from '../../support/server-api-client';
import { cancel, capacityViolations, card, CARD, countRows, getLink, linkBody, payUrl, postForm, postLink } from '../../support/server-link-helpers';

const ROUNDS = 30;

/**
 * Payment against cancel and against expiry, run many times at once: each link ends in exactly one outcome, and
 * a paid link always has its sale and bookings, a dead one none (never a charge without a seat).
 */
export function racesSuite(backend: ServerBackend): void {
  describe(`link races on ${backend.name}`, () => {
    let offset = 0;
    const now = () => Date.now() + offset;
    let server: TestServer;
    let desk: DemoDesk;
    beforeAll(async () => {
      server = await backend.start({ now, linkTtlSeconds: 60 });
      desk = await demoDesk(server.url);
    });
    afterAll(() => server.close());

    /** One link per round, spread over the Vinyasa sessions so none runs out of places. */
    async function createLinks() {
      const vinyasa = itemNamed(desk.items, 'Vinyasa Flow');
      const sessions = vinyasa.sessions!.filter((s) => s.capacity - s.booked - s.held >= 8);
      const maya = clientNamed(desk.clients, 'Maya Chen').id;
      return Promise.all(
        Array.from({ length: ROUNDS }, async (_, i) => {
          const c = cart([{ itemId: vinyasa.id, quantity: 1, sessionId: sessions[i % sessions.length]!.id }], desk.items, maya);
          const answer = await postLink(server.url, desk.frank, linkBody(c, { channels: ['email'] }));
          expect(answer.status).toBe(201);
          return answer.body.link;
        }),
      );
    }

    async function expectOneOutcome(linkId: string): Promise<'paid' | 'canceled' | 'expired'> {
      const link = (await getLink(server.url, desk.frank, linkId)).body.link;
      const sales = await countRows(server.db, 'sales', `link_id = '${linkId}'`);
      const active = await countRows(server.db, 'holds', `link_id = '${linkId}' and status = 'active'`);
      const converted = await countRows(server.db, 'holds', `link_id = '${linkId}' and status = 'converted'`);
      const released = await countRows(server.db, 'holds', `link_id = '${linkId}' and status = 'released'`);
      const succeeded = await countRows(server.db, 'payment_attempts', `link_id = '${linkId}' and status = 'succeeded'`);
      expect(active).toBe(0);
      if (link.status === 'paid') expect([sales, converted, released, succeeded, !!link.saleId]).toEqual([1, 1, 0, 1, true]);
      else expect([link.status === 'pending', sales, converted, released, succeeded]).toEqual([false, 0, 0, 1, 0]);
      return link.status;
    }

    it(`cancel against payment, ${ROUNDS} times: exactly one wins`, async () => {
      const links = await createLinks();
      const results = await Promise.all(
        links.map(async (link, i) => {
          const pay = () => postForm(payUrl(link.url), card(CARD.ok));
          const stop = () => cancel(server.url, desk.frank, link.id);
          const [a, b] = i % 2 === 0 ? await Promise.all([pay(), stop()]) : await Promise.all([stop(), pay()]).then(([s, p]) => [p, s] as const);
          const outcome = await expectOneOutcome(link.id);
          // What each side was told agrees with the outcome.
          if (outcome === 'paid') expect([a.status, b.status, b.body.error.code]).toEqual([303, 409, 'already_paid']);
          else expect([outcome, a.status, b.status]).toEqual(['canceled', 409, 200]);
          return outcome;
        }),
      );
      expect(new Set(results).size).toBeGreaterThanOrEqual(1);
      expect(await capacityViolations(server.db)).toEqual([]);
    }, 90_000);

    it(`expiry against payment within 100 ms of the deadline, ${ROUNDS} times: exactly one wins`, async () => {
      const links = await createLinks();
      const answers = await Promise.all(
        links.map(async (link, i) => {
          // Put the server clock within ±50 ms of this link's deadline while both race.
          const deadline = Date.parse(link.expiresAt);
          const jitter = (i % 11) * 10 - 50;
          offset = deadline + jitter - Date.now();
          const [paid] = await Promise.all([postForm(payUrl(link.url), card(CARD.ok)), server.jobs.sweepExpired()]);
          return paid.status;
        }),
      );
      offset += 120_000;
      await server.jobs.sweepExpired();
      const outcomes = [];
      for (const [i, link] of links.entries()) {
        const outcome = await expectOneOutcome(link.id);
        expect([outcome, answers[i]]).toEqual(outcome === 'paid' ? ['paid', 303] : ['expired', 409]);
        outcomes.push(outcome);
      }
      expect(await capacityViolations(server.db)).toEqual([]);
    }, 90_000);
  });
}
