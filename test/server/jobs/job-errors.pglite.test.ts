import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../../server/src/db/database';
import { createExpirySweeper } from '../../../server/src/links/expiry-sweeper';
import { sandboxProcessor } from '../../../server/src/payments/processor';
import { createRefundRetrier } from '../../../server/src/payments/refunds';
import { createManualClock } from '../../register/support/manual-clock';
import { jobContext, recordingLogger } from '../../support/job-context';
import { demoDesk, type DemoDesk } from '../../support/server-api-client';
import { linkBody, mayaCart, postLink } from '../../support/server-link-helpers';
import { startTestServer, type TestServer } from '../../support/test-server';

// What needs a person is logged at error level: a sweeper that cannot reach the processor, a refund that gives up.
// The jobs run beside a test server (its own jobs on timers nobody steps), on a manual clock, with a logger that
// keeps each record's level.

describe('job failures that need a person are logged at error level', () => {
  let now = Date.now();
  let server: TestServer;
  let desk: DemoDesk;
  beforeAll(async () => {
    server = await startTestServer({ now: () => now, server: { jobTimers: createManualClock() } });
    desk = await demoDesk(server.url);
  });
  afterAll(() => server.close());

  const newLink = async (): Promise<{ id: string; expiresAt: string }> => (await postLink(server.url, desk.frank, linkBody(mayaCart(desk)))).body.link;

  it('a sweeper that cannot reach the processor: an error naming only the start of the link id, and the link backs off', async () => {
    const link = await newLink();
    const { logger, records } = recordingLogger();
    const unreachable = { ...sandboxProcessor, cancelIntent: () => Promise.reject(new Error('connect ETIMEDOUT api.stripe.com')) };
    const ctx = jobContext(server.db, { now: () => now, processor: unreachable, publicUrl: server.url });
    const sweeper = createExpirySweeper(ctx, { timers: createManualClock(), logger });
    now = Date.parse(link.expiresAt);
    try {
      expect(await sweeper.sweepNow()).toBe(0);
      const errors = records.filter((record) => record.level === 'error');
      expect(errors).toHaveLength(1);
      expect(errors[0]!.message).toBe(
        `expiry of link ${link.id.slice(0, 6)}… failed (1 time(s), next try ${new Date(now + 1_000).toISOString()}): the processor did not close it`,
      );
      expect(errors[0]!.fields).toMatchObject({ job: 'expiry', link: `${link.id.slice(0, 6)}…`, failures: 1, err: 'connect ETIMEDOUT api.stripe.com' });
      expect(JSON.stringify(errors)).not.toContain(link.id); // the id is the client's key to pay
      const [row] = rowsOf<{ status: string; close_failures: number; next: string }>(
        await server.db.execute(sql`select status, close_failures, next_close_attempt_at::text as next from payment_links where id = ${link.id}`),
      );
      expect([row!.status, row!.close_failures, Date.parse(row!.next)]).toEqual(['pending', 1, now + 1_000]);
    } finally {
      await sweeper.stop();
      now = Date.now();
    }
  });

  it('a refund that gives up: a warning per failed attempt, then an error telling staff to give it back by hand', async () => {
    const link = await newLink();
    const intentId = `pi_gives_up_${link.id.slice(-6)}`;
    await server.db.execute(sql`insert into refunds (id, link_id, intent_id, amount_cents, reason, status, created_at, attempts)
      values (${`rf_${link.id.slice(-8)}`}, ${link.id}, ${intentId}, 4500, 'test', 'failed', ${new Date(now).toISOString()}::timestamptz, 0)`);
    const { logger, records } = recordingLogger();
    const refusing = { ...sandboxProcessor, refund: () => Promise.reject(new Error('card_declined: the processor refused')) };
    const ctx = jobContext(server.db, { now: () => now, processor: refusing, publicUrl: server.url });
    const retrier = createRefundRetrier(ctx, { firstBackoffMs: 1_000, maxBackoffMs: 1_000, maxAttempts: 2 }, { timers: createManualClock(), logger });
    try {
      expect(await retrier.runOnce()).toBe(1);
      expect(await retrier.runOnce()).toBe(0); // its backoff has not passed
      now += 1_000;
      expect(await retrier.runOnce()).toBe(1);
      now += 60_000;
      expect(await retrier.runOnce()).toBe(0); // given up: never tried again
      const shown = `refund of ${intentId} (4500 cents, link ${link.id.slice(0, 6)}…)`;
      expect(records.map((record) => [record.level, record.message])).toEqual([
        ['warn', `${shown} failed (attempt 1 of 2), tried again later`],
        ['error', `${shown} GAVE UP after 2 attempts: give it back by hand (refunds.gave_up_at)`],
      ]);
      expect(records[1]!.fields).toMatchObject({ job: 'refunds', intentId, attempts: 2, err: 'card_declined: the processor refused' });
      const [row] = rowsOf<{ status: string; attempts: number; gave_up: boolean }>(
        await server.db.execute(sql`select status, attempts, gave_up_at is not null as gave_up from refunds where intent_id = ${intentId}`),
      );
      expect(row).toEqual({ status: 'failed', attempts: 2, gave_up: true });
    } finally {
      await retrier.stop();
      now = Date.now();
    }
  });
});
