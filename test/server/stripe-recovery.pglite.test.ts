import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../server/src/db/database';
import type { PaymentProcessor } from '../../server/src/payments/processor';
import { sql } from 'drizzle-orm';
import { startTestServer, type TestServer } from '../support/test-server';
import { cart, clientNamed, demoDesk, itemNamed, type DemoDesk } from '../support/server-api-client';
import { cancel, capacityViolations, countRows, getLink, linkBody, openPage, postLink } from '../support/server-link-helpers';
import { postWebhook, startStripeDouble } from '../support/server-stripe-double';

// PAYMENTS=stripe when things go wrong: a page opening while the link closes, refunds that fail, a processor that
// will not cancel, a crash in the middle of a webhook.

type Stripe = Awaited<ReturnType<typeof startStripeDouble>>;

let made = 0;
async function newLink(server: TestServer, desk: DemoDesk) {
  const vinyasa = itemNamed(desk.items, 'Vinyasa Flow');
  const sessions = vinyasa.sessions!.filter((s) => s.capacity - s.booked - s.held >= 10);
  const c = cart(
    [{ itemId: vinyasa.id, quantity: 1, sessionId: sessions[(made += 1) % sessions.length]!.id }],
    desk.items,
    clientNamed(desk.clients, 'Maya Chen').id,
  );
  const answer = await postLink(server.url, desk.frank, linkBody(c));
  expect(answer.status).toBe(201);
  return answer.body.link;
}
const intentOf = (stripe: Stripe, linkId: string) => [...stripe.intents.values()].find((i) => i.metadata.linkId === linkId);
async function openedLink(server: TestServer, desk: DemoDesk, stripe: Stripe) {
  const link = await newLink(server, desk);
  expect((await openPage(link.url)).status).toBe(200);
  return { link, intentId: intentOf(stripe, link.id)!.id };
}

describe('PAYMENTS=stripe: closing races, refund retries, the sweeper backing off', () => {
  let now = Date.now();
  const logs: string[] = [];
  let stripe: Stripe;
  let server: TestServer;
  let desk: DemoDesk;
  /** Runs once right after the processor answered a cancel (a page opening at that very moment). */
  let afterCancel: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    stripe = await startStripeDouble();
    const wrapProcessor = (inner: PaymentProcessor): PaymentProcessor => ({
      ...inner,
      async cancelIntent(link) {
        const answer = await inner.cancelIntent(link);
        const hook = afterCancel;
        afterCancel = undefined;
        await hook?.();
        return answer;
      },
    });
    server = await startTestServer({
      now: () => now,
      log: (line) => logs.push(line),
      server: { payments: 'stripe', stripe: stripe.options, refundRetry: { firstBackoffMs: 1_000, maxAttempts: 3 }, wrapProcessor },
    });
    desk = await demoDesk(server.url);
  });
  afterAll(async () => {
    await server.close();
    await stripe.close();
  });

  it('a cancel while Stripe is still making the intent: the page shows the canceled link and that intent is canceled', async () => {
    const link = await newLink(server, desk);
    const slowCreate = stripe.gate(/^POST \/v1\/payment_intents$/);
    const page = openPage(link.url);
    await slowCreate.reached;
    expect((await cancel(server.url, desk.frank, link.id)).body.link.status).toBe('canceled');
    slowCreate.release();
    const answer = await page;
    expect(answer.text).toContain('data-state="canceled"');
    expect(answer.text).not.toContain('data-secret=');
    expect(intentOf(stripe, link.id)!.status).toBe('canceled');
    expect(await countRows(server.db, 'payment_links', `id = '${link.id}' and processor_intent_id is null`)).toBe(1);
    expect(await capacityViolations(server.db)).toEqual([]);
  });

  it('an intent attached while the cancel was under way is canceled too before the holds are released', async () => {
    const link = await newLink(server, desk);
    let during = 0;
    afterCancel = async () => {
      during = (await openPage(link.url)).status; // the page made and attached an intent: the link was still pending
    };
    expect((await cancel(server.url, desk.frank, link.id)).body.link.status).toBe('canceled');
    expect(during).toBe(200);
    const intent = intentOf(stripe, link.id)!;
    expect(intent.status).toBe('canceled');
    expect(stripe.calls).toContain(`POST /v1/payment_intents/${intent.id}/cancel`);
    expect(await countRows(server.db, 'holds', `link_id = '${link.id}' and status = 'active'`)).toBe(0);
  });

  it('retries a failed refund with backoff, recording each attempt, until it succeeds', async () => {
    now = Date.now();
    const { link, intentId } = await openedLink(server, desk, stripe);
    await cancel(server.url, desk.frank, link.id);
    stripe.succeed(intentId);
    stripe.refundFailures.remaining = 2;
    expect((await postWebhook(server.url, stripe.webhook('payment_intent.succeeded', intentId))).status).toBe(200);
    const refund = async () =>
      rowsOf<{ status: string; attempts: number; gave_up_at: unknown }>(
        await server.db.execute(sql.raw(`select status, attempts, gave_up_at from refunds where intent_id = '${intentId}'`)),
      )[0];
    expect(await refund()).toMatchObject({ status: 'failed', attempts: 1 });
    expect(await server.jobs.retryRefunds()).toBe(0); // its backoff (1 s) has not passed
    now += 1_000;
    expect(await server.jobs.retryRefunds()).toBe(1);
    expect(await refund()).toMatchObject({ status: 'failed', attempts: 2 });
    now += 1_000;
    expect(await server.jobs.retryRefunds()).toBe(0); // doubled: 2 s
    now += 1_000;
    expect(await server.jobs.retryRefunds()).toBe(1);
    expect(await refund()).toMatchObject({ status: 'succeeded', attempts: 3, gave_up_at: null });
    const attempts = rowsOf<{ outcome: string }>(
      await server.db.execute(
        sql.raw(
          `select a.outcome from refund_attempts a join refunds r on r.id = a.refund_id where r.intent_id = '${intentId}' order by a.attempted_at, a.outcome desc`,
        ),
      ),
    ).map((a) => a.outcome);
    expect(attempts).toEqual(['failed', 'failed', 'succeeded']);
    expect(stripe.refunds.filter((r) => r.paymentIntent === intentId)).toHaveLength(1);
    expect(logs.some((line) => line.includes(`refund of ${intentId}`) && line.includes('succeeded on attempt 3'))).toBe(true);
  });

  it('gives up on a refund after the last attempt, on record and in the log', async () => {
    now = Date.now();
    const { link, intentId } = await openedLink(server, desk, stripe);
    await cancel(server.url, desk.frank, link.id);
    stripe.succeed(intentId);
    stripe.refundFailures.remaining = Infinity;
    await postWebhook(server.url, stripe.webhook('payment_intent.succeeded', intentId));
    now += 1_000;
    await server.jobs.retryRefunds();
    now += 2_000;
    await server.jobs.retryRefunds();
    now += 3_600_000;
    expect(await server.jobs.retryRefunds()).toBe(0); // given up: no more tries
    stripe.refundFailures.remaining = 0;
    expect(await countRows(server.db, 'refunds', `intent_id = '${intentId}' and status = 'failed' and attempts = 3 and gave_up_at is not null`)).toBe(1);
    expect(logs.some((line) => line.includes(`refund of ${intentId}`) && line.includes('GAVE UP after 3 attempts'))).toBe(true);
    now = Date.now();
  });

  it('a link Stripe will not cancel is retried with backoff (1 s doubling to 60 s), without spinning or blocking the others', async () => {
    now = Date.now();
    const stuck = await openedLink(server, desk, stripe);
    const healthy = await openedLink(server, desk, stripe);
    stripe.failCancel.add(stuck.intentId);
    const cancels = () => stripe.calls.filter((c) => c === `POST /v1/payment_intents/${stuck.intentId}/cancel`).length;
    now = Math.max(Date.parse(stuck.link.expiresAt), Date.parse(healthy.link.expiresAt)) + 1;
    await server.jobs.sweepExpired();
    expect((await getLink(server.url, desk.frank, healthy.link.id)).body.link.status).toBe('expired');
    expect((await getLink(server.url, desk.frank, stuck.link.id)).body.link.status).toBe('pending');
    expect(cancels()).toBe(1);
    // The log says so (at error level: jobs/job-errors.pglite.test.ts), with only the start of the link's id.
    const stuckLines = logs.filter((line) => line.includes(`expiry of link ${stuck.link.id.slice(0, 6)}…`));
    expect(stuckLines.length).toBe(1);
    expect(stuckLines[0]).not.toContain(stuck.link.id);
    // The server's own timer keeps running meanwhile: with the clock standing still it must not try again.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(cancels()).toBe(1);
    // Ten simulated minutes, looked at every 5 s: 1, 2, 4 … 32 s, then every 60 s.
    for (let step = 0; step < 120; step += 1) {
      now += 5_000;
      await server.jobs.sweepExpired();
    }
    expect(cancels()).toBeGreaterThanOrEqual(10);
    expect(cancels()).toBeLessThanOrEqual(17);
    expect(await countRows(server.db, 'payment_links', `id = '${stuck.link.id}' and close_failures = ${cancels()}`)).toBe(1);
    stripe.failCancel.delete(stuck.intentId);
    now += 60_000;
    await server.jobs.sweepExpired();
    expect((await getLink(server.url, desk.frank, stuck.link.id)).body.link.status).toBe('expired');
    expect(await capacityViolations(server.db)).toEqual([]);
    now = Date.now();
  }, 60_000);
});

describe('PAYMENTS=stripe: a crash between a webhook and its effect', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'fd-stripe-crash-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("Stripe's retry of an authorization the server died handling still captures and pays the link", async () => {
    const stripe = await startStripeDouble();
    const options = { dataDir, server: { payments: 'stripe' as const, stripe: stripe.options } };
    const first = await startTestServer(options);
    let second: TestServer | undefined;
    try {
      const desk = await demoDesk(first.url);
      const { link, intentId } = await openedLink(first, desk, stripe);
      stripe.authorize(intentId);
      const delivery = stripe.webhook('payment_intent.amount_capturable_updated', intentId, { eventId: 'evt_crash_1' });
      const slowRetrieve = stripe.gate(new RegExp(`^GET /v1/payment_intents/${intentId}$`));
      const lost = postWebhook(first.url, delivery).catch(() => 'connection lost');
      await slowRetrieve.reached;
      await first.close(); // the process dies while handling the event
      slowRetrieve.release();
      await lost;
      second = await startTestServer({ ...options, port: first.port });
      const retried = await postWebhook(second.url, delivery);
      expect([retried.status, retried.body.duplicate]).toEqual([200, undefined]);
      expect((await getLink(second.url, desk.frank, link.id)).body.link.status).toBe('paid');
      expect(await countRows(second.db, 'sales', `link_id = '${link.id}'`)).toBe(1);
      expect(stripe.captures.filter((c) => c.intentId === intentId)).toHaveLength(1);
      expect((await postWebhook(second.url, delivery)).body.duplicate).toBe(true);
    } finally {
      await first.close();
      await second?.close();
      await stripe.close();
    }
  }, 60_000);

  it('a crash after the capture took effect but before the link was paid: the retry pays it without capturing again', async () => {
    const crashDir = mkdtempSync(join(tmpdir(), 'fd-stripe-capture-crash-'));
    const stripe = await startStripeDouble();
    const options = { dataDir: crashDir, server: { payments: 'stripe' as const, stripe: stripe.options } };
    const first = await startTestServer(options);
    let second: TestServer | undefined;
    try {
      const desk = await demoDesk(first.url);
      const { link, intentId } = await openedLink(first, desk, stripe);
      stripe.authorize(intentId);
      const delivery = stripe.webhook('payment_intent.amount_capturable_updated', intentId, { eventId: 'evt_crash_2' });
      const lostAnswer = stripe.gate(new RegExp(`^POST /v1/payment_intents/${intentId}/capture$`), { applied: true });
      const lost = postWebhook(first.url, delivery).catch(() => 'connection lost');
      await lostAnswer.reached; // captured at Stripe; the server never hears so
      await first.close();
      lostAnswer.release();
      await lost;
      second = await startTestServer({ ...options, port: first.port });
      expect((await getLink(second.url, desk.frank, link.id)).body.link.status).toBe('pending'); // nothing committed
      expect((await postWebhook(second.url, delivery)).status).toBe(200);
      expect((await getLink(second.url, desk.frank, link.id)).body.link.status).toBe('paid');
      expect(stripe.captures.filter((c) => c.intentId === intentId)).toHaveLength(1);
      expect(stripe.refunds).toHaveLength(0);
      expect(await countRows(second.db, 'sales', `link_id = '${link.id}'`)).toBe(1);
    } finally {
      await first.close();
      await second?.close();
      await stripe.close();
      rmSync(crashDir, { recursive: true, force: true });
    }
  }, 60_000);
});
