import { performance } from 'node:perf_hooks';
import { itemNamed, type TestEngine } from '../register/support/engine-harness';
import { payOnInvoicePage } from '../register/support/link-harness';
import { startTestServer } from '../support/test-server';
import { ms, percentile, type BenchModule, type BenchRow } from './bench-module';
import { pushedWhen, sleep, startBenchEngine, type BenchEngine } from './register-bench-support';

// Payment-to-register latency, by socket push and by polling, side by side in one run against one real server
// on loopback (issue 4's bench). One payment: the register sends a link for Maya's Grip Socks; the client pays on
// the invoice page (form POST, card 4242…); the figure runs from the start of that POST until the engine pushes
// the snapshot in which the sale is complete (what the renderer would show). The pay request itself (the server
// charging the card) is inside the figure.
//
// Push: one live engine, payments one after another. Polling: engines whose socket never connects, polling at the
// default 5 s; each waits a random 0–5 s before the client pays so payments land at every phase of the poll, and
// POLLING_ENGINES of them run at once (a register holds one link at a time) so 30 payments take about half a minute.

const PAYMENTS = 30;
const WARMUP = 3;
const POLL_INTERVAL_MS = 5000;
const POLLING_ENGINES = 6;
const PUSH_P95_BUDGET_MS = 250;
const MIN_SPEEDUP = 20;

type Sample = { latencyMs: number; payRequestMs: number };

async function onePayment(engine: TestEngine, waitBeforePayMs: number): Promise<Sample> {
  const { clients } = await engine.call('clients.search', { query: 'maya' });
  await engine.call('cart.setClient', { clientId: clients[0]!.id });
  const socks = itemNamed((await engine.call('catalog.list', {})).items, 'Grip Socks');
  await engine.call('cart.addLine', { itemId: socks.id });
  const sent = await engine.call('link.send', { channels: ['sms'], phone: '(555) 010-0101' });
  const link = sent.activeLink;
  if (!link?.url || !link.id) throw new Error('the link was not created');
  await sleep(waitBeforePayMs);
  const seen = pushedWhen(engine, `the payment of ${link.id}`, (m) => m.type === 'snapshot' && m.snapshot.lastSale?.linkId === link.id, 30_000);
  const started = performance.now();
  const status = await payOnInvoicePage(link.url);
  const payRequestMs = performance.now() - started;
  if (status >= 400) throw new Error(`the invoice page refused the payment (${status})`);
  const latencyMs = (await seen) - started;
  await engine.call('receipt.dismiss', {});
  return { latencyMs, payRequestMs };
}

async function series(engine: TestEngine, count: number, waitBeforePay: () => number): Promise<Sample[]> {
  const samples: Sample[] = [];
  for (let i = 0; i < count; i++) samples.push(await onePayment(engine, waitBeforePay()));
  return samples;
}

export type LatencyResult = { push: Sample[]; polling: Sample[] };

export async function measurePaymentLatency(serverUrl: string): Promise<LatencyResult> {
  const engines: BenchEngine[] = [];
  try {
    const live = await startBenchEngine(serverUrl, { pollIntervalMs: POLL_INTERVAL_MS, socket: true });
    engines.push(live);
    await series(live.engine, WARMUP, () => 0);
    const push = await series(live.engine, PAYMENTS, () => 50);

    const pollers = await Promise.all(
      Array.from({ length: POLLING_ENGINES }, () => startBenchEngine(serverUrl, { pollIntervalMs: POLL_INTERVAL_MS, socket: false })),
    );
    engines.push(...pollers);
    const perEngine = Math.ceil(PAYMENTS / POLLING_ENGINES);
    const polling = (await Promise.all(pollers.map((p) => series(p.engine, perEngine, () => Math.random() * POLL_INTERVAL_MS)))).flat();
    return { push, polling };
  } finally {
    for (const e of engines) await e.close().catch(() => {});
  }
}

export function latencyRows(result: LatencyResult): BenchRow[] {
  const area = 'payment → register';
  const sorted = (s: Sample[], key: keyof Sample) => s.map((x) => x[key]).sort((a, b) => a - b);
  const push = sorted(result.push, 'latencyMs');
  const poll = sorted(result.polling, 'latencyMs');
  const pushP50 = percentile(push, 50);
  const pushP95 = percentile(push, 95);
  const pollP50 = percentile(poll, 50);
  const ratio = pollP50 / pushP50;
  return [
    { area, metric: `push p50 (${push.length} payments, socket)`, value: ms(pushP50) },
    { area, metric: 'push p95', value: ms(pushP95), budget: `≤ ${PUSH_P95_BUDGET_MS} ms`, ok: pushP95 <= PUSH_P95_BUDGET_MS },
    { area, metric: `polling p50 (${poll.length} payments, ${POLL_INTERVAL_MS / 1000} s poll)`, value: ms(pollP50) },
    { area, metric: 'polling p95', value: ms(percentile(poll, 95)) },
    { area, metric: 'polling p50 / push p50', value: `${ratio.toFixed(1)}×`, budget: `≥ ${MIN_SPEEDUP}×`, ok: ratio >= MIN_SPEEDUP },
    { area, metric: 'of which the pay request, p50 (push series)', value: ms(percentile(sorted(result.push, 'payRequestMs'), 50)) },
  ];
}

/** Bench module for test/bench/run.ts: `{ name, run(): Promise<BenchRow[]> }`. */
export const paymentLatencyBench: BenchModule = {
  name: 'payment-latency',
  async run() {
    const server = await startTestServer();
    try {
      return latencyRows(await measurePaymentLatency(server.url));
    } finally {
      await server.close();
    }
  },
};
