import { requestUrl } from '../support/request-url';
import { afterEach, describe, expect, it } from 'vitest';
import { startServerForEngine as startTestServer, type EngineTestServer as TestServer } from './support/server';
import {
  catalog,
  enrollAndSignIn,
  freeReformerSeat,
  itemNamed,
  localRows,
  otherRegister,
  startEngine,
  waitUntil,
  type TestEngine,
} from './support/engine-harness';
import { tempDir } from './support/temp-database';

// The register engine against a real server on loopback (PGlite, HTTP, Socket.IO): a normal cash sale.

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(): Promise<{ server: TestServer; engine: TestEngine; dir: string }> {
  const server = await startTestServer();
  cleanups.push(() => server.close());
  const data = tempDir();
  cleanups.push(data.cleanup);
  const engine = await startEngine({ dataDir: data.dir });
  cleanups.push(() => engine.stop());
  return { server, engine, dir: data.dir };
}

describe('register engine: a cash sale', () => {
  it('enrolls, signs Frank in, sells to Maya Chen at once, and the server gets the sale exactly once', async () => {
    const { server, engine, dir } = await setup();
    const signedIn = await enrollAndSignIn(engine, server.url);
    expect(signedIn.enrollment).toMatchObject({ kind: 'enrolled', location: { name: 'Demo Studio' } });
    expect(signedIn.staff).toMatchObject({ name: 'Frank', role: 'front_desk', signedInOffline: false });
    await engine.waitFor('live connection', (s) => s.connection.kind === 'live');

    const { clients } = await engine.call('clients.search', { query: 'maya' });
    expect(clients.map((c) => c.name)).toEqual(['Maya Chen']);
    await engine.call('cart.setClient', { clientId: clients[0]!.id });
    const items = await catalog(engine);
    const socks = itemNamed(items, 'Grip Socks');
    const seat = freeReformerSeat(items);
    await engine.call('cart.addLine', { itemId: socks.id });
    await engine.call('cart.addLine', { itemId: socks.id }); // a second pair adds to the line
    const withSeat = await engine.call('cart.addLine', { itemId: seat.itemId, sessionId: seat.sessionId, seatId: seat.seatId });
    const reformer = itemNamed(items, 'Reformer Pilates');
    const total = socks.priceCents * 2 + reformer.priceCents;
    expect(withSeat.cart).toMatchObject({ clientId: clients[0]!.id, totalCents: total, currency: 'USD' });
    expect(withSeat.cart!.lines.map((l) => [l.name, l.quantity])).toEqual([
      ['Grip Socks', 2],
      ['Reformer Pilates', 1],
    ]);

    const paid = await engine.call('checkout.pay', { method: 'cash', tenderedCents: total + 500 });
    expect(paid.changeCents).toBe(500);
    expect(paid.sale).toMatchObject({ receiptNumber: '1-1', totalCents: total, clientName: 'Maya Chen', payments: [{ method: 'cash', amountCents: total }] });
    expect(paid.snapshot.lastSale?.id).toBe(paid.sale.id);
    expect(paid.snapshot.cart).toMatchObject({ lines: [], clientId: null });
    expect(paid.snapshot.cart!.id).not.toBe(withSeat.cart!.id);
    await engine.waitFor('the pushed receipt', () =>
      engine.pushes.some((m) => m.type === 'snapshot' && m.snapshot.lastSale?.id === paid.sale.id) ? true : false,
    );

    await engine.waitFor('the outbox to drain', (s) => s.outbox.pending === 0);
    const observer = await otherRegister(server.url);
    const onServer = (await observer.sales()).filter((s) => s.id === paid.sale.id);
    expect(onServer).toHaveLength(1);
    expect(onServer[0]).toMatchObject({ receiptNumber: '1-1', totalCents: total });

    // The booked seat comes back through the event feed: this register can no longer pick it.
    await waitUntil('the seat to show as booked', async () => {
      const session = itemNamed(await catalog(engine), 'Reformer Pilates').sessions!.find((s) => s.id === seat.sessionId)!;
      return session.seats!.find((s) => s.id === seat.seatId)!.state === 'booked' ? true : undefined;
    });
    expect(engine.pushes.some((m) => m.type === 'catalog')).toBe(true);
    await expect(engine.call('cart.addLine', { itemId: seat.itemId, sessionId: seat.sessionId, seatId: seat.seatId })).rejects.toMatchObject({
      code: 'seat_unavailable',
    });

    const day = await engine.call('sales.day', {});
    expect(day.source).toBe('server');
    expect(day.sales.filter((s) => s.id === paid.sale.id)).toHaveLength(1);
    const sessionDate = reformer.sessions!.find((s) => s.id === seat.sessionId)!.startsAt;
    const roster = await engine.call('roster.day', { date: new Date(Date.parse(sessionDate) - 5 * 3_600_000).toISOString().slice(0, 10) });
    expect(roster.bookings.some((b) => b.saleId === paid.sale.id && b.seatId === seat.seatId)).toBe(true);

    // Restart: the enrollment, the new cart with its line, and the sale are all still there.
    await engine.call('cart.addLine', { itemId: socks.id, quantity: 3 });
    await engine.stop();
    const again = await startEngine({ dataDir: dir });
    cleanups.push(() => again.stop());
    const snapshot = await again.snapshot();
    expect(snapshot.enrollment.kind).toBe('enrolled');
    expect(snapshot.staff).toBeNull(); // staff sign in again after a restart
    expect(snapshot.lastSale?.id).toBe(paid.sale.id);
    expect(snapshot.cart!.lines.map((l) => [l.name, l.quantity])).toEqual([['Grip Socks', 3]]);
    await again.call('staff.signIn', { pin: '2222' });
    const local = await again.call('sales.day', {});
    expect(local.sales.filter((s) => s.id === paid.sale.id)).toHaveLength(1);
    // A second sale continues the receipt numbers.
    const second = await again.call('checkout.pay', { method: 'external_card' });
    expect(second.sale.receiptNumber).toBe('1-2');
    expect(second.changeCents).toBe(0);
    await again.waitFor('the outbox to drain', (s) => s.outbox.pending === 0);
    expect((await observer.sales()).map((s) => s.receiptNumber).sort()).toEqual(['1-1', '1-2']);
  });

  it('loses the first answer to POST /sales, retries, and the server still has exactly one sale', async () => {
    const server = await startTestServer();
    cleanups.push(() => server.close());
    const data = tempDir();
    cleanups.push(data.cleanup);
    let lost = 0;
    const losingFetch: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (requestUrl(input).endsWith('/api/v1/sales') && init?.method === 'POST' && lost === 0) {
        lost++;
        await response.text(); // the server did the work; the answer never arrives
        throw new TypeError('fetch failed', { cause: new Error('socket hang up') });
      }
      return response;
    };
    const engine = await startEngine({ dataDir: data.dir, fetch: losingFetch });
    cleanups.push(() => engine.stop());
    await enrollAndSignIn(engine, server.url);
    const socks = itemNamed(await catalog(engine), 'Grip Socks');
    await engine.call('cart.addLine', { itemId: socks.id });
    const paid = await engine.call('checkout.pay', { method: 'cash' });
    await engine.waitFor('the retry to be answered', (s) => s.outbox.pending === 0);
    expect(lost).toBe(1);
    const observer = await otherRegister(server.url);
    expect((await observer.sales()).filter((s) => s.id === paid.sale.id)).toHaveLength(1);
    expect((await observer.sales()).filter((s) => s.receiptNumber === paid.sale.receiptNumber)).toHaveLength(1);
    expect((await engine.snapshot()).notices).toEqual([]);
  });

  it('a queued sale the server refuses (the seat went to someone else meanwhile) is marked failed and staff are told', async () => {
    const server = await startTestServer();
    cleanups.push(() => server.close());
    const data = tempDir();
    cleanups.push(data.cleanup);
    const engine = await startEngine({ dataDir: data.dir, pollIntervalMs: 600_000 });
    cleanups.push(() => engine.stop());
    await enrollAndSignIn(engine, server.url);
    await engine.waitFor('live', (s) => s.connection.kind === 'live');
    const socket = engine.sockets[0]!;
    socket.connect = () => socket; // this register hears nothing more: its seat map goes stale
    socket.disconnect();
    await engine.waitFor('polling', (s) => s.connection.kind === 'polling');

    const seat = freeReformerSeat(await catalog(engine));
    const price = itemNamed(await catalog(engine), 'Reformer Pilates').priceCents;
    const observer = await otherRegister(server.url);
    const taken = await observer.post(
      '/api/v1/sales',
      {
        id: 'OTHERSEATSALE00000000000001',
        cart: {
          id: 'OTHERSEATCART00000000000001',
          clientId: null,
          lines: [{ id: 'L1', itemId: seat.itemId, quantity: 1, sessionId: seat.sessionId, seatId: seat.seatId }],
          totalCents: price,
        },
        payments: [{ method: 'cash', amountCents: price }],
      },
      observer.staffToken,
      'other-register-seat-1',
    );
    expect(taken.status).toBe(201);

    await engine.call('cart.addLine', { itemId: seat.itemId, sessionId: seat.sessionId, seatId: seat.seatId });
    const paid = await engine.call('checkout.pay', { method: 'cash' });
    const told = await engine.waitFor('a notice', (s) => s.notices.length > 0);
    expect(told.outbox.pending).toBe(0);
    expect(told.notices[0]).toMatchObject({ level: 'error' });
    expect(told.notices[0]!.message).toContain(`sale ${paid.sale.receiptNumber}`);
    expect(told.notices[0]!.message).toMatch(/refused by the server/);
    expect(localRows(data.dir, `SELECT upload_status FROM sales WHERE id = '${paid.sale.id}'`)).toEqual([{ upload_status: 'failed' }]);
    expect((await observer.sales()).some((s) => s.id === paid.sale.id)).toBe(false);
    const afterDismiss = await engine.call('notices.dismiss', { id: told.notices[0]!.id });
    expect(afterDismiss.notices).toEqual([]);
  });
});
