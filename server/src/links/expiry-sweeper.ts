import { and, asc, eq, lte } from 'drizzle-orm';
import type { AppContext } from '../app-context';
import { paymentLinks } from '../db/schema';
import { closeLink } from './close-link';

/** How often the sweeper looks even with no deadline in sight (links made by other processes, clock jumps). */
export const SWEEP_IDLE_MS = 5_000;
/** While a link is pending the sweeper looks at least this often, so an injected clock is followed within a second. */
export const SWEEP_BUSY_MS = 500;

export type ExpirySweeper = { start(): Promise<void>; schedule(expiresAtMs: number): void; sweepNow(): Promise<number>; stop(): Promise<void> };

/**
 * Expires pending links at their `expiresAt` (server clock `ctx.now`): overdue ones at start, then each on a timer
 * set from the earliest pending deadline. Expiring goes through closeLink (processor first, guarded UPDATE).
 */
export function createExpirySweeper(ctx: AppContext): ExpirySweeper {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  let stopped = false;

  let dueAt = Infinity; // real time when the armed timer fires
  const arm = (delayMs: number, onlyIfSooner = false) => {
    if (stopped) return;
    const at = Date.now() + Math.max(0, delayMs);
    if (onlyIfSooner && at >= dueAt) return;
    if (timer) clearTimeout(timer);
    dueAt = at;
    timer = setTimeout(() => {
      dueAt = Infinity;
      void sweep();
    }, Math.max(0, delayMs));
    timer.unref?.();
  };

  const sweepOnce = async (): Promise<number> => {
    const nowMs = ctx.now();
    const due = await ctx.db
      .select({ id: paymentLinks.id })
      .from(paymentLinks)
      .where(and(eq(paymentLinks.status, 'pending'), lte(paymentLinks.expiresAt, new Date(nowMs))))
      .orderBy(asc(paymentLinks.expiresAt))
      .limit(200);
    let expired = 0;
    for (const { id } of due) {
      try {
        const row = await closeLink(ctx, id, 'expired');
        if (row?.status === 'expired') expired += 1;
      } catch (error) {
        ctx.log(`expiry of link ${id.slice(0, 6)}… failed: ${(error as Error).message}`);
      }
    }
    return expired;
  };

  const nextDelay = async (): Promise<number> => {
    const [next] = await ctx.db
      .select({ expiresAt: paymentLinks.expiresAt })
      .from(paymentLinks)
      .where(eq(paymentLinks.status, 'pending'))
      .orderBy(asc(paymentLinks.expiresAt))
      .limit(1);
    if (!next) return SWEEP_IDLE_MS;
    return Math.min(SWEEP_BUSY_MS, next.expiresAt.getTime() - ctx.now());
  };

  const sweep = async (): Promise<number> => {
    if (running) return running;
    running = (async () => {
      try {
        const count = await sweepOnce();
        arm(await nextDelay());
        return count;
      } catch (error) {
        if (!stopped) ctx.log(`expiry sweep failed: ${(error as Error).message}`);
        arm(SWEEP_IDLE_MS);
        return 0;
      } finally {
        running = undefined;
      }
    })();
    return running;
  };

  return {
    start: async () => {
      await sweep();
    },
    schedule(expiresAtMs) {
      arm(Math.min(SWEEP_BUSY_MS, expiresAtMs - ctx.now()), true);
    },
    async sweepNow() {
      await running; // a pass under way may have read the clock before the caller moved it
      return sweep();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running?.catch(() => {});
    },
  };
}
