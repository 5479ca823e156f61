import type { BenchModule, BenchRow } from './bench-module';
import { crossNodeBench } from './cross-node.bench';
import { holdContentionBench } from './hold-contention.bench';
import { invoicePageBench } from './invoice-page.bench';
import { linkCreationBench } from './link-creation.bench';
import { parkedReconnectBench } from './parked-reconnect.bench';
import { paymentLatencyBench } from './payment-latency.bench';
import { reconnectReconcileBench } from './reconnect-reconcile.bench';
import { rendererBundleBench } from './renderer-bundle.bench';
import { socketFanOutBench } from './socket-fan-out.bench';
import { twoNodeLinksBench } from './two-node-links.bench';

// `npm run bench`: runs each bench module in turn and prints one table. `npm run bench -- <name>...` runs only
// the named modules. Exit code 1 when a row misses its budget.

const MODULES: BenchModule[] = [
  linkCreationBench,
  holdContentionBench,
  paymentLatencyBench,
  crossNodeBench,
  socketFanOutBench,
  twoNodeLinksBench,
  reconnectReconcileBench,
  parkedReconnectBench,
  rendererBundleBench,
  invoicePageBench,
];

function printTable(rows: readonly BenchRow[]): void {
  const header = ['area', 'metric', 'value', 'budget', 'ok'];
  const cells = rows.map((row) => [row.area, row.metric, row.value, row.budget ?? '', row.ok === undefined ? '' : row.ok ? 'yes' : 'NO']);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (values: string[]) => `| ${values.map((v, i) => v.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of cells) console.log(line(row));
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
  const modules = wanted.length > 0 ? MODULES.filter((m) => wanted.includes(m.name)) : MODULES;
  const rows: BenchRow[] = [];
  for (const module of modules) {
    const started = performance.now();
    console.error(`bench: ${module.name}…`);
    try {
      rows.push(...(await module.run()));
    } catch (error) {
      rows.push({ area: module.name, metric: 'run', value: `failed: ${(error as Error).message}`, ok: false });
    }
    console.error(`bench: ${module.name} took ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  printTable(rows);
  process.exit(rows.some((row) => row.ok === false) ? 1 : 0);
}

void main();
