import { classSessions } from '../../server/src/db/schema';
import { openPgTestCluster } from '../support/pg-test-server';
import { cart, clientNamed, demoDesk, itemNamed, uid } from '../support/server-api-client';
import { capacityViolations, linkBody, postLink, seatCart } from '../support/server-link-helpers';
import { startTestServer, type TestServer } from '../support/test-server';
import type { BenchModule, BenchRow } from './bench-module';

/** Concurrent creations for one seat and for a 20-spot session; on PGlite and on PostgreSQL with two processes. */
async function contend(area: string, servers: TestServer[]): Promise<BenchRow[]> {
  const desk = await demoDesk(servers[0]!.url);
  const at = (i: number) => servers[i % servers.length]!.url;
  const seat = await Promise.all(Array.from({ length: 50 }, (_, i) => postLink(at(i), desk.frank, linkBody(seatCart(desk, 'R2', 2), { channels: ['email'] }))));
  const seatWins = seat.filter((a) => a.status === 201).length;
  const seatRefusals = seat.filter((a) => a.body?.error?.code === 'seat_unavailable').length;

  const vinyasa = itemNamed(desk.items, 'Vinyasa Flow');
  const sessionId = uid('ses');
  await servers[0]!.db.insert(classSessions).values({
    id: sessionId,
    locationId: desk.register.locationId,
    itemId: vinyasa.id,
    startsAt: new Date(Date.parse(vinyasa.sessions![1]!.startsAt) + 15 * 60_000),
    durationMin: 60,
    capacity: 20,
  });
  const maya = clientNamed(desk.clients, 'Maya Chen').id;
  const started = performance.now();
  const spots = await Promise.all(
    Array.from({ length: 200 }, (_, i) =>
      postLink(at(i), desk.frank, linkBody(cart([{ itemId: vinyasa.id, quantity: 1, sessionId }], desk.items, maya), { channels: ['email'] })),
    ),
  );
  const seconds = (performance.now() - started) / 1000;
  const spotWins = spots.filter((a) => a.status === 201).length;
  const violations = await capacityViolations(servers[0]!.db);
  return [
    {
      area,
      metric: '50 concurrent creations for one seat',
      value: `${seatWins} created, ${seatRefusals} seat_unavailable`,
      budget: 'exactly 1',
      ok: seatWins === 1 && seatRefusals === 49,
    },
    { area, metric: '200 concurrent creations for 20 spots', value: `${spotWins} created`, budget: 'exactly 20', ok: spotWins === 20 },
    { area, metric: 'creations per second under contention', value: `${(200 / seconds).toFixed(0)} /s (200 in ${seconds.toFixed(2)} s)` },
    { area, metric: 'held + booked over capacity', value: `${violations.length} sessions`, budget: '0', ok: violations.length === 0 },
  ];
}

export const holdContentionBench: BenchModule = {
  name: 'hold-contention',
  async run() {
    const rows: BenchRow[] = [];
    const server = await startTestServer();
    try {
      rows.push(...(await contend('contention (PGlite, 1 process)', [server])));
    } finally {
      await server.close();
    }
    const { cluster, reason } = await openPgTestCluster();
    if (!cluster) {
      rows.push({ area: 'contention (PostgreSQL)', metric: 'skipped', value: reason ?? 'unreachable' });
      return rows;
    }
    try {
      const first = await cluster.start();
      const second = await cluster.startOn(first.databaseUrl);
      try {
        rows.push(...(await contend('contention (PostgreSQL, 2 processes)', [first, second])));
      } finally {
        await second.close();
        await first.close();
      }
    } finally {
      await cluster.dispose();
    }
    return rows;
  },
};
