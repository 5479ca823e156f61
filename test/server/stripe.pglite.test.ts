import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoicePageCsp } from '../../server/src/pages/invoice-csp';
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

  it('makes one PaymentIntent per link (link id as idempotency key): cards only, manual capture; shows the Payment Element', async () => {
    const { link, intentId, page } = await openedLink();
    const created = stripe.creates.find((c) => c.idempotencyKey === link.id)!;
    expect(created.params).toMatchObject({ 'allowed_payment_method_types[0]': 'card', capture_method: 'manual', 'metadata[linkId]': link.id });
    expect(Object.keys(created.params).filter((k) => /^(automatic_payment_methods|payment_method_types)/.test(k))).toEqual([]);
    expect(Object.keys(created.params).filter((k) => k.startsWith('allowed_payment_method_types'))).toEqual(['allowed_payment_method_types[0]']);
    expect(created.stripeVersion).toMatch(/endive$/); // the API version on which payment_method_types is refused
    expect(page.text).toContain('<script src="https://js.stripe.com/v3/"');
    expect(page.text).toContain('data-key="pk_test_double"');
    expect(page.text).toContain(`data-secret="${intentId}_secret_x"`);
    const policy = page.headers.get('content-security-policy')!;
    expect(policy).toBe(invoicePageCsp('stripe', { nonce: /'nonce-([^']+)'/.exec(policy)![1]! }));
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

  it('captures an authorization once, as the link is paid: duplicates and out-of-order events change nothing more', async () => {
    const { link, intentId } = await openedLink();
    const waiting = stripe.webhook('payment_intent.requires_action', intentId);
    stripe.authorize(intentId, { brand: 'mastercard', last4: '4444' });
    expect(stripe.intents.get(intentId)!.status).toBe('requires_capture'); // the client's confirmation only authorizes
    const authorized = stripe.webhook('payment_intent.amount_capturable_updated', intentId, { eventId: 'evt_authorized_1' });
    expect((await postWebhook(server.url, authorized)).status).toBe(200);
    expect(stripe.captures).toContainEqual({ intentId, idempotencyKey: `capture-${intentId}` });
    expect(stripe.intents.get(intentId)!.status).toBe('succeeded');
    const again = await postWebhook(server.url, authorized);
    expect(again.body).toMatchObject({ received: true, duplicate: true });
    expect((await postWebhook(server.url, waiting)).status).toBe(200); // older event arriving late
    expect((await postWebhook(server.url, stripe.webhook('payment_intent.succeeded', intentId))).status).toBe(200); // after our capture
    expect((await postWebhook(server.url, stripe.webhook('payment_intent.amount_capturable_updated', intentId))).status).toBe(200); // a second event id
    expect((await postWebhook(server.url, stripe.webhook('payment_intent.canceled', intentId))).status).toBe(200);
    expect(stripe.captures.filter((c) => c.intentId === intentId)).toHaveLength(1);
    const paid = (await getLink(server.url, desk.frank, link.id)).body.link;
    expect(paid.status).toBe('paid');
    expect(await countRows(server.db, 'payment_attempts', `link_id = '${link.id}' and status = 'succeeded'`)).toBe(1);
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
    stripe.authorize(intentId);
    expect((await postWebhook(server.url, stripe.webhook('payment_intent.amount_capturable_updated', intentId))).status).toBe(200);
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

  it('captures and shows the paid page when the client comes back from Stripe before the webhook', async () => {
    const { link, intentId } = await openedLink();
    stripe.authorize(intentId, { brand: 'amex', last4: '0005' });
    const page = await openPage(`${link.url}?payment_intent=${intentId}&redirect_status=succeeded`);
    expect(page.text).toContain('data-state="paid"');
    expect(page.text).toContain('0005'); // the card's last four (the page words the brand)
    expect(stripe.captures.filter((c) => c.intentId === intentId)).toHaveLength(1);
    await postWebhook(server.url, stripe.webhook('payment_intent.amount_capturable_updated', intentId)); // arrives later: no effect
    await postWebhook(server.url, stripe.webhook('payment_intent.succeeded', intentId));
    expect(await countRows(server.db, 'sales', `link_id = '${link.id}'`)).toBe(1);
    expect(stripe.captures.filter((c) => c.intentId === intentId)).toHaveLength(1);
  });

  it('duplicate and reordered webhooks for 20 links at once: each link captured and paid exactly once, nothing refunded', async () => {
    const opened = await Promise.all(Array.from({ length: 20 }, () => openedLink()));
    const refundsBefore = stripe.refunds.length;
    await Promise.all(
      opened.map(async ({ intentId }, i) => {
        const early = stripe.webhook('payment_intent.requires_action', intentId);
        const failed = stripe.webhook('payment_intent.payment_failed', intentId);
        stripe.authorize(intentId);
        const success = stripe.webhook('payment_intent.amount_capturable_updated', intentId);
        const captured = stripe.webhook('payment_intent.succeeded', intentId); // as Stripe sends it after a capture
        const deliveries = [success, early, captured, success, failed, stripe.webhook('payment_intent.amount_capturable_updated', intentId), success];
        const order = i % 2 === 0 ? deliveries : [...deliveries].reverse();
        const answers = await Promise.all(order.map((d) => postWebhook(server.url, d)));
        expect(answers.every((a) => a.status === 200)).toBe(true);
      }),
    );
    for (const { link, intentId } of opened) {
      expect((await getLink(server.url, desk.frank, link.id)).body.link.status).toBe('paid');
      expect(await countRows(server.db, 'sales', `link_id = '${link.id}'`)).toBe(1);
      expect(stripe.captures.filter((c) => c.intentId === intentId)).toHaveLength(1);
    }
    expect(stripe.refunds.length).toBe(refundsBefore);
    expect(await capacityViolations(server.db)).toEqual([]);
  }, 90_000);

  it('refuses a tampered, unsigned or stale webhook, changing nothing', async () => {
    const { link, intentId } = await openedLink();
    stripe.authorize(intentId);
    const good = stripe.webhook('payment_intent.amount_capturable_updated', intentId);
    const tampered = { payload: good.payload.replace(`"amount":${link.totalCents}`, '"amount":1'), header: good.header };
    const wrongSecret = stripe.webhook('payment_intent.amount_capturable_updated', intentId, { secret: 'whsec_other' });
    const stale = stripe.webhook('payment_intent.amount_capturable_updated', intentId, { timestampSeconds: Math.floor(now / 1000) - 3600 });
    for (const delivery of [tampered, wrongSecret, stale, { payload: good.payload, header: '' }, { payload: good.payload, header: 't=1,v1=abc' }]) {
      const answer = await postWebhook(server.url, delivery);
      expect([delivery.header.slice(0, 12), answer.status, answer.body.error?.code]).toEqual([delivery.header.slice(0, 12), 400, 'invalid_request']);
    }
    const huge = await fetch(`${server.url}/webhooks/stripe`, { method: 'POST', headers: { 'stripe-signature': good.header }, body: 'x'.repeat(300_000) });
    expect(huge.status).toBe(413);
    expect((await getLink(server.url, desk.frank, link.id)).body.link.status).toBe('pending');
    expect(stripe.captures.filter((c) => c.intentId === intentId)).toHaveLength(0);
    expect(await countRows(server.db, 'processor_events')).toBeGreaterThan(0);
    expect((await postWebhook(server.url, good)).status).toBe(200);
    expect((await getLink(server.url, desk.frank, link.id)).body.link.status).toBe('paid');
  });

  it('cancels the intent before releasing holds; an authorization already there is captured and the link paid (cancel and expiry)', async () => {
    const canceled = await openedLink();
    expect((await cancel(server.url, desk.frank, canceled.link.id)).body.link.status).toBe('canceled');
    expect(stripe.intents.get(canceled.intentId)!.status).toBe('canceled');
    expect(stripe.calls).toContain(`POST /v1/payment_intents/${canceled.intentId}/cancel`);

    const raced = await openedLink();
    stripe.authorize(raced.intentId); // authorized at Stripe, webhook not here yet
    const answer = await cancel(server.url, desk.frank, raced.link.id);
    expect([answer.status, answer.body.error.code, answer.body.error.details.link.status]).toEqual([409, 'already_paid', 'paid']);
    expect(stripe.captures.filter((c) => c.intentId === raced.intentId)).toHaveLength(1);

    const expiring = await openedLink();
    stripe.authorize(expiring.intentId);
    now = Date.parse(expiring.link.expiresAt);
    await server.jobs.sweepExpired();
    expect((await getLink(server.url, desk.frank, expiring.link.id)).body.link.status).toBe('paid');
    expect(stripe.captures.filter((c) => c.intentId === expiring.intentId)).toHaveLength(1);
    expect(stripe.voided).toEqual([]);
    expect(await capacityViolations(server.db)).toEqual([]);
    now = Date.now(); // back to the clock the webhook signatures use
  });

  it('voids, never captures, an authorization that lands for a dead link', async () => {
    const { link, intentId } = await openedLink();
    await cancel(server.url, desk.frank, link.id);
    stripe.authorize(intentId, undefined, { afterCancel: true }); // Stripe's race: authorized after all
    const delivery = stripe.webhook('payment_intent.amount_capturable_updated', intentId);
    expect((await postWebhook(server.url, delivery)).status).toBe(200);
    expect((await postWebhook(server.url, stripe.webhook('payment_intent.amount_capturable_updated', intentId))).status).toBe(200);
    expect(stripe.voided).toEqual([intentId]);
    expect(stripe.intents.get(intentId)!.status).toBe('canceled');
    expect(stripe.captures.filter((c) => c.intentId === intentId)).toHaveLength(0);
    expect(stripe.refunds.filter((r) => r.paymentIntent === intentId)).toHaveLength(0); // nothing was charged to give back
    expect((await getLink(server.url, desk.frank, link.id)).body.link.status).toBe('canceled');
    expect(await countRows(server.db, 'payment_attempts', `intent_id = '${intentId}' and status = 'canceled' and message like 'Authorization voided%'`)).toBe(
      1,
    );
    expect(await countRows(server.db, 'sales', `link_id = '${link.id}'`)).toBe(0);
  });

  it('refunds, once and on record, money captured outside the server for a dead link', async () => {
    const { link, intentId } = await openedLink();
    await cancel(server.url, desk.frank, link.id);
    stripe.succeed(intentId); // captured by hand at Stripe (or an intent made before manual capture)
    await postWebhook(server.url, stripe.webhook('payment_intent.succeeded', intentId));
    await postWebhook(server.url, stripe.webhook('payment_intent.succeeded', intentId));
    expect((await getLink(server.url, desk.frank, link.id)).body.link.status).toBe('canceled');
    expect(stripe.refunds.filter((r) => r.paymentIntent === intentId)).toHaveLength(1);
    expect(await countRows(server.db, 'refunds', `intent_id = '${intentId}' and status = 'succeeded'`)).toBe(1);
    expect(await countRows(server.db, 'sales', `link_id = '${link.id}'`)).toBe(0);
  });
});
