import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerBackend } from '../../support/server-backends';
import type { TestServer } from '../../support/test-server';
import { cart, clientNamed, demoDesk, itemNamed, type DemoDesk } from '../../support/server-api-client';
import { cancel, capacityViolations, card, CARD, countRows, getLink, linkBody, payUrl, postForm, postLink } from '../../support/server-link-helpers';

const ROUNDS = 24;
const TTL_SECONDS = 10;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Payment against cancel and against expiry, round after round, each round staged differently (who starts first,
 * how close to the deadline): every round ends in exactly one outcome with its rows consistent (paid ⇒ sale and
 * bookings, no hold; dead ⇒ no sale, holds released, no charge), and both outcomes happen across the rounds.
 */
export function racesSuite(backend: ServerBackend): void {
  describe(`link races on ${backend.name}`, () => {
    let offset = 0;
    const now = () => Date.now() + offset;
    let server: TestServer;
    let desk: DemoDesk;
    let made = 0;
    beforeAll(async () => {
      server = await backend.start({ now, linkTtlSeconds: TTL_SECONDS });
      desk = await demoDesk(server.url);
    });
    afterAll(() => server.close());

    /** One link, spread over the Vinyasa sessions so none runs out of places. */
    async function createLink() {
      const vinyasa = itemNamed(desk.items, 'Vinyasa Flow');
      const sessions = vinyasa.sessions!.filter((s) => s.capacity - s.booked - s.held >= 8);
      const c = cart(
        [{ itemId: vinyasa.id, quantity: 1, sessionId: sessions[(made += 1) % sessions.length]!.id }],
        desk.items,
        clientNamed(desk.clients, 'Maya Chen').id,
      );
      const answer = await postLink(server.url, desk.frank, linkBody(c, { channels: ['email'] }));
      expect(answer.status).toBe(201);
      return answer.body.link;
    }

    async function expectOneOutcome(linkId: string): Promise<'paid' | 'canceled' | 'expired'> {
      const link = (await getLink(server.url, desk.frank, linkId)).body.link;
      const sales = await countRows(server.db, 'sales', `link_id = '${linkId}'`);
      const bookings = await countRows(server.db, 'bookings b join sales s on s.id = b.sale_id', `s.link_id = '${linkId}'`);
      const active = await countRows(server.db, 'holds', `link_id = '${linkId}' and status = 'active'`);
      const converted = await countRows(server.db, 'holds', `link_id = '${linkId}' and status = 'converted'`);
      const released = await countRows(server.db, 'holds', `link_id = '${linkId}' and status = 'released'`);
      const succeeded = await countRows(server.db, 'payment_attempts', `link_id = '${linkId}' and status = 'succeeded'`);
      expect(link.status).not.toBe('pending');
      expect(active).toBe(0);
      if (link.status === 'paid') expect([sales, bookings, converted, released, succeeded, !!link.saleId]).toEqual([1, 1, 1, 0, 1, true]);
      else expect([sales, bookings, converted, released, succeeded, !!link.saleId]).toEqual([0, 0, 0, 1, 0, false]);
      return link.status;
    }

    it(`cancel against payment, ${ROUNDS} rounds (either may start first, with small head starts): exactly one wins`, async () => {
      const outcomes: string[] = [];
      for (let round = 0; round < ROUNDS; round += 1) {
        const link = await createLink();
        const payFirst = round % 2 === 0;
        const headStartMs = [0, 0, 5, 25][Math.floor(round / 2) % 4]!;
        const pay = () => postForm(payUrl(link.url), card(CARD.ok));
        const stop = () => cancel(server.url, desk.frank, link.id);
        const first = payFirst ? pay() : stop();
        if (headStartMs > 0) await pause(headStartMs);
        const second = payFirst ? stop() : pay();
        const [a, b] = await Promise.all([first, second]);
        const [paid, canceled] = payFirst ? [a, b] : [b, a];
        const outcome = await expectOneOutcome(link.id);
        // What each side was told agrees with the outcome.
        if (outcome === 'paid') expect([paid.status, canceled.status, (canceled as any).body.error.code]).toEqual([303, 409, 'already_paid']);
        else expect([outcome, paid.status, canceled.status]).toEqual(['canceled', 409, 200]);
        outcomes.push(outcome);
      }
      expect(new Set(outcomes)).toEqual(new Set(['paid', 'canceled']));
      expect(await capacityViolations(server.db)).toEqual([]);
    }, 90_000);

    it(`expiry against payment within 100 ms of the deadline, ${ROUNDS} rounds: exactly one wins`, async () => {
      const outcomes: string[] = [];
      for (let round = 0; round < ROUNDS; round += 1) {
        const link = await createLink();
        // This round's clock: the payment reaches the server from 90 ms before the deadline to 30 ms after it.
        const deadline = Date.parse(link.expiresAt);
        const jitterMs = -90 + (round % 7) * 20;
        offset = deadline + jitterMs - Date.now();
        const [answer] = await Promise.all([postForm(payUrl(link.url), card(CARD.ok)), server.jobs.sweepExpired()]);
        offset = deadline + 1_000 - Date.now(); // past the deadline: an unpaid link is expired now
        await server.jobs.sweepExpired();
        const outcome = await expectOneOutcome(link.id);
        expect([outcome, answer.status]).toEqual(outcome === 'paid' ? ['paid', 303] : ['expired', 409]);
        outcomes.push(outcome);
      }
      expect(new Set(outcomes)).toEqual(new Set(['paid', 'expired']));
      expect(await capacityViolations(server.db)).toEqual([]);
    }, 90_000);
  });
}
