import { and, eq, sql } from 'drizzle-orm';
import type { AppContext } from '../app-context';
import { newId } from '../auth/tokens';
import { rowsOf } from '../db/database';
import { refundAttempts, refunds } from '../db/schema';
import { nextRetryDelay, type BackoffPolicy } from '../jobs/backoff';
import { createJobLoop, type JobEnvironment, type JobLogger } from '../jobs/job-loop';

/** How refunds that failed are tried again: the first wait doubles up to `maxBackoffMs`; after `maxAttempts`, staff. */
export type RefundRetryPolicy = { firstBackoffMs: number; maxBackoffMs: number; maxAttempts: number };
export const DEFAULT_REFUND_RETRY: RefundRetryPolicy = { firstBackoffMs: 30_000, maxBackoffMs: 3_600_000, maxAttempts: 8 };
/** An attempt under way keeps its refund away from other processes this long (longer than the SDK's own retries). */
const ATTEMPT_LEASE_MS = 120_000;
const BATCH = 20;
const POLL_MS = 30_000;
/** A pass that failed (the database unreachable) is tried again after 5 s, doubling to the poll interval. */
const PASS_RETRY: BackoffPolicy = { firstMs: 5_000, maxMs: POLL_MS, jitter: 0.2 };

/**
 * The policy and logger the server was started with (createRefundRetrier), also used by the first attempt in
 * settle-payment.
 */
const retrierSettings = new WeakMap<AppContext, { policy: RefundRetryPolicy; logger: JobLogger }>();

const backoffOf = (policy: RefundRetryPolicy): BackoffPolicy => ({
  firstMs: policy.firstBackoffMs,
  maxMs: Math.max(policy.firstBackoffMs, policy.maxBackoffMs),
});

export type RefundToTry = { id: string; linkId: string; intentId: string; amountCents: number; attempts: number };

/** The `next_attempt_at` that claims a new refund for its first attempt (see ATTEMPT_LEASE_MS). */
export const firstAttemptLease = (nowMs: number) => new Date(nowMs + ATTEMPT_LEASE_MS);

/**
 * One try at the processor (idempotency key `refund-{intentId}`, so a retry never refunds twice). Every try is
 * recorded in refund_attempts; a failure waits its backoff, and past `maxAttempts` the refund is given up on:
 * `status = 'failed'` with `gave_up_at` set, and an error in the log, so staff give it back by hand.
 */
export async function attemptRefund(ctx: AppContext, refund: RefundToTry, settings = retrierSettings.get(ctx)): Promise<'succeeded' | 'failed' | 'gave_up'> {
  if (!ctx.processor.refund) return 'failed';
  const policy = settings?.policy ?? DEFAULT_REFUND_RETRY;
  const logger = settings?.logger ?? ctx.logger;
  const attempts = refund.attempts + 1;
  let processorRefundId: string | undefined;
  let errorText = '';
  try {
    processorRefundId = (await ctx.processor.refund({ intentId: refund.intentId, amountCents: refund.amountCents, linkId: refund.linkId })).refundId;
  } catch (error) {
    errorText = ((error as Error).message || 'refund failed').slice(0, 300);
  }
  const nowMs = ctx.now();
  const at = new Date(nowMs);
  const failed = processorRefundId === undefined;
  const giveUp = failed && attempts >= policy.maxAttempts;
  await ctx.db.transaction(async (tx) => {
    await tx
      .insert(refundAttempts)
      .values({ id: newId('rfa'), refundId: refund.id, attemptedAt: at, outcome: failed ? 'failed' : 'succeeded', error: failed ? errorText : null });
    if (!failed) {
      await tx
        .update(refunds)
        .set({ status: 'succeeded', processorRefundId, attempts, lastError: null, nextAttemptAt: null, updatedAt: at })
        .where(eq(refunds.id, refund.id));
      return;
    }
    const waitMs = nextRetryDelay(attempts, backoffOf(policy));
    await tx
      .update(refunds)
      .set({
        status: 'failed',
        attempts,
        lastError: errorText,
        nextAttemptAt: giveUp ? null : new Date(nowMs + waitMs),
        gaveUpAt: giveUp ? at : null,
        updatedAt: at,
      })
      .where(and(eq(refunds.id, refund.id), sql`${refunds.status} <> 'succeeded'`));
  });
  // The link id is the client's key to pay: only its first characters are logged.
  const fields = { job: 'refunds', intentId: refund.intentId, amountCents: refund.amountCents, link: `${refund.linkId.slice(0, 6)}…`, attempts };
  const shown = `refund of ${refund.intentId} (${refund.amountCents} cents, link ${fields.link})`;
  if (!failed) {
    if (attempts > 1) logger.info(fields, `${shown} succeeded on attempt ${attempts}`);
    return 'succeeded';
  }
  if (giveUp) {
    logger.error({ ...fields, err: errorText }, `${shown} GAVE UP after ${attempts} attempts: give it back by hand (refunds.gave_up_at)`);
    return 'gave_up';
  }
  logger.warn({ ...fields, err: errorText }, `${shown} failed (attempt ${attempts} of ${policy.maxAttempts}), tried again later`);
  return 'failed';
}

export type RefundRetrier = { start(): void; runOnce(): Promise<number>; stop(): Promise<void> };

/**
 * Tries again the refunds that are pending or failed and not given up, when their backoff has passed (server clock),
 * every 30 s; `runOnce` lets tests run it at a chosen moment.
 */
export function createRefundRetrier(ctx: AppContext, policy: RefundRetryPolicy, env: JobEnvironment): RefundRetrier {
  const settings = { policy, logger: env.logger };
  retrierSettings.set(ctx, settings);

  const claim = async (): Promise<RefundToTry[]> => {
    const now = new Date(ctx.now()).toISOString();
    const lease = firstAttemptLease(ctx.now()).toISOString();
    const result = await ctx.db.execute(sql`update refunds set next_attempt_at = ${lease}::timestamptz
      where id in (select id from refunds
        where status in ('pending', 'failed') and gave_up_at is null and (next_attempt_at is null or next_attempt_at <= ${now}::timestamptz)
        order by created_at limit ${BATCH} for update skip locked)
      returning id, link_id, intent_id, amount_cents, attempts`);
    return rowsOf<{ id: string; link_id: string; intent_id: string; amount_cents: number; attempts: number }>(result).map((r) => ({
      id: r.id,
      linkId: r.link_id,
      intentId: r.intent_id,
      amountCents: Number(r.amount_cents),
      attempts: Number(r.attempts),
    }));
  };

  const runOnce = async (): Promise<number> => {
    if (!ctx.processor.refund) return 0;
    let tried = 0;
    for (;;) {
      const batch = await claim();
      if (batch.length === 0) return tried;
      for (const refund of batch) await attemptRefund(ctx, refund, settings);
      tried += batch.length;
    }
  };

  const loop = createJobLoop({ ...env, name: 'refund retries', runOnce, nextDelay: () => POLL_MS, failureBackoff: PASS_RETRY, firstDelayMs: POLL_MS });
  return {
    start() {
      if (ctx.processor.refund) void loop.start(); // sandbox: nothing is ever refunded
    },
    runOnce: () => loop.runNow(),
    stop: () => loop.stop(),
  };
}
