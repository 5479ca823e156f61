import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { io as connect, type Socket } from 'socket.io-client';
import { SOCKET_EVENT, SOCKET_NAMESPACE, type ServerEvent } from '../../shared/contract/events';
import { payOnInvoicePage } from '../register/support/link-harness';
import type { MultiNodeCluster } from '../support/multi-node';
import { api, cart, clientNamed, demoDesk, itemNamed, type DemoDesk } from '../support/server-api-client';
import { linkBody, postLink } from '../support/server-link-helpers';
import { ms, percentile, type BenchModule, type BenchRow } from './bench-module';
import { onPgNodes } from './pg-nodes';

// 1,000 Socket.IO clients of one studio spread over two server processes on one PostgreSQL (500 on each, WebSocket
// transport, acking every event as the register does). A link is made on node A and paid on node B's invoice page;
// the figure runs from the start of that POST until every one of the 1,000 sockets has `link.paid`. The clients all
// live in this one process, so the figure includes this process taking 1,000 frames off its sockets in turn.
// Memory: each node's resident set before and after its 500 sockets connected, scaled to 1,000.

const SOCKETS = 1_000;
const CONNECT_BATCH = 50;
const WARMUP = 2;
const PAYMENTS = 12;
const ALL_BUDGET_MS = 250;
const WAIT_MS = 15_000;

type Client = { socket: Socket; node: number; lastSeq: number };
/** Resolves once every client meets `done`, or after `timeoutMs` with how many did not. */
type Watch = { done: (client: Client, event?: ServerEvent) => boolean; met: Set<Client>; arrivals: number[]; finish: () => void };

function residentBytes(pid: number): number {
  const found = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!found) throw new Error(`no VmRSS for process ${pid}`);
  return Number(found[1]) * 1024;
}

async function openClients(nodes: MultiNodeCluster, token: string, afterSeq: number, onEvent: (client: Client, event: ServerEvent) => void) {
  const clients: Client[] = [];
  for (let start = 0; start < SOCKETS; start += CONNECT_BATCH) {
    const batch = Array.from({ length: Math.min(CONNECT_BATCH, SOCKETS - start) }, (_, i) => {
      const node = (start + i) % 2;
      const socket = connect(`${nodes.nodes[node]!.url}${SOCKET_NAMESPACE}`, {
        auth: { token, afterSeq },
        transports: ['websocket'],
        forceNew: true,
        reconnection: false,
      });
      const client: Client = { socket, node, lastSeq: afterSeq };
      socket.on(SOCKET_EVENT, (event: ServerEvent, ack?: () => void) => {
        ack?.();
        client.lastSeq = Math.max(client.lastSeq, event.seq);
        onEvent(client, event);
      });
      return new Promise<Client>((resolve, reject) => {
        socket.once('connect', () => resolve(client));
        socket.once('connect_error', (error) => reject(new Error(`socket ${start + i} refused: ${error.message}`)));
      });
    });
    clients.push(...(await Promise.all(batch)));
  }
  return clients;
}

export const socketFanOutBench: BenchModule = {
  name: 'socket-fan-out',
  async run() {
    const area = `${SOCKETS} sockets over 2 nodes`;
    let clients: Client[] = [];
    return onPgNodes(area, 2, async (nodes) => {
      try {
        const [nodeA, nodeB] = nodes.nodes as [MultiNodeCluster['nodes'][number], MultiNodeCluster['nodes'][number]];
        const desk: DemoDesk = await demoDesk(nodeA.url);
        const feed = await api(nodeA.url, 'GET', '/events?after=0&limit=1', { token: desk.registerToken });
        const rssBefore = [residentBytes(nodeA.pid), residentBytes(nodeB.pid)];

        let watch: Watch | undefined;
        const settle = (client: Client, event?: ServerEvent) => {
          if (!watch || watch.met.has(client) || !watch.done(client, event)) return;
          watch.met.add(client);
          watch.arrivals.push(performance.now());
          if (watch.met.size === clients.length) watch.finish();
        };
        const waitAll = (done: Watch['done']) =>
          new Promise<{ arrivals: number[]; missing: number }>((resolve) => {
            const current: Watch = { done, met: new Set(), arrivals: [], finish: () => {} };
            const timer = setTimeout(() => current.finish(), WAIT_MS);
            current.finish = () => {
              clearTimeout(timer);
              watch = undefined;
              resolve({ arrivals: current.arrivals, missing: clients.length - current.met.size });
            };
            watch = current;
            for (const client of clients) settle(client);
          });

        const connectStarted = performance.now();
        clients = await openClients(nodes, desk.registerToken, Number(feed.body.lastSeq), settle);
        const connectMs = performance.now() - connectStarted;
        const rssAfter = [residentBytes(nodeA.pid), residentBytes(nodeB.pid)];

        const socks = itemNamed(desk.items, 'Grip Socks');
        const maya = clientNamed(desk.clients, 'Maya Chen').id;
        const allMs: number[] = [];
        const perSocketMs: number[] = [];
        const payRequestMs: number[] = [];
        let missing = 0;
        for (let round = 0; round < WARMUP + PAYMENTS; round += 1) {
          // Made on A, without messages (a QR link): its events reach every socket before the payment starts.
          const made = await postLink(nodeA.url, desk.frank, linkBody(cart([{ itemId: socks.id, quantity: 1 }], desk.items, maya), { channels: [] }));
          if (made.status !== 201) throw new Error(`the link was not made (${made.status} ${made.text})`);
          const link = made.body.link as { id: string; url: string };
          const seq = Number((await api(nodeA.url, 'GET', '/events?after=0&limit=1', { token: desk.registerToken })).body.lastSeq);
          const quiet = await waitAll((client) => client.lastSeq >= seq);
          if (quiet.missing > 0) throw new Error(`${quiet.missing} sockets never got link.created`);

          const paid = waitAll((_client, event) => event?.type === 'link.paid' && event.linkId === link.id);
          const started = performance.now();
          const status = await payOnInvoicePage(`${nodeB.url}${new URL(link.url).pathname}`);
          const answeredAfter = performance.now() - started;
          if (status >= 400) throw new Error(`node B's invoice page refused the payment (${status})`);
          const outcome = await paid;
          if (round < WARMUP) continue;
          missing += outcome.missing;
          payRequestMs.push(answeredAfter);
          perSocketMs.push(...outcome.arrivals.map((at) => at - started));
          allMs.push(Math.max(...outcome.arrivals) - started);
        }
        allMs.sort((a, b) => a - b);
        perSocketMs.sort((a, b) => a - b);
        payRequestMs.sort((a, b) => a - b);
        const p95All = percentile(allMs, 95);
        const perThousand = rssAfter.map((after, i) => ((after - rssBefore[i]!) / (SOCKETS / 2)) * 1_000);
        const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
        const rows: BenchRow[] = [
          { area, metric: `connect all ${SOCKETS} (batches of ${CONNECT_BATCH})`, value: ms(connectMs) },
          { area, metric: `payment on B → all sockets have link.paid, p50 (${PAYMENTS} payments)`, value: ms(percentile(allMs, 50)) },
          { area, metric: 'payment on B → all sockets, p95', value: ms(p95All), budget: `≤ ${ALL_BUDGET_MS} ms`, ok: p95All <= ALL_BUDGET_MS },
          { area, metric: 'per socket, p50 / p95', value: `${ms(percentile(perSocketMs, 50))} / ${ms(percentile(perSocketMs, 95))}` },
          { area, metric: 'node B answered the pay POST after, p50 (the events go out at its commit, before)', value: ms(percentile(payRequestMs, 50)) },
          { area, metric: 'sockets missing the event', value: String(missing), budget: '0', ok: missing === 0 },
          { area, metric: 'node A memory per 1,000 sockets (RSS growth)', value: mb(perThousand[0]!) },
          { area, metric: 'node B memory per 1,000 sockets (RSS growth)', value: mb(perThousand[1]!) },
          { area, metric: 'node A / B RSS with 500 sockets each', value: `${mb(rssAfter[0]!)} / ${mb(rssAfter[1]!)}` },
        ];
        return rows;
      } finally {
        for (const client of clients) client.socket.disconnect();
      }
    });
  },
};
