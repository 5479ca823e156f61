import { performance } from 'node:perf_hooks';
import { cart, clientNamed, demoDesk, itemNamed } from '../support/server-api-client';
import { linkBody, postLink } from '../support/server-link-helpers';
import { ms, percentile, type BenchModule } from './bench-module';
import { onPgNodes } from './pg-nodes';

// Link creation throughput on PostgreSQL with two server processes: CONCURRENCY creators at once, each sending its
// requests to node A and node B in turn, every link a real one (invoice, events, an SMS and an email queued and
// stored by each node's delivery worker meanwhile). Retail lines only, so no place runs out during the run.

const CONCURRENCY = 16;
const WARMUP = 40;
const LINKS = 600;

export const twoNodeLinksBench: BenchModule = {
  name: 'two-node-links',
  async run() {
    const area = 'link creation, 2 nodes on PostgreSQL';
    return onPgNodes(area, 2, async (nodes) => {
      const desk = await demoDesk(nodes.nodes[0]!.url);
      const socks = itemNamed(desk.items, 'Grip Socks');
      const maya = clientNamed(desk.clients, 'Maya Chen').id;
      const createOne = async (n: number): Promise<number> => {
        const node = nodes.nodes[n % 2]!;
        const started = performance.now();
        const answer = await postLink(node.url, desk.frank, linkBody(cart([{ itemId: socks.id, quantity: 1 }], desk.items, maya)));
        if (answer.status !== 201) throw new Error(`${node.name} answered ${answer.status} ${answer.text}`);
        return performance.now() - started;
      };
      const createMany = async (count: number) => {
        let next = 0;
        const latencies: number[] = [];
        const worker = async () => {
          for (let n = next++; n < count; n = next++) latencies.push(await createOne(n));
        };
        const started = performance.now();
        await Promise.all(Array.from({ length: CONCURRENCY }, worker));
        return { seconds: (performance.now() - started) / 1000, latencies: latencies.sort((a, b) => a - b) };
      };
      await createMany(WARMUP);
      const { seconds, latencies } = await createMany(LINKS);
      return [
        { area, metric: `links/s (${LINKS} links, ${CONCURRENCY} at once, A and B in turn)`, value: (LINKS / seconds).toFixed(0) },
        { area, metric: 'latency p50 / p95 under that load', value: `${ms(percentile(latencies, 50))} / ${ms(percentile(latencies, 95))}` },
      ];
    });
  },
};
