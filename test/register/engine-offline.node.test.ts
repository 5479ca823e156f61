import { afterEach, describe, expect, it } from 'vitest';
import { restartableServer, startServerForEngine } from './support/server';
import { catalog, enrollAndSignIn, itemNamed, jumpableClock, localRows, otherRegister, startEngine, waitUntil } from './support/engine-harness';
import { tempDir } from './support/temp-database';

// The register engine when the server goes away: sales queue and arrive exactly once, staff sign in offline
// within 12 hours, and events keep arriving by polling when the socket is gone.

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('register engine: offline', () => {
  it('a cash sale made while the server is down reaches it exactly once after it comes back', async () => {
    const server = await restartableServer(cleanups);
    const data = tempDir();
    cleanups.push(data.cleanup);
    const engine = await startEngine({ dataDir: data.dir });
    cleanups.push(() => engine.stop());
    await enrollAndSignIn(engine, server.url);
    const socks = itemNamed(await catalog(engine), 'Grip Socks');
    await engine.waitFor('live', (s) => s.connection.kind === 'live');

    await server.stop();
    await engine.waitFor('the socket to notice', (s) => s.connection.kind !== 'live');
    await engine.call('cart.addLine', { itemId: socks.id });
    const paid = await engine.call('checkout.pay', { method: 'cash', tenderedCents: 2000 });
    expect(paid.sale.receiptNumber).toBe('1-1'); // the receipt is there at once, offline
    expect(paid.snapshot.outbox.pending).toBe(1);
    await engine.waitFor('offline', (s) => s.connection.kind === 'offline');
    const local = await engine.call('sales.day', {});
    expect(local).toMatchObject({ source: 'local', pendingUpload: 1, pendingSaleIds: [paid.sale.id] });
    expect(local.sales.map((s) => s.id)).toEqual([paid.sale.id]);
    expect(local.totals).toMatchObject({ totalCents: socks.priceCents, byMethod: { cash: socks.priceCents } });

    await server.start();
    await engine.waitFor('the queued sale to be sent', (s) => s.outbox.pending === 0 && s.connection.kind !== 'offline', 20_000);
    const observer = await otherRegister(server.url);
    expect((await observer.sales()).filter((s) => s.id === paid.sale.id)).toHaveLength(1);
    expect((await observer.sales()).filter((s) => s.receiptNumber === '1-1')).toHaveLength(1);
    await engine.waitFor('live again', (s) => s.connection.kind === 'live', 20_000);
  }, 60_000); // two server starts on a file-backed PGlite

  it('signs a staff member in offline within 12 hours of an online sign-in, and not after', async () => {
    const server = await startServerForEngine();
    let serverUp = true;
    cleanups.push(() => (serverUp ? server.close() : undefined));
    const data = tempDir();
    cleanups.push(data.cleanup);
    // Time passes for the monotonic clock too: the window is counted on the server-corrected clock.
    const clock = jumpableClock();
    const engine = await startEngine({ dataDir: data.dir, clock });
    cleanups.push(() => engine.stop());
    await enrollAndSignIn(engine, server.url, '2222');
    await engine.call('staff.signOut', {});
    await server.close();
    serverUp = false;

    // Tess never signed in here: offline, her PIN cannot be checked.
    await expect(engine.call('staff.signIn', { pin: '5555' })).rejects.toMatchObject({ code: 'invalid_pin' });
    clock.jump(11 * 3_600_000);
    const offline = await engine.call('staff.signIn', { pin: '2222' });
    expect(offline.staff).toMatchObject({ name: 'Frank', signedInOffline: true });
    // Cash sales still work offline, queued under Frank.
    await engine.call('cart.addLine', { itemId: itemNamed(await catalog(engine), 'Water Bottle').id });
    const paid = await engine.call('checkout.pay', { method: 'cash' });
    expect(paid.snapshot.outbox.pending).toBe(1);
    await engine.call('staff.signOut', {});

    clock.jump(1 * 3_600_000 + 60_000); // 12 h 1 min after the online sign-in
    await expect(engine.call('staff.signIn', { pin: '2222' })).rejects.toMatchObject({ code: 'offline' });
    expect((await engine.snapshot()).staff).toBeNull();
  });

  it('when the socket is killed the state goes to polling and events still arrive by polling', async () => {
    const server = await startServerForEngine();
    cleanups.push(() => server.close());
    const data = tempDir();
    cleanups.push(data.cleanup);
    const engine = await startEngine({ dataDir: data.dir, pollIntervalMs: 100 });
    cleanups.push(() => engine.stop());
    await enrollAndSignIn(engine, server.url);
    await engine.waitFor('live', (s) => s.connection.kind === 'live');

    const socket = engine.sockets[0]!;
    socket.connect = () => socket; // keep it dead: prove the feed poll alone carries the events
    socket.disconnect();
    await engine.waitFor('polling', (s) => s.connection.kind === 'polling');

    // Another register sells a water bottle; this one learns of it from GET /events.
    const observer = await otherRegister(server.url);
    const bottle = itemNamed(await catalog(engine), 'Water Bottle');
    const saleId = 'OTHERREGISTERSALE0000000001';
    const made = await observer.post(
      '/api/v1/sales',
      {
        id: saleId,
        cart: { id: 'OTHERREGISTERCART0000000001', clientId: null, lines: [{ id: 'L1', itemId: bottle.id, quantity: 1 }], totalCents: bottle.priceCents },
        payments: [{ method: 'cash', amountCents: bottle.priceCents }],
      },
      observer.staffToken,
      'other-register-sale-1',
    );
    expect(made.status).toBe(201);
    await waitUntil('the other sale to arrive by polling', () =>
      localRows(data.dir, `SELECT id FROM sales WHERE id = '${saleId}'`).length === 1 ? true : undefined,
    );
    expect((await engine.snapshot()).connection.kind).toBe('polling');
    const day = await engine.call('sales.day', {});
    expect(day.sales.filter((s) => s.id === saleId)).toHaveLength(1);
    // Offline, the local copy (learned from the feed) still lists it.
    await server.close();
    await engine.waitFor('offline', (s) => s.connection.kind === 'offline');
    const local = await engine.call('sales.day', {});
    expect(local.source).toBe('local');
    expect(local.sales.some((s) => s.id === saleId)).toBe(true);
  });
});
