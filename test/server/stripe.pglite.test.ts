import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server';
import { api, cart, clientNamed, demoDesk, itemNamed, type DemoDesk } from '../support/server-api-client';
import { cancel, capacityViolations, countRows, getLink, linkBody, openPage, postLink } from '../support/server-link-helpers';
import { postWebhook, startStripeDouble } from '../support/server-stripe-double';

describe('PAYMENTS=stripe against a local double of the Stripe API', () => {
  let now = Date.now();
  let stripe: Awaited<ReturnType<typeof startStripeDouble>>;
  let server: TestServer;
  let desk: DemoDesk;
  /** A link whose page was opened (so its PaymentIntent exists); answers the link and its intent id. */
  let made = 0;
  const openedLink = async () => {
    // Spread over the Vinyasa sessions so none fills up.
    const vinyasa = itemNamed(desk.items, 'Vinyasa Flow');
    const sessions = vinyasa.sessions!.filter((s) => s.capacity - s.booked - s.held >= 10);
    const c = cart(
      [{ itemId: vinyasa.id, quantity: 1, sessionId: sessions[(made += 1) % sessions.length]!.id }],
      desk.items,
      clientNamed(desk.clients, 'Maya Chen').id,
    );
    const answer = await postLink(server.url, desk.frank, linkBody(c));
    expect(answer.status).toBe(201);
    const link = answer.body.link;
    const page = await openPage(link.url);
    expect(page.status).toBe(200);
    const intent = [...stripe.intents.values()].find((i) => i.metadata.linkId === link.id)!;
    return { link, intentId: intent.id, page };
  };
  beforeAll(async () => {
    stripe = await startStripeDouble();
    server = await startTestServer({ now: () => now, server: { payments: 'stripe', stripe: stripe.options } });
    desk = await demoDesk(server.url);
  });
  afterAll(async () => {
    await server.close();
    await stripe.close();
  });

  it('makes one PaymentIntent per link (link id as idempotency key) and shows the Payment Element', async () => {
    const { link, intentId, page } = await openedLink();
    expect(page.text).toContain('<script src="https://js.stripe.com/v3/"');
    expect(page.text).toContain('data-key="pk_test_double"');
    expect(page.text).toContain(`data-secret="${intentId}_secret_x"`);
    expect(page.headers.get('content-security-policy')).toContain('https://js.stripe.com');
    await openPage(link.url);
    expect([...stripe.intents.values()].filter((i) => i.metadata.linkId === link.id)).toHaveLength(1);
    expect(stripe.intents.get(intentId)!.amount).toBe(link.totalCents);
    expect(stripe.idempotencyKeys.get(link.id)).toBe(intentId); // the link id is the idempotency key
    expect((await fetch(`${link.url}/pay`, { method: 'POST' })).status).toBe(404); // no sandbox form in stripe mode
    const challenge = await fetch(`${link.url}/challenge/pay_xxxxxxxxxxxxxxxxxxxxxx`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'result=complete',
    });
    expect(challenge.status).toBe(404); // nor the sandbox's 3-D Secure step
  });

  it('takes a success webhook once: duplicates and out-of-order events change nothing more', async () => {
    const { link, intentId } = await openedLink();
    const waiting = stripe.webhook('payment_intent.requires_action', intentId);
    stripe.succeed(intentId, { brand: 'mastercard', last4: '4444' });
    const success = stripe.webhook('payment_intent.succeeded', intentId, { eventId: 'evt_success_1' });
    expect((await postWebhook(server.url, success)).status).toBe(200);
    const again = await postWebhook(server.url, success);
    expect(again.body).toMatchObject({ received: true, duplicate: true });
    expect((await postWebhook(server.url, waiting)).status).toBe(200); // older event arriving late
    expect((await postWebhook(server.url, stripe.webhook('payment_intent.succeeded', intentId))).status).toBe(200); // a second event id
    expect((await postWebhook(server.url, stripe.webhook('payment_intent.canceled', intentId))).status).toBe(200);
    const paid = (await getLink(server.url, desk.frank, link.id)).body.link;
    expect(paid.status).toBe('paid');
    expect(await countRows(server.db, 'sales', `link_id = '${link.id}'`)).toBe(1);
    const sale = (await api(server.url, 'GET', '/sales', { token: desk.frank })).body.sales.find((s: any) => s.id === paid.saleId);
    expect(sale.payments).toEqual([{ method: 'payment_link', amountCents: link.totalCents, cardBrand: 'mastercard', cardLast4: '4444' }]);
    expect(stripe.refunds).toHaveLength(0);
  });

  it("the client's 3-D Secure step and a failed payment reach the register as events, only while the link can be paid", async () => {
    const { link, intentId } = await openedLink();
    const after = (await api(server.url, 'GET', '/events?after=0&limit=1', { token: desk.registerToken })).body.lastSeq;
    expect((await postWebhook(server.url, stripe.webhook('payment_intent.requires_action', intentId))).status).toBe(200);
    expect((await postWebhook(server.url, stripe.webhook('payment_intent.payment_failed', intentId))).status).toBe(200);
    stripe.succeed(intentId);
    expect((await postWebhook(server.url, stripe.webhook('payment_intent.succeeded', intentId))).status).toBe(200);
    expect((await postWebhook(server.url, stripe.webhook('payment_intent.requires_action', intentId))).status).toBe(200); // late: paid already
    const events = (await api(server.url, 'GET', `/events?after=${after}&limit=1000`, { token: desk.registerToken })).body.events.filter(
      (e: any) => e.linkId === link.id && e.type !== 'link.delivery',
    );
    expect(events.map((e: any) => [e.type, e.attempt?.outcome ?? null])).toEqual([
      ['link.authenticating', 'authenticating'],
      ['link.payment_failed', 'failed'],
      ['link.paid', null],
    ]);
    expect(events[1].attempt.message).toBe('The payment failed.');
  });

  it('shows the paid page when the client comes back from Stripe before the webhook', async () => {
    const { link, intentId } = await openedLink();
    stripe.succeed(intentId, { brand: 'amex', last4: '0005' });
    const page = await openPage(`${link.url}?payment_intent=${intentId}&redirect_status=succeeded`);
    expect(page.text).toContain('data-state="paid"');
    expect(page.text).toContain('amex ending 0005');
    await postWebhook(server.url, stripe.webhook('payment_intent.succeeded', intentId)); // arrives later: no effect
    expect(await countRows(server.db, 'sales', `link_id = '${link.id}'`)).toBe(1);
  });

  it('duplicate and reordered webhooks for 20 links at once: each link paid exactly once, nothing refunded', async () => {
    const opened = await Promise.all(Array.from({ length: 20 }, () => openedLink()));
    const refundsBefore = stripe.refunds.length;
    await Promise.all(
      opened.map(async ({ intentId }, i) => {
        const early = stripe.webhook('payment_intent.requires_action', intentId);
        const failed = stripe.webhook('payment_intent.payment_failed', intentId);
        stripe.succeed(intentId);
        const success = stripe.webhook('payment_intent.succeeded', intentId);
        const deliveries = [success, early, success, failed, stripe.webhook('payment_intent.succeeded', intentId), success];
        const order = i % 2 === 0 ? deliveries : [...deliveries].reverse();
        const answers = await Promise.all(order.map((d) => postWebhook(server.url, d)));
        expect(answers.every((a) => a.status === 200)).toBe(true);
      }),
    );
    for (const { link } of opened) {
      expect((await getLink(server.url, desk.frank, link.id)).body.link.status).toBe('paid');
      expect(await countRows(server.db, 'sales', `link_id = '${link.id}'`)).toBe(1);
    }
    expect(stripe.refunds.length).toBe(refundsBefore);
    expect(await capacityViolations(server.db)).toEqual([]);
  }, 90_000);

  it('refuses a tampered, unsigned or stale webhook, changing nothing', async () => {
    const { link, intentId } = await openedLink();
    stripe.succeed(intentId);
    const good = stripe.webhook('payment_intent.succeeded', intentId);
    const tampered = { payload: good.payload.replace(`"amount":${link.totalCents}`, '"amount":1'), header: good.header };
    const wrongSecret = stripe.webhook('payment_intent.succeeded', intentId, { secret: 'whsec_other' });
    const stale = stripe.webhook('payment_intent.succeeded', intentId, { timestampSeconds: Math.floor(now / 1000) - 3600 });
    for (const delivery of [tampered, wrongSecret, stale, { payload: good.payload, header: '' }, { payload: good.payload, header: 't=1,v1=abc' }]) {
      const answer = await postWebhook(server.url, delivery);
      expect([delivery.header.slice(0, 12), answer.status, answer.body.error?.code]).toEqual([delivery.header.slice(0, 12), 400, 'invalid_request']);
    }
    const huge = await fetch(`${server.url}/webhooks/stripe`, { method: 'POST', headers: { 'stripe-signature': good.header }, body: 'x'.repeat(300_000) });
    expect(huge.status).toBe(413);
    expect((await getLink(server.url, desk.frank, link.id)).body.link.status).toBe('pending');
    expect(await countRows(server.db, 'processor_events')).toBeGreaterThan(0);
    expect((await postWebhook(server.url, good)).status).toBe(200);
    expect((await getLink(server.url, desk.frank, link.id)).body.link.status).toBe('paid');
  });

  it('cancels the intent before releasing holds; if Stripe says it already succeeded, the link is paid (cancel and expiry)', async () => {
    const canceled = await openedLink();
    expect((await cancel(server.url, desk.frank, canceled.link.id)).body.link.status).toBe('canceled');
    expect(stripe.intents.get(canceled.intentId)!.status).toBe('canceled');
    expect(stripe.calls).toContain(`POST /v1/payment_intents/${canceled.intentId}/cancel`);

    const raced = await openedLink();
    stripe.succeed(raced.intentId); // paid at Stripe, webhook not here yet
    const answer = await cancel(server.url, desk.frank, raced.link.id);
    expect([answer.status, answer.body.error.code, answer.body.error.details.link.status]).toEqual([409, 'already_paid', 'paid']);

    const expiring = await openedLink();
    stripe.succeed(expiring.intentId);
    now = Date.parse(expiring.link.expiresAt);
    await server.jobs.sweepExpired();
    expect((await getLink(server.url, desk.frank, expiring.link.id)).body.link.status).toBe('paid');
    expect(await capacityViolations(server.db)).toEqual([]);
    now = Date.now(); // back to the clock the webhook signatures use
  });

  it('refunds, once and on record, a success that arrives for a dead link', async () => {
    const { link, intentId } = await openedLink();
    await cancel(server.url, desk.frank, link.id);
    stripe.succeed(intentId); // the processor's race: money taken after all
    await postWebhook(server.url, stripe.webhook('payment_intent.succeeded', intentId));
    await postWebhook(server.url, stripe.webhook('payment_intent.succeeded', intentId));
    expect((await getLink(server.url, desk.frank, link.id)).body.link.status).toBe('canceled');
    expect(stripe.refunds.filter((r) => r.paymentIntent === intentId)).toHaveLength(1);
    expect(await countRows(server.db, 'refunds', `intent_id = '${intentId}' and status = 'succeeded'`)).toBe(1);
    expect(await countRows(server.db, 'sales', `link_id = '${link.id}'`)).toBe(0);
  });
});
