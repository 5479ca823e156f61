import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import type { Link } from '../../shared/contract/entities';
import { DATABASE_FILE } from '../../electron/register/register-store';
import type { LinkState } from '../../electron/register/link-machine';
import { ulid } from '../../electron/register/ulid';
import { enrollAndSignIn, itemNamed, jumpableClock, startEngine } from '../register/support/engine-harness';
import { payOnInvoicePage, switchableNetwork } from '../register/support/link-harness';
import { tempDir } from '../register/support/temp-database';
import { cart as makeCart, signIn } from '../support/server-api-client';
import { cancel, postLink } from '../support/server-link-helpers';
import { startTestServer } from '../support/test-server';
import { ms, type BenchModule, type BenchRow } from './bench-module';
import { isServerTruth, pushedWhen, sleep } from './register-bench-support';

// Time to reconcile 50 pending links after a 60-second outage (issue 4's bench), with a real engine and a real
// server on loopback. What is simulated, so nothing waits 60 real seconds:
// - Time: the server's clock (startTestServer `now`) and the engine's clock (wall AND monotonic) jump forward
//   together, as if the time had really passed on both sides: 45 s between the two batches of links, 60 s of
//   outage. Links live LINK_TTL_S (90 s), so the first batch expires during the outage and the rest do not.
// - 50 pending links on one register: a register holds one active link per cart and cannot make 50 itself, so the
//   links are made on the server through the API as this register (its staff token), and their local rows (and
//   carts) are written into the engine's SQLite exactly as link-send and the create's answer leave them.
// - The outage: the engine's fetch fails and its socket is kept down (switchableNetwork); meanwhile the server
//   gets 20 payments (invoice page, card 4242…), 10 cancels from another device, and its expiry sweep.
// The figure runs from the network coming back (the socket may connect at once) until every one of the 40 links
// that changed is right in the engine's database (paid: sale recorded and completed; canceled; expired); the
// other 10 must still be pending.

const LINKS = { paid: 20, canceled: 10, expired: 10, pending: 10 } as const;
const LINK_TTL_S = 90;
const BUDGET_MS = 1000;

type Group = keyof typeof LINKS;
type LocalRow = { server_id: string; state_json: string };

export async function measureReconnectReconcile(): Promise<{ elapsedMs: number; socketMs: number; counts: Record<Group, number> }> {
  let skew = 0;
  const server = await startTestServer({ now: () => Date.now() + skew, linkTtlSeconds: LINK_TTL_S });
  const data = tempDir('fd-bench-');
  const clock = jumpableClock();
  const network = switchableNetwork();
  const engine = await startEngine({ dataDir: data.dir, clock, fetch: network.fetch, pollIntervalMs: 5000 });
  const jump = (msForward: number) => {
    skew += msForward;
    clock.jump(msForward);
  };
  try {
    const signedIn = await enrollAndSignIn(engine, server.url, '2222');
    await engine.waitFor('live', (s) => s.connection.kind === 'live', 20_000);
    const frank = signedIn.staff!;
    const file = join(data.dir, DATABASE_FILE);
    const writer = new Database(file);
    writer.pragma('busy_timeout = 5000');
    // The engine's own register token (identity secret store): links are made as this register.
    const registerToken = JSON.parse((writer.prepare(`SELECT value FROM meta WHERE key = 'enrollment'`).get() as { value: string }).value).tokenEncrypted;
    const staffToken = await signIn(server.url, registerToken, '2222');
    const items = (await engine.call('catalog.list', {})).items;
    const socks = itemNamed(items, 'Grip Socks');
    const maya = (await engine.call('clients.search', { query: 'maya' })).clients[0]!;

    const created: Array<{ group: Group; link: Link; cart: ReturnType<typeof makeCart> }> = [];
    const make = async (group: Group) => {
      const cart = makeCart([{ itemId: socks.id, quantity: 1 }], items, maya.id);
      const answer = await postLink(server.url, staffToken, { cart, delivery: { channels: ['sms'], phone: '+15550100101' } });
      if (answer.status !== 201) throw new Error(`link create answered ${answer.status} ${answer.text}`);
      created.push({ group, link: answer.body.link as Link, cart });
    };
    for (let i = 0; i < LINKS.expired; i++) await make('expired');
    jump(45_000);
    for (const group of ['paid', 'canceled', 'pending'] as const) for (let i = 0; i < LINKS[group]; i++) await make(group);

    network.cut(engine);
    await engine.waitFor('offline', (s) => s.connection.kind === 'offline', 20_000);
    // The 50 local rows, as the engine keeps a link it sent and the server confirmed.
    const now = clock.now();
    writer.transaction(() => {
      for (const { link, cart } of created) {
        writer.prepare(`INSERT INTO carts (id, client_id, status, created_at, updated_at) VALUES (?, ?, 'locked', ?, ?)`).run(cart.id, maya.id, now, now);
        cart.lines.forEach((line, position) =>
          writer
            .prepare(`INSERT INTO cart_lines (id, cart_id, position, item_id, quantity) VALUES (?, ?, ?, ?, ?)`)
            .run(line.id, cart.id, position, line.itemId, line.quantity),
        );
        const state: LinkState = { kind: 'waiting', serverId: link.id, expiresAt: Date.parse(link.expiresAt), pendingSeenAt: now, resending: false };
        writer
          .prepare(
            `INSERT INTO payment_links (id, cart_id, client_id, client_name, total_cents, currency, state_json, link_json, delivery_json, staff_id,
               created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            ulid(now),
            cart.id,
            maya.id,
            link.clientName,
            link.totalCents,
            link.currency,
            JSON.stringify(state),
            JSON.stringify(link),
            JSON.stringify({ channels: ['sms'], phone: '+15550100101' }),
            frank.id,
            now,
            now,
          );
      }
    })();
    writer.close();

    // The outage: 60 s pass; clients pay, someone cancels, the server's sweep expires the first batch.
    jump(60_000);
    for (const { group, link } of created) {
      if (group === 'paid' && (await payOnInvoicePage(link.url)) >= 400) throw new Error('a payment was refused');
      if (group === 'canceled' && (await cancel(server.url, staffToken, link.id)).status !== 200) throw new Error('a cancel was refused');
    }
    await server.jobs.sweepExpired();

    const reader = new Database(file, { readonly: true });
    const read = reader.prepare(`SELECT server_id, state_json FROM payment_links`);
    const want = new Map(created.map(({ group, link }) => [link.id, group]));
    const right = (row: LocalRow) => isServerTruth(JSON.parse(row.state_json) as LinkState, want.get(row.server_id)!);
    const live = pushedWhen(engine, 'the socket back', (m) => m.type === 'snapshot' && m.snapshot.connection.kind === 'live');
    const started = performance.now();
    network.restore(engine);
    let elapsedMs = NaN;
    for (;;) {
      const done = (read.all() as LocalRow[]).filter(right).length;
      const at = performance.now() - started;
      if (done === LINKS.paid + LINKS.canceled + LINKS.expired) {
        elapsedMs = at;
        break;
      }
      if (at > 30_000) throw new Error(`only ${done} of 40 links reconciled after 30 s`);
      await sleep(5);
    }
    const rows = read.all() as LocalRow[];
    reader.close();
    const counts = { paid: 0, canceled: 0, expired: 0, pending: 0 } as Record<Group, number>;
    for (const row of rows) {
      const group = want.get(row.server_id)!;
      if (group === 'pending' ? (JSON.parse(row.state_json) as LinkState).kind === 'waiting' : right(row)) counts[group] += 1;
    }
    const socketMs = (await live) - started;
    return { elapsedMs, socketMs, counts };
  } finally {
    await engine.stop().catch(() => {});
    await server.close();
    data.cleanup();
  }
}

export function reconcileRows(result: Awaited<ReturnType<typeof measureReconnectReconcile>>): BenchRow[] {
  const area = 'reconnect reconciliation';
  const { counts } = result;
  const allRight = counts.paid === LINKS.paid && counts.canceled === LINKS.canceled && counts.expired === LINKS.expired && counts.pending === LINKS.pending;
  return [
    {
      area,
      metric: `50 pending links after a 60 s outage: time until all are right`,
      value: ms(result.elapsedMs),
      budget: `≤ ${BUDGET_MS} ms after reconnect`,
      ok: result.elapsedMs <= BUDGET_MS,
    },
    { area, metric: 'of which: until the socket was up again', value: ms(result.socketMs) },
    {
      area,
      metric: 'outcome (paid+completed / canceled / expired / still pending)',
      value: `${counts.paid}/${counts.canceled}/${counts.expired}/${counts.pending}`,
      budget: `${LINKS.paid}/${LINKS.canceled}/${LINKS.expired}/${LINKS.pending}`,
      ok: allRight,
    },
  ];
}

/** Bench module for test/bench/run.ts: `{ name, run(): Promise<BenchRow[]> }`. */
export const reconnectReconcileBench: BenchModule = {
  name: 'reconnect-reconcile',
  async run() {
    return reconcileRows(await measureReconnectReconcile());
  },
};
