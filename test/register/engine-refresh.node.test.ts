import { requestUrl } from '../support/request-url';
import { afterEach, describe, expect, it } from 'vitest';
import { startServerForEngine } from './support/server';
import { catalog, enrollAndSignIn, freeReformerSeat, jumpableClock, otherRegister, startEngine, waitUntil } from './support/engine-harness';
import { switchableNetwork } from './support/link-harness';
import { tempDir } from './support/temp-database';

// The catalog is refreshed from a fresh bootstrap on every way back to the server, and a bootstrap read before an
// event but stored after it never undoes that event. The gap the refresher keeps between two bootstraps is measured
// on the engine's monotonic clock, which the test moves forward instead of waiting.

const MIN_GAP_MS = 2100;
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** fetch that counts GET /bootstrap and can hold its answer (already computed by the server) until released. */
function bootstrapGate(inner: typeof fetch) {
  let hold = false;
  let answered = 0;
  let count = 0;
  let release: () => void = () => {};
  const released = () => new Promise<void>((resolve) => (release = resolve));
  let gate: Promise<void> = Promise.resolve();
  const fetchThrough: typeof fetch = async (input, init) => {
    const isBootstrap = requestUrl(input).includes('/api/v1/bootstrap');
    if (isBootstrap) count += 1;
    const response = await inner(input, init);
    if (isBootstrap && hold) {
      answered += 1;
      await gate;
    }
    return response;
  };
  return {
    fetch: fetchThrough,
    count: () => count,
    answered: () => answered,
    hold() {
      hold = true;
      gate = released();
    },
    release() {
      hold = false;
      release();
    },
  };
}

async function setup() {
  const server = await startServerForEngine();
  cleanups.push(() => server.close());
  const data = tempDir();
  cleanups.push(data.cleanup);
  const network = switchableNetwork();
  const gate = bootstrapGate(network.fetch);
  const clock = jumpableClock();
  const engine = await startEngine({ dataDir: data.dir, fetch: gate.fetch, clock });
  cleanups.push(() => engine.stop());
  await enrollAndSignIn(engine, server.url);
  await engine.waitFor('live', (s) => s.connection.kind === 'live');
  await waitUntil('the enrollment bootstrap', () => (gate.count() >= 1 ? true : undefined));
  clock.jump(MIN_GAP_MS); // a refresh right after another is skipped
  return { server, engine, network, gate, clock };
}

describe('register engine: catalog refresh', () => {
  it('reads a fresh bootstrap when the socket reconnects and when the server is reachable again after offline', async () => {
    const { engine, network, gate, clock } = await setup();
    const before = gate.count();
    const socket = engine.sockets[0]!;
    socket.disconnect();
    socket.connect();
    await waitUntil('a bootstrap after the socket reconnected', () => (gate.count() > before ? true : undefined));

    network.cut(engine);
    await engine.waitFor('offline', (s) => s.connection.kind === 'offline');
    clock.jump(MIN_GAP_MS);
    const offlineCount = gate.count();
    network.restore(engine);
    await engine.waitFor('back', (s) => s.connection.kind === 'live');
    await waitUntil('a bootstrap after coming back', () => (gate.count() > offlineCount ? true : undefined));
  });

  it('a seat sold elsewhere while a refresh is on its way stays taken after the refresh is stored', async () => {
    const { server, engine, gate } = await setup();
    const seat = freeReformerSeat(await catalog(engine));
    const maya = (await engine.call('clients.search', { query: 'maya' })).clients[0]!;
    const reformer = (await catalog(engine)).find((i) => i.id === seat.itemId)!;

    // A reconnect starts a refresh; the server answers it now, but the answer reaches the engine only later.
    gate.hold();
    const socket = engine.sockets[0]!;
    socket.disconnect();
    socket.connect();
    await waitUntil('the held bootstrap to be answered', () => (gate.answered() > 0 ? true : undefined));

    const observer = await otherRegister(server.url);
    const sold = await observer.post(
      '/api/v1/sales',
      {
        id: 'RACESALE000000000000000001',
        cart: {
          id: 'RACECART000000000000000001',
          clientId: maya.id,
          lines: [{ id: 'L1', itemId: seat.itemId, quantity: 1, sessionId: seat.sessionId, seatId: seat.seatId }],
          totalCents: reformer.priceCents,
        },
        payments: [{ method: 'cash', amountCents: reformer.priceCents }],
      },
      observer.staffToken,
      'race-sale-1',
    );
    expect(sold.status).toBe(201);
    // The socket pushes the sale meanwhile; the feed waits in turn behind the held refresh, so it is applied after it.
    const catalogPushes = () => engine.pushes.filter((p) => p.type === 'catalog').length;
    const before = catalogPushes();
    gate.release();

    const seatState = async () =>
      (await catalog(engine))
        .find((i) => i.id === seat.itemId)!
        .sessions!.find((s) => s.id === seat.sessionId)!
        .seats!.find((s) => s.id === seat.seatId)!.state;
    await waitUntil('the seat to show as booked', async () => ((await seatState()) === 'booked' ? true : undefined));
    // Both the held refresh and the sale's event have been stored (each pushes "catalog"): nothing later undoes them.
    await waitUntil('the refresh and the event to be stored', () => (catalogPushes() >= before + 2 ? true : undefined));
    expect(await seatState()).toBe('booked');
    await expect(engine.call('cart.addLine', { itemId: seat.itemId, sessionId: seat.sessionId, seatId: seat.seatId })).rejects.toMatchObject({
      code: 'seat_unavailable',
    });
  });
});
