import { and, eq, sql } from 'drizzle-orm';
import type { AppContext } from '../app-context';
import { rowsOf } from '../db/database';
import { paymentLinks } from '../db/schema';
import { nextRetryDelay, type BackoffPolicy } from '../jobs/backoff';
import { createJobLoop, type JobEnvironment } from '../jobs/job-loop';
import { closeLink } from './close-link';

/** How often the sweeper looks even with no deadline in sight (links made by other processes, clock jumps). */
const SWEEP_IDLE_MS = 5_000;
/** While a link is pending the sweeper looks at least this often, so an injected clock is followed within a second. */
const SWEEP_BUSY_MS = 500;
/** Never re-arm sooner than this: a link that cannot be closed must not make the sweeper spin. */
const SWEEP_FLOOR_MS = 50;
/** A link whose close failed (the processor did not answer) waits 1 s, doubling, at most 60 s, before the next try. */
const CLOSE_RETRY: BackoffPolicy = { firstMs: 1_000, maxMs: 60_000 };
/** A pass that failed (the database unreachable) is tried again soon: the deadlines keep running meanwhile. */
const PASS_RETRY: BackoffPolicy = { firstMs: 500, maxMs: SWEEP_IDLE_MS, jitter: 0.2 };
/** How long a claimed link is left to the node closing it (longer than the processor's own timeouts). */
const CLOSE_LEASE_MS = 120_000;
const SWEEP_BATCH = 200;

const clampDelay = (ms: number) => (Number.isFinite(ms) ? Math.max(SWEEP_FLOOR_MS, Math.min(SWEEP_BUSY_MS, ms)) : SWEEP_BUSY_MS);

export type ExpirySweeper = { start(): Promise<void>; schedule(expiresAtMs: number): void; sweepNow(): Promise<number>; stop(): Promise<void> };

/**
 * Expires pending links at their `expiresAt` (server clock `ctx.now`): overdue ones at start, then each on a timer
 * set from the earliest pending deadline. Expiring goes through closeLink (processor first, guarded UPDATE).
 * A link whose close fails is tried again after its own backoff (`next_close_attempt_at`) and is left out of the
 * due query until then, so stuck links never crowd out the others.
 */
export function createExpirySweeper(ctx: AppContext, env: JobEnvironment): ExpirySweeper {
  const { logger } = env;

  /**
   * Claims the due links for this node: the claim locks them in deadline order and puts a lease on them
   * (`next_close_attempt_at`), and a second node's claim, which waits for the first to commit, re-checks the lease
   * and leaves them out; so each due link is closed by one node and its intent canceled once. A node that dies
   * mid-close leaves the lease to run out. Not SKIP LOCKED: that would also skip a link whose row a payment holds
   * for a moment, leaving its expiry to a later sweep.
   */
  const claimDue = async (nowMs: number): Promise<Array<{ id: string; failures: number }>> => {
    const now = new Date(nowMs).toISOString();
    const lease = new Date(nowMs + CLOSE_LEASE_MS).toISOString();
    const result = await ctx.db.execute(sql`update payment_links set next_close_attempt_at = ${lease}::timestamptz
      where id in (select id from payment_links
        where status = 'pending' and expires_at <= ${now}::timestamptz
          and (next_close_attempt_at is null or next_close_attempt_at <= ${now}::timestamptz)
        order by expires_at, id limit ${SWEEP_BATCH} for update)
      returning id, close_failures`);
    return rowsOf<{ id: string; close_failures: number }>(result).map((row) => ({ id: row.id, failures: Number(row.close_failures) }));
  };

  const sweepOnce = async (): Promise<number> => {
    const due = await claimDue(ctx.now());
    let expired = 0;
    for (const { id, failures } of due) {
      try {
        const row = await closeLink(ctx, id, 'expired');
        if (row?.status === 'expired') expired += 1;
        // Still pending without an error (its deadline moved on, say): the lease goes, so the next sweep looks again.
        else if (row?.status === 'pending') await releaseLease(id);
      } catch (error) {
        await backOff(id, failures + 1, (error as Error).message);
      }
    }
    return expired;
  };

  const releaseLease = async (id: string) => {
    await ctx.db
      .update(paymentLinks)
      .set({ nextCloseAttemptAt: null })
      .where(and(eq(paymentLinks.id, id), eq(paymentLinks.status, 'pending'), eq(paymentLinks.closeFailures, 0)));
  };

  /** The `failures`-th close of this link failed: its lease becomes its backoff (this node holds the lease). */
  const backOff = async (id: string, failures: number, message: string) => {
    const next = new Date(ctx.now() + nextRetryDelay(failures, CLOSE_RETRY, env.random));
    await ctx.db
      .update(paymentLinks)
      .set({ closeFailures: failures, nextCloseAttemptAt: next })
      .where(and(eq(paymentLinks.id, id), eq(paymentLinks.status, 'pending')));
    // The id is the client's key to pay: only its first characters are logged.
    logger.error(
      { job: 'expiry', link: `${id.slice(0, 6)}…`, failures, nextAttemptAt: next.toISOString(), err: message },
      `expiry of link ${id.slice(0, 6)}… failed (${failures} time(s), next try ${next.toISOString()}): the processor did not close it`,
    );
  };

  /** Until the earliest pending deadline, or a stuck link's next try if that is later than its deadline. */
  const nextDelay = async (): Promise<number> => {
    const dueAt = sql<Date>`greatest(${paymentLinks.expiresAt}, coalesce(${paymentLinks.nextCloseAttemptAt}, ${paymentLinks.expiresAt}))`;
    const [next] = await ctx.db
      .select({ dueAt: sql<string>`min(${dueAt})` })
      .from(paymentLinks)
      .where(eq(paymentLinks.status, 'pending'));
    if (!next?.dueAt) return SWEEP_IDLE_MS;
    return clampDelay(new Date(next.dueAt).getTime() - ctx.now());
  };

  const loop = createJobLoop({ ...env, name: 'expiry sweeper', runOnce: sweepOnce, nextDelay, failureBackoff: PASS_RETRY });
  return {
    start: () => loop.start(),
    schedule: (expiresAtMs) => loop.wake(clampDelay(expiresAtMs - ctx.now())),
    sweepNow: () => loop.runNow(),
    stop: () => loop.stop(),
  };
}
