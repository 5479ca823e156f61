import { performance } from 'node:perf_hooks';
import { itemNamed, type TestEngine } from '../register/support/engine-harness';
import { payOnInvoicePage } from '../register/support/link-harness';
import { startMultiNodeCluster } from '../support/multi-node';
import { openPgTestCluster } from '../support/pg-test-server';
import { ms, percentile, type BenchModule, type BenchRow } from './bench-module';
import { pushedWhen, startBenchEngine } from './register-bench-support';

// Payment-to-register latency when the payment lands on another node than the register's socket: three server
// processes on one PostgreSQL; a real register engine talks to node A (socket and commands); the client pays on
// node C's invoice page (form POST, card 4242…). The figure runs from the start of that POST until the engine
// pushes the snapshot in which the sale is complete, so it includes the charge, the commit, PostgreSQL's NOTIFY
// to node A, node A's read of the event and the socket push.

const PAYMENTS = 30;
const WARMUP = 3;
const P95_BUDGET_MS = 100;

type Sample = { latencyMs: number; payRequestMs: number };

async function onePayment(engine: TestEngine, payingNodeUrl: string): Promise<Sample> {
  const { clients } = await engine.call('clients.search', { query: 'maya' });
  await engine.call('cart.setClient', { clientId: clients[0]!.id });
  const socks = itemNamed((await engine.call('catalog.list', {})).items, 'Grip Socks');
  await engine.call('cart.addLine', { itemId: socks.id });
  const sent = await engine.call('link.send', { channels: ['sms'], phone: '(555) 010-0101' });
  const link = sent.activeLink;
  if (!link?.url || !link.id) throw new Error('the link was not created');
  const seen = pushedWhen(engine, `the payment of ${link.id}`, (m) => m.type === 'snapshot' && m.snapshot.lastSale?.linkId === link.id, 30_000);
  const started = performance.now();
  const status = await payOnInvoicePage(`${payingNodeUrl}${new URL(link.url).pathname}`);
  const payRequestMs = performance.now() - started;
  if (status >= 400) throw new Error(`the invoice page refused the payment (${status})`);
  const latencyMs = (await seen) - started;
  await engine.call('receipt.dismiss', {});
  return { latencyMs, payRequestMs };
}

export const crossNodeBench: BenchModule = {
  name: 'cross-node',
  async run() {
    const area = 'payment → register, other node';
    const { cluster: pg, reason } = await openPgTestCluster();
    if (!pg) return [{ area, metric: 'run', value: `skipped: ${reason}` }];
    try {
      const nodes = await startMultiNodeCluster(pg, { nodes: 3 });
      try {
        const register = await startBenchEngine(nodes.nodes[0]!.url, { pollIntervalMs: 5000, socket: true });
        try {
          const payingNode = nodes.nodes[2]!.url;
          for (let i = 0; i < WARMUP; i++) await onePayment(register.engine, payingNode);
          const runs: Sample[] = [];
          for (let i = 0; i < PAYMENTS; i++) runs.push(await onePayment(register.engine, payingNode));
          const samples = runs.map((run) => run.latencyMs).sort((a, b) => a - b);
          const payRequests = runs.map((run) => run.payRequestMs).sort((a, b) => a - b);
          const p95 = percentile(samples, 95);
          const rows: BenchRow[] = [
            { area, metric: `p50 (${samples.length} payments, socket on A, paid on C)`, value: ms(percentile(samples, 50)) },
            { area, metric: 'p95', value: ms(p95), budget: `≤ ${P95_BUDGET_MS} ms`, ok: p95 <= P95_BUDGET_MS },
            { area, metric: 'of which the pay request, p50', value: ms(percentile(payRequests, 50)) },
          ];
          return rows;
        } finally {
          await register.close();
        }
      } finally {
        await nodes.close();
      }
    } finally {
      await pg.dispose();
    }
  },
};
