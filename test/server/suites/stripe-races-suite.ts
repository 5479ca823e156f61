import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerBackend } from '../../support/server-backends';
import type { TestServer } from '../../support/test-server';
import { cart, clientNamed, demoDesk, itemNamed, type DemoDesk } from '../../support/server-api-client';
import { cancel, capacityViolations, countRows, getLink, linkBody, openPage, postLink } from '../../support/server-link-helpers';
import { postWebhook, startStripeDouble, type StripeDouble } from '../../support/server-stripe-double';

const ROUNDS = 9;
type Outcome = 'paid' | 'canceled' | 'expired';
/** When the client's authorization reaches Stripe, relative to the link closing. */
const STAGES = ['before', 'during', 'after'] as const;
type Stage = (typeof STAGES)[number];

/**
 * PAYMENTS=stripe, authorize then capture: a client's authorization against a staff cancel and against the expiry,
 * each staged before, during (while the close's cancel is at Stripe) and after the close, with every settler
 * (webhook, the page back from Stripe, the close itself) racing. Every round ends in one outcome: paid ⇒ captured
 * exactly once, sale and booking, nothing voided or refunded; dead ⇒ never captured, the authorization (if any)
 * voided, places released. No capture without a seat.
 */
export function stripeRacesSuite(backend: ServerBackend): void {
  describe(`Stripe payment races on ${backend.name}: no capture without a seat`, () => {
    const startedAt = Date.now();
    let now = startedAt;
    let stripe: StripeDouble;
    let server: TestServer;
    let desk: DemoDesk;
    let made = 0;
    beforeAll(async () => {
      stripe = await startStripeDouble();
      server = await backend.start({ now: () => now, server: { payments: 'stripe', stripe: stripe.options } });
      desk = await demoDesk(server.url);
    });
    afterAll(async () => {
      await server.close();
      await stripe.close();
    });

    /** A link whose page is open, so its intent exists; spread over the Vinyasa sessions so none fills up. */
    async function openedLink() {
      const vinyasa = itemNamed(desk.items, 'Vinyasa Flow');
      const sessions = vinyasa.sessions!.filter((s) => s.capacity - s.booked - s.held >= 10);
      const c = cart(
        [{ itemId: vinyasa.id, quantity: 1, sessionId: sessions[(made += 1) % sessions.length]!.id }],
        desk.items,
        clientNamed(desk.clients, 'Maya Chen').id,
      );
      const answer = await postLink(server.url, desk.frank, linkBody(c, { channels: ['email'] }));
      expect(answer.status).toBe(201);
      expect((await openPage(answer.body.link.url)).status).toBe(200);
      const intent = [...stripe.intents.values()].find((i) => i.metadata.linkId === answer.body.link.id)!;
      return { link: answer.body.link, intentId: intent.id };
    }

    /** Signed at the server's clock (which the expiry rounds move on). */
    const delivery = (type: string, intentId: string) => stripe.webhook(type, intentId, { timestampSeconds: Math.floor(now / 1000) });

    /** Every settler at once: the authorization webhook, Stripe's success event, the client back on the page. */
    const settleEverywhere = (link: { url: string }, intentId: string) =>
      Promise.all([
        postWebhook(server.url, delivery('payment_intent.amount_capturable_updated', intentId)),
        postWebhook(server.url, delivery('payment_intent.succeeded', intentId)),
        openPage(`${link.url}?payment_intent=${intentId}&redirect_status=succeeded`),
      ]);

    async function expectOneOutcome(linkId: string, intentId: string, authorized: boolean): Promise<Outcome> {
      const link = (await getLink(server.url, desk.frank, linkId)).body.link;
      const captured = stripe.captures.filter((c) => c.intentId === intentId).length;
      const voided = stripe.voided.filter((id) => id === intentId).length;
      const refunded = stripe.refunds.filter((r) => r.paymentIntent === intentId).length;
      const sales = await countRows(server.db, 'sales', `link_id = '${linkId}'`);
      const active = await countRows(server.db, 'holds', `link_id = '${linkId}' and status = 'active'`);
      const converted = await countRows(server.db, 'holds', `link_id = '${linkId}' and status = 'converted'`);
      const released = await countRows(server.db, 'holds', `link_id = '${linkId}' and status = 'released'`);
      const intent = stripe.intents.get(intentId)!;
      expect(link.status).not.toBe('pending');
      expect([active, refunded]).toEqual([0, 0]);
      if (link.status === 'paid') expect([captured, voided, sales, converted, released, intent.status]).toEqual([1, 0, 1, 1, 0, 'succeeded']);
      else expect([captured, voided, sales, converted, released, intent.status]).toEqual([0, authorized ? 1 : 0, 0, 0, 1, 'canceled']);
      return link.status;
    }

    /**
     * One round: the client authorizes at `stage` of `close`, every settler runs alongside the close, then the
     * late webhooks arrive once more. Answers the outcome and whether the client's authorization got through.
     */
    async function round(stage: Stage, close: (linkId: string, deadline: number) => Promise<unknown>): Promise<[Outcome, boolean]> {
      const { link, intentId } = await openedLink();
      const deadline = Date.parse(link.expiresAt);
      let authorized = false;
      const authorize = () => {
        stripe.authorize(intentId);
        authorized = true;
      };
      if (stage === 'before') authorize();
      const atStripe = stage === 'during' ? stripe.gate(new RegExp(`^POST /v1/payment_intents/${intentId}/cancel$`)) : undefined;
      const closing = close(link.id, deadline);
      const settling = stage === 'before' ? settleEverywhere(link, intentId) : Promise.resolve([]);
      if (atStripe) {
        await atStripe.reached; // the close looked (nothing authorized yet) and now cancels
        authorize();
        atStripe.release();
      }
      await Promise.all([closing, settling]);
      if (stage === 'after') expect(() => stripe.authorize(intentId)).toThrow(/canceled/); // Stripe refuses a canceled intent
      if (authorized) await settleEverywhere(link, intentId); // late deliveries of the same facts
      const outcome = await expectOneOutcome(link.id, intentId, authorized);
      now = startedAt;
      return [outcome, authorized];
    }

    it(`staff cancel against the client's payment, ${ROUNDS} rounds: exactly one wins, captured only with a seat`, async () => {
      const outcomes: string[] = [];
      for (let n = 0; n < ROUNDS; n += 1) {
        const stage = STAGES[n % STAGES.length]!;
        let answer: { status: number; body: any } | undefined;
        const [outcome] = await round(stage, async (linkId) => {
          answer = await cancel(server.url, desk.frank, linkId);
        });
        // What staff were told agrees with the outcome.
        if (outcome === 'paid') expect([answer!.status, answer!.body.error.code]).toEqual([409, 'already_paid']);
        else expect([outcome, answer!.status]).toEqual(['canceled', 200]);
        expect([stage, outcome]).toEqual([stage, stage === 'before' ? 'paid' : 'canceled']);
        outcomes.push(outcome);
      }
      expect(new Set(outcomes)).toEqual(new Set(['paid', 'canceled']));
      expect(await capacityViolations(server.db)).toEqual([]);
    }, 120_000);

    it(`the expiry against the client's payment, ${ROUNDS} rounds: exactly one wins, captured only with a seat`, async () => {
      const outcomes: string[] = [];
      for (let n = 0; n < ROUNDS; n += 1) {
        const stage = STAGES[n % STAGES.length]!;
        const [outcome] = await round(stage, async (_linkId, deadline) => {
          now = deadline;
          await server.jobs.sweepExpired();
        });
        expect([stage, outcome]).toEqual([stage, stage === 'before' ? 'paid' : 'expired']);
        outcomes.push(outcome);
      }
      expect(new Set(outcomes)).toEqual(new Set(['paid', 'expired']));
      expect(await capacityViolations(server.db)).toEqual([]);
    }, 120_000);
  });
}
