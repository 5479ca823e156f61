import { performance } from 'node:perf_hooks';
import type { LinkView, RegisterSnapshot } from '../../shared/contract/register-view';
import { MAX_ACTIVE_LINKS } from '../../electron/register/link-store';
import { enrollAndSignIn, itemNamed, jumpableClock, otherRegister, startEngine } from '../register/support/engine-harness';
import { payOnInvoicePage, switchableNetwork } from '../register/support/link-harness';
import { tempDir } from '../register/support/temp-database';
import { startTestServer } from '../support/test-server';
import { ms, type BenchModule, type BenchRow } from './bench-module';
import { pushedWhen } from './register-bench-support';

// Ten carts parked with their pending links (the most a register holds), the register's network down for 60 s
// (its clock and the server's jump together; nothing waits 60 real seconds), and meanwhile 4 clients pay and 3
// links are canceled from another register. The figure runs from the network coming back until the register shows
// every link as the server has it: in the snapshot it pushes to the screen, 4 paid with their sales recorded,
// 3 canceled, 3 still waiting.

const OUTCOME = { paid: 4, canceled: 3, pending: 3 } as const;
const BUDGET_MS = 300;
type Outcome = keyof typeof OUTCOME;

const shows = (link: LinkView | undefined, outcome: Outcome) =>
  link !== undefined &&
  (outcome === 'paid' ? link.phase === 'paid' && link.saleId !== null : outcome === 'canceled' ? link.phase === 'canceled' : link.phase === 'waiting');

export async function measureParkedReconnect(): Promise<{ elapsedMs: number; right: number }> {
  let skew = 0;
  const server = await startTestServer({ now: () => Date.now() + skew });
  const data = tempDir('fd-bench-');
  const clock = jumpableClock();
  const network = switchableNetwork();
  const engine = await startEngine({ dataDir: data.dir, clock, fetch: network.fetch, pollIntervalMs: 5000 });
  try {
    await enrollAndSignIn(engine, server.url, '2222');
    await engine.waitFor('live', (s) => s.connection.kind === 'live', 20_000);
    const socks = itemNamed((await engine.call('catalog.list', {})).items, 'Grip Socks');
    const maya = (await engine.call('clients.search', { query: 'maya' })).clients[0]!;
    for (let i = 0; i < MAX_ACTIVE_LINKS; i++) {
      await engine.call('cart.setClient', { clientId: maya.id });
      await engine.call('cart.addLine', { itemId: socks.id });
      await engine.call('link.send', { channels: ['email'] });
      await engine.call('link.park', {});
    }
    const links = (await engine.snapshot()).links;
    if (links.length !== MAX_ACTIVE_LINKS || links.some((l) => l.phase !== 'waiting')) throw new Error('the parked links are not all waiting');
    const plan = new Map<string, Outcome>(
      links.map((link, i) => [link.localId, i < OUTCOME.paid ? 'paid' : i < OUTCOME.paid + OUTCOME.canceled ? 'canceled' : 'pending']),
    );

    network.cut(engine);
    await engine.waitFor('offline', (s) => s.connection.kind === 'offline', 20_000);
    skew += 60_000;
    clock.jump(60_000);
    const desk = await otherRegister(server.url);
    for (const link of links) {
      const outcome = plan.get(link.localId);
      if (outcome === 'paid' && (await payOnInvoicePage(link.url!)) >= 400) throw new Error('a payment was refused');
      if (outcome === 'canceled') {
        const answer = await desk.post(`/api/v1/payment-links/${link.id}/cancel`, {}, desk.staffToken, `bench-cancel-${link.id}`);
        if (answer.status !== 200) throw new Error(`a cancel answered ${answer.status}`);
      }
    }

    const allShown = (s: RegisterSnapshot) =>
      [...plan].every(([localId, outcome]) =>
        shows(
          s.links.find((l) => l.localId === localId),
          outcome,
        ),
      );
    const shown = pushedWhen(engine, 'every link as the server has it', (m) => m.type === 'snapshot' && allShown(m.snapshot));
    const started = performance.now();
    network.restore(engine);
    const elapsedMs = (await shown) - started;
    const final = await engine.snapshot();
    const right = [...plan].filter(([localId, outcome]) =>
      shows(
        final.links.find((l) => l.localId === localId),
        outcome,
      ),
    ).length;
    return { elapsedMs, right };
  } finally {
    await engine.stop().catch(() => {});
    await server.close();
    data.cleanup();
  }
}

export function parkedReconnectRows(result: Awaited<ReturnType<typeof measureParkedReconnect>>): BenchRow[] {
  const area = 'reconnect reconciliation';
  return [
    {
      area,
      metric: `${MAX_ACTIVE_LINKS} parked links after a 60 s outage: time until all show the server's truth`,
      value: ms(result.elapsedMs),
      budget: `≤ ${BUDGET_MS} ms after reconnect`,
      ok: result.elapsedMs <= BUDGET_MS,
    },
    {
      area,
      metric: 'parked links shown right (4 paid, 3 canceled, 3 waiting)',
      value: `${result.right}/${MAX_ACTIVE_LINKS}`,
      budget: `${MAX_ACTIVE_LINKS}/${MAX_ACTIVE_LINKS}`,
      ok: result.right === MAX_ACTIVE_LINKS,
    },
  ];
}

export const parkedReconnectBench: BenchModule = {
  name: 'parked-reconnect',
  async run() {
    return parkedReconnectRows(await measureParkedReconnect());
  },
};
