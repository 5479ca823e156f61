import { demoDesk } from '../support/server-api-client';
import { linkBody, mayaCart, postLink } from '../support/server-link-helpers';
import { startTestServer } from '../support/test-server';
import { ms, percentile, type BenchModule } from './bench-module';

const WARMUP = 100;
const CLIENTS = 50;
const REQUESTS_PER_CLIENT = 20;
const WEIGHT_BUDGET_BYTES = 30 * 1024;

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const bytesOf = (html: string, tag: 'style' | 'script') =>
  [...html.matchAll(new RegExp(`<${tag}[^>]*>([\\s\\S]*?)</${tag}>`, 'g'))].reduce((sum, m) => sum + Buffer.byteLength(m[1]!), 0);

/**
 * The invoice page in sandbox mode (PGlite): what a phone downloads for it (HTML with its inline CSS and JS; it
 * fetches nothing else), payable and after a refused form, and GET /{widget}/i/{id} latency with 50 clients at once
 * (each answer's time as its client saw it, on loopback, clients and server sharing one process and PGlite).
 */
export const invoicePageBench: BenchModule = {
  name: 'invoice-page',
  async run() {
    // The page's own rate limit (per address) would answer most of this load with 429: lifted for the bench.
    // The server's own time per answer comes from its request log ("GET /demo-studio/i/:id 200 12ms").
    let serverMs: number[] = [];
    const log = (line: string) => {
      const match = /^GET \/[^/]+\/i\/:id 200 (\d+)ms$/.exec(line);
      if (match) serverMs.push(Number(match[1]));
    };
    const server = await startTestServer({ log, server: { invoiceRateLimit: { max: 1_000_000, windowMs: 60_000 } } });
    try {
      const desk = await demoDesk(server.url);
      const link = (await postLink(server.url, desk.frank, linkBody(mayaCart(desk)))).body.link;
      const payable = await (await fetch(link.url)).text();
      const refusedForm = new URLSearchParams({ cardNumber: '4242 4242 4242 4241', expiry: '13/30', cvc: '1', name: '' });
      const refused = await (
        await fetch(`${link.url}/pay`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: refusedForm.toString() })
      ).text();
      const total = Buffer.byteLength(payable);
      const css = bytesOf(payable, 'style');
      const js = bytesOf(payable, 'script');
      const refusedTotal = Buffer.byteLength(refused);

      for (let i = 0; i < WARMUP; i += 1) await (await fetch(link.url)).arrayBuffer();
      const samples: number[] = [];
      serverMs = [];
      const client = async () => {
        for (let i = 0; i < REQUESTS_PER_CLIENT; i += 1) {
          const started = performance.now();
          const response = await fetch(link.url);
          await response.arrayBuffer();
          samples.push(performance.now() - started);
          if (response.status !== 200) throw new Error(`the page answered ${response.status}`);
        }
      };
      const started = performance.now();
      await Promise.all(Array.from({ length: CLIENTS }, client));
      const seconds = (performance.now() - started) / 1000;
      samples.sort((a, b) => a - b);
      serverMs.sort((a, b) => a - b);
      const area = 'invoice page (sandbox)';
      return [
        {
          area,
          metric: 'weight: HTML + CSS + JS',
          value: `${kb(total)} (CSS ${kb(css)}, JS ${kb(js)})`,
          budget: `≤ ${kb(WEIGHT_BUDGET_BYTES)}`,
          ok: total <= WEIGHT_BUDGET_BYTES,
        },
        {
          area,
          metric: 'weight after a refused form',
          value: kb(refusedTotal),
          budget: `≤ ${kb(WEIGHT_BUDGET_BYTES)}`,
          ok: refusedTotal <= WEIGHT_BUDGET_BYTES,
        },
        { area, metric: `server time p50 (${CLIENTS} concurrent clients × ${REQUESTS_PER_CLIENT})`, value: ms(percentile(serverMs, 50)) },
        { area, metric: `server time p95 (${CLIENTS} concurrent clients)`, value: ms(percentile(serverMs, 95)) },
        {
          area,
          metric: `as the clients saw it: p50 / p95 / max`,
          value: `${ms(percentile(samples, 50))} / ${ms(percentile(samples, 95))} / ${ms(samples.at(-1)!)}`,
        },
        { area, metric: 'GET throughput', value: `${Math.round(samples.length / seconds)} pages/s` },
      ];
    } finally {
      await server.close();
    }
  },
};
