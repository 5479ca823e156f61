import { nextRetryDelay, type BackoffPolicy } from './backoff';
import type { JobTimers } from './job-timers';

/** What a job logs through: pino's `(fields, message)` shape, so the server's pino logger fits as it is. */
export type JobLogger = {
  error(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
};

/** What every background job is given: its timers and where it logs (the server clock is the context's `now`). */
export type JobEnvironment = { timers: JobTimers; logger: JobLogger; random?: () => number };

export type JobLoopOptions<T> = JobEnvironment & {
  /** Shown in the log with every failure. */
  name: string;
  /** One pass over the job's due work; its answer is what runNow hands back. */
  runOnce: () => Promise<T>;
  /** The wait after a pass that succeeded (the sweeper reads it from the earliest deadline). */
  nextDelay: (result: T) => number | Promise<number>;
  /** The wait after passes that failed in a row (the database unreachable, say). */
  failureBackoff: BackoffPolicy;
  /** The first pass after start; 0 runs it at once, and start resolves once it is done. */
  firstDelayMs?: number;
};

export type JobLoop<T> = {
  /** Starts the timers: the first pass now (awaited) or after `firstDelayMs`. */
  start(): Promise<void>;
  /** Something is due within `delayMs` (default now): the next pass comes no later than that. Ignored until start. */
  wake(delayMs?: number): void;
  /** Waits for a pass under way (it may have read the clock before the caller moved it), then runs one. */
  runNow(): Promise<T>;
  /** No pass starts after this; resolves once the one under way has ended. */
  stop(): Promise<void>;
};

/**
 * The one lifecycle of the server's background jobs (expiry sweeper, deliveries, refund retries): one pass at a
 * time, the next armed after it (from the job's answer, or from the failure backoff while passes fail), and a wake
 * that only ever brings the next pass forward. Passes that fail are logged at error level; the loop carries on.
 */
export function createJobLoop<T>(options: JobLoopOptions<T>): JobLoop<T> {
  const { timers, logger, name } = options;
  let started = false;
  let stopped = false;
  let timer: unknown;
  let armedAt = Infinity; // monotonic time the armed timer falls due
  let wantedAt = Infinity; // a wake that came during a pass
  let failures = 0;
  let running: Promise<T> | undefined;

  const arm = (delayMs: number) => {
    if (!started || stopped) return;
    const wait = Number.isFinite(delayMs) ? Math.max(0, delayMs) : 0;
    if (timer !== undefined) timers.clearTimeout(timer);
    armedAt = timers.monotonic() + wait;
    timer = timers.setTimeout(() => {
      timer = undefined;
      armedAt = Infinity;
      // A failed pass is logged and re-armed by pass itself.
      pass().catch(() => {});
    }, wait);
  };

  const delayAfter = async (outcome: { ok: true; result: T } | { ok: false; error: unknown }): Promise<number> => {
    if (outcome.ok) {
      failures = 0;
      try {
        return await options.nextDelay(outcome.result);
      } catch (error) {
        outcome = { ok: false, error };
      }
    }
    failures += 1;
    if (!stopped) {
      logger.error({ job: name, failures, err: (outcome.error as Error)?.message ?? String(outcome.error) }, `${name}: pass failed`);
    }
    return nextRetryDelay(failures, options.failureBackoff, options.random);
  };

  const pass = (): Promise<T> => {
    if (running) return running;
    running = (async () => {
      if (timer !== undefined) timers.clearTimeout(timer);
      timer = undefined;
      armedAt = Infinity;
      let outcome: { ok: true; result: T } | { ok: false; error: unknown };
      try {
        outcome = { ok: true, result: await options.runOnce() };
      } catch (error) {
        outcome = { ok: false, error };
      }
      let delay = await delayAfter(outcome);
      delay = Math.min(delay, wantedAt - timers.monotonic());
      wantedAt = Infinity;
      running = undefined;
      arm(delay);
      if (!outcome.ok) throw outcome.error;
      return outcome.result;
    })();
    return running;
  };

  return {
    async start() {
      if (started || stopped) return;
      started = true;
      const first = options.firstDelayMs ?? 0;
      if (first > 0) arm(first);
      else await pass().catch(() => {});
    },
    wake(delayMs = 0) {
      if (!started || stopped) return;
      const at = timers.monotonic() + Math.max(0, delayMs);
      if (running) wantedAt = Math.min(wantedAt, at);
      else if (at < armedAt) arm(delayMs);
    },
    async runNow() {
      await running?.catch(() => {});
      return pass();
    },
    async stop() {
      stopped = true;
      if (timer !== undefined) timers.clearTimeout(timer);
      timer = undefined;
      await running?.catch(() => {});
    },
  };
}
