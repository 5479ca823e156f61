import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDatabase, rowsOf } from '../../../server/src/db/database';
import type { JobTimers } from '../../../server/src/jobs/job-timers';
import { createExpirySweeper, type ExpirySweeper } from '../../../server/src/links/expiry-sweeper';
import { sandboxProcessor, type PaymentProcessor } from '../../../server/src/payments/processor';
import { createManualClock } from '../../register/support/manual-clock';
import { jobContext, recordingLogger } from '../../support/job-context';
import { demoDesk } from '../../support/server-api-client';
import { linkBody, mayaCart, postLink } from '../../support/server-link-helpers';
import type { ServerBackend } from '../../support/server-backends';
import type { TestServer } from '../../support/test-server';

// Several expiry sweepers on one database, each on its own connection pool (PostgreSQL) and its own manual timers,
// stepped by the test; the processor's cancel blocks until the test lets it go. Every claim, block and release is an
// event the test waits for, so the interleaving is the same on every run.

const SWEEPERS = 4;
const LINKS = 8;
const TTL_SECONDS = 60;
const BUSY_STEP_MS = 500; // the sweeper looks at least this often while links are pending

type SweeperNode = { index: number; sweeper: ExpirySweeper; clock: ReturnType<typeof createManualClock>; close(): Promise<void> };

/** A processor whose cancel records who asked for which link, and blocks until `release`. */
function gatedProcessor() {
  const asked: Array<{ node: number; linkId: string }> = [];
  let blocked = 0;
  let open = false;
  let opened = () => {};
  const gate = new Promise<void>((resolve) => (opened = resolve));
  const listeners = new Set<() => void>();
  const changed = () => listeners.forEach((listener) => listener());
  return {
    asked,
    blocked: () => blocked,
    listeners,
    changed,
    release() {
      open = true;
      opened();
    },
    forNode(node: number): PaymentProcessor {
      return {
        ...sandboxProcessor,
        async cancelIntent(link) {
          asked.push({ node, linkId: link.id });
          if (!open) {
            blocked += 1;
            changed();
            await gate;
            blocked -= 1;
          }
          return sandboxProcessor.cancelIntent(link);
        },
      };
    },
  };
}

export function expiryClaimsSuite(backend: ServerBackend) {
  describe(`expiry claims: several sweepers on one database (${backend.name})`, () => {
    it('a slow processor: each due link is claimed by one sweeper, its cancel asked once, and it ends once', async () => {
      let now = Date.now();
      // The server's own sweeper runs on timers nobody steps: only the sweepers below expire anything.
      const server = (await backend.start({ now: () => now, linkTtlSeconds: TTL_SECONDS, server: { jobTimers: createManualClock() } })) as TestServer & {
        databaseUrl?: string;
      };
      const processor = gatedProcessor();
      const nodes: SweeperNode[] = [];
      try {
        const desk = await demoDesk(server.url);
        const links: string[] = [];
        for (let i = 0; i < LINKS; i += 1) {
          const created = await postLink(server.url, desk.frank, linkBody(mayaCart(desk)));
          expect(created.status).toBe(201);
          links.push(created.body.link.id);
        }

        for (let index = 0; index < SWEEPERS; index += 1) {
          const own = server.databaseUrl ? await openDatabase({ databaseUrl: server.databaseUrl }) : undefined;
          const db = own?.db ?? server.db;
          const clock = createManualClock();
          // Arming its timer is the last thing a sweeper's pass does: the test hears of it.
          const timers: JobTimers = {
            monotonic: clock.monotonic,
            clearTimeout: clock.clearTimeout,
            setTimeout(fn, ms) {
              const handle = clock.setTimeout(fn, ms);
              processor.changed();
              return handle;
            },
          };
          const ctx = jobContext(db, { now: () => now, processor: processor.forNode(index), publicUrl: server.url });
          const sweeper = createExpirySweeper(ctx, { timers, logger: recordingLogger().logger });
          const close = async () => {
            await sweeper.stop();
            await own?.close();
          };
          nodes.push({ index, sweeper, clock, close });
        }
        // Nothing is due yet: each sweeper's first pass claims nothing and arms its timer.
        for (const node of nodes) await node.sweeper.start();
        expect(processor.asked).toEqual([]);

        /**
         * Resolves once every sweeper has ended its pass (its timer armed again), or, with `someBlocked`, has ended it
         * or is blocked in a cancel (at least one is).
         */
        const quiet = (until: 'someBlocked' | 'allArmed') =>
          new Promise<void>((resolve) => {
            const check = () => {
              const armed = nodes.filter((node) => node.clock.pending() > 0).length;
              const blocked = processor.blocked();
              if (until === 'allArmed' ? armed === SWEEPERS : blocked > 0 && armed + blocked === SWEEPERS) {
                processor.listeners.delete(check);
                resolve();
              }
            };
            processor.listeners.add(check);
            check();
          });
        /** Every sweeper's timer falls due at once: all passes run together. */
        const stepAll = () => nodes.forEach((node) => node.clock.advance(BUSY_STEP_MS));

        now += TTL_SECONDS * 1_000;
        stepAll();
        await quiet('someBlocked');
        // One sweeper holds the claim and is stuck in its first cancel; the others found every due link leased.
        expect(processor.asked).toHaveLength(1);
        const claimer = processor.asked[0]!.node;

        // While it is stuck, the others look again, twice: nothing more is asked of the processor.
        for (let round = 0; round < 2; round += 1) {
          nodes.filter((node) => node.index !== claimer).forEach((node) => node.clock.advance(BUSY_STEP_MS));
          await quiet('someBlocked');
        }
        expect(processor.asked).toHaveLength(1);

        processor.release();
        await quiet('allArmed');
        stepAll();
        await quiet('allArmed');

        const askedPerLink = new Map<string, number>();
        for (const { linkId } of processor.asked) askedPerLink.set(linkId, (askedPerLink.get(linkId) ?? 0) + 1);
        expect(Object.fromEntries(askedPerLink)).toEqual(Object.fromEntries(links.map((id) => [id, 1])));
        // Claimed in one statement by the first sweeper to lock the due links, so it closed them all.
        expect(new Set(processor.asked.map((a) => a.node))).toEqual(new Set([claimer]));

        const db = server.db;
        const statuses = rowsOf<{ id: string; status: string }>(await db.execute(sql`select id, status from payment_links`));
        expect(Object.fromEntries(statuses.map((row) => [row.id, row.status]))).toEqual(Object.fromEntries(links.map((id) => [id, 'expired'])));
        const ended = rowsOf<{ link_id: string; n: number }>(
          await db.execute(sql`select payload->>'linkId' as link_id, count(*)::int as n from events where type = 'link.expired' group by 1`),
        );
        expect(Object.fromEntries(ended.map((row) => [row.link_id, Number(row.n)]))).toEqual(Object.fromEntries(links.map((id) => [id, 1])));
      } finally {
        processor.release();
        for (const node of nodes) await node.close();
        await server.close();
      }
    });
  });
}
