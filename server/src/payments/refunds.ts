import { and, eq, sql } from 'drizzle-orm';
import type { AppContext } from '../app-context';
import { newId } from '../auth/tokens';
import { rowsOf } from '../db/database';
import { refundAttempts, refunds } from '../db/schema';

/** How refunds that failed are tried again: the first wait doubles up to `maxBackoffMs`; after `maxAttempts`, staff. */
export type RefundRetryPolicy = { firstBackoffMs: number; maxBackoffMs: number; maxAttempts: number };
export const DEFAULT_REFUND_RETRY: RefundRetryPolicy = { firstBackoffMs: 30_000, maxBackoffMs: 3_600_000, maxAttempts: 8 };
/** An attempt under way keeps its refund away from other processes this long (longer than the SDK's own retries). */
const ATTEMPT_LEASE_MS = 120_000;
const BATCH = 20;
const POLL_MS = 30_000;

/** The policy the server was started with (createRefundRetrier), also used by the first attempt in settle-payment. */
const policies = new WeakMap<AppContext, RefundRetryPolicy>();

export type RefundToTry = { id: string; linkId: string; intentId: string; amountCents: number; attempts: number };

/** The `next_attempt_at` that claims a new refund for its first attempt (see ATTEMPT_LEASE_MS). */
export const firstAttemptLease = (nowMs: number) => new Date(nowMs + ATTEMPT_LEASE_MS);

/**
 * One try at the processor (idempotency key `refund-{intentId}`, so a retry never refunds twice). Every try is
 * recorded in refund_attempts; a failure waits its backoff, and past `maxAttempts` the refund is given up on:
 * `status = 'failed'` with `gave_up_at` set, and a log line, so staff give it back by hand.
 */
export async function attemptRefund(
  ctx: AppContext,
  refund: RefundToTry,
  policy: RefundRetryPolicy = policies.get(ctx) ?? DEFAULT_REFUND_RETRY,
): Promise<'succeeded' | 'failed' | 'gave_up'> {
  if (!ctx.processor.refund) return 'failed';
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
    const waitMs = Math.min(policy.maxBackoffMs, policy.firstBackoffMs * 2 ** (attempts - 1));
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
  const shown = `refund of ${refund.intentId} (${refund.amountCents} cents, link ${refund.linkId.slice(0, 6)}…)`;
  if (!failed) {
    if (attempts > 1) ctx.log(`${shown} succeeded on attempt ${attempts}`);
    return 'succeeded';
  }
  if (giveUp) {
    ctx.log(`${shown} GAVE UP after ${attempts} attempts: give it back by hand (refunds.gave_up_at). Last error: ${errorText}`);
    return 'gave_up';
  }
  ctx.log(`${shown} failed (attempt ${attempts} of ${policy.maxAttempts}), tried again later: ${errorText}`);
  return 'failed';
}

export type RefundRetrier = { start(): void; runOnce(): Promise<number>; stop(): Promise<void> };

/**
 * Tries again the refunds that are pending or failed and not given up, when their backoff has passed (server clock),
 * on a timer like the expiry sweeper's; `runOnce` lets tests run it at a chosen moment.
 */
export function createRefundRetrier(ctx: AppContext, policy: RefundRetryPolicy = DEFAULT_REFUND_RETRY): RefundRetrier {
  policies.set(ctx, policy);
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  let stopped = false;

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
      for (const refund of batch) await attemptRefund(ctx, refund, policy);
      tried += batch.length;
    }
  };

  const tick = async () => {
    running = runOnce().catch((error: unknown) => {
      if (!stopped) ctx.log(`refund retries: ${(error as Error).message}`);
      return 0;
    });
    await running;
    running = undefined;
    if (stopped) return;
    timer = setTimeout(() => void tick(), POLL_MS);
    timer.unref?.();
  };

  return {
    start() {
      if (!ctx.processor.refund) return; // sandbox: nothing is ever refunded
      timer = setTimeout(() => void tick(), POLL_MS);
      timer.unref?.();
    },
    async runOnce() {
      await running;
      return runOnce();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
