import { demoDesk, itemNamed, cart, clientNamed } from '../support/server-api-client';
import { cancel, linkBody, postLink } from '../support/server-link-helpers';
import { startTestServer } from '../support/test-server';
import { ms, percentile, type BenchModule } from './bench-module';

const WARMUP = 10;
const SAMPLES = 200;

/** POST /payment-links one after another on PGlite (invoice, hold, deliveries, events): latency p50/p95. */
export const linkCreationBench: BenchModule = {
  name: 'link-creation',
  async run() {
    const server = await startTestServer();
    try {
      const desk = await demoDesk(server.url);
      const vinyasa = itemNamed(desk.items, 'Vinyasa Flow');
      const socks = itemNamed(desk.items, 'Grip Socks');
      const session = vinyasa.sessions!.find((s) => s.capacity - s.booked - s.held >= 2)!;
      const maya = clientNamed(desk.clients, 'Maya Chen').id;
      const samples: number[] = [];
      for (let i = 0; i < WARMUP + SAMPLES; i += 1) {
        const c = cart(
          [
            { itemId: vinyasa.id, quantity: 1, sessionId: session.id },
            { itemId: socks.id, quantity: 1 },
          ],
          desk.items,
          maya,
        );
        const started = performance.now();
        const answer = await postLink(server.url, desk.frank, linkBody(c));
        const elapsed = performance.now() - started;
        if (answer.status !== 201) throw new Error(`create answered ${answer.status} ${answer.text}`);
        if (i >= WARMUP) samples.push(elapsed);
        await cancel(server.url, desk.frank, answer.body.link.id); // give the place back (not timed)
      }
      samples.sort((a, b) => a - b);
      const p95 = percentile(samples, 95);
      return [
        { area: 'link creation (PGlite)', metric: `latency p50 (${SAMPLES} sequential)`, value: ms(percentile(samples, 50)) },
        { area: 'link creation (PGlite)', metric: 'latency p95', value: ms(p95), budget: '≤ 100 ms', ok: p95 <= 100 },
        { area: 'link creation (PGlite)', metric: 'latency max', value: ms(samples.at(-1)!) },
      ];
    } finally {
      await server.close();
    }
  },
};
