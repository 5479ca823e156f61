import { dateInZone } from '../../shared/domain/studio-time';
import type { EngineClock } from './engine-clock';

// Keeps the catalog, clients and staff fresh beyond what events carry (DESIGN.md section 6): a fresh bootstrap
// on every way back to the server (socket connect, or HTTP answering again after offline) and when the studio's
// day changes (sessions of a new day, memberships starting today). One refresh at a time: a request made while
// one runs joins it.

export type CatalogRefreshDeps = {
  /** Fetches the bootstrap and stores it (in turn with the event feed). */
  refresh(): Promise<void>;
  clock: EngineClock;
  serverNow(): number;
  timeZone(): string;
  /** How often the studio's date is looked at (default one minute). */
  dayCheckMs?: number;
  /** A refresh asked for (not forced) within this long of the last one is skipped: the caches are fresh. */
  minGapMs?: number;
  log?: (line: string) => void;
};

export type CatalogRefresher = {
  /** `force`: even right after another refresh (the server just refused a cart for stale availability). */
  refresh(reason: string, options?: { force?: boolean }): Promise<void>;
  /** The caches were just filled another way (enrollment's bootstrap). */
  markFresh(): void;
  start(): void;
  stop(): void;
};

export function createCatalogRefresher(deps: CatalogRefreshDeps): CatalogRefresher {
  const log = deps.log ?? (() => {});
  let running: Promise<void> | null = null;
  let refreshedDay: string | null = null;
  let timer: unknown = null;
  let stopped = false;
  let lastDoneAt = -Infinity;
  const today = () => dateInZone(deps.serverNow(), deps.timeZone());

  function refresh(reason: string, options: { force?: boolean } = {}): Promise<void> {
    if (stopped) return Promise.resolve();
    if (running) return running;
    if (!options.force && deps.clock.monotonic() - lastDoneAt < (deps.minGapMs ?? 2000)) return Promise.resolve();
    const day = today();
    log(`[engine] refreshing the catalog (${reason})`);
    running = deps
      .refresh()
      .then(() => {
        refreshedDay = day;
        lastDoneAt = deps.clock.monotonic();
      })
      .finally(() => {
        running = null;
      });
    return running;
  }

  function arm(): void {
    if (stopped) return;
    timer = deps.clock.setTimeout(() => {
      timer = null;
      if (refreshedDay !== null && today() !== refreshedDay) {
        refresh('a new studio day').catch((error: unknown) => log(`[engine] day refresh failed: ${String(error)}`));
      }
      arm();
    }, deps.dayCheckMs ?? 60_000);
  }

  return {
    refresh,
    markFresh() {
      refreshedDay = today();
      lastDoneAt = deps.clock.monotonic();
    },
    start() {
      stopped = false;
      if (timer === null) arm();
    },
    stop() {
      stopped = true;
      if (timer !== null) deps.clock.clearTimeout(timer);
      timer = null;
    },
  };
}
