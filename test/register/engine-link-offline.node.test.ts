import { afterEach, describe, expect, it } from 'vitest';
import { restartableServer, startServerForEngine } from './support/server';
import {
  catalog,
  enrollAndSignIn,
  itemNamed,
  jumpableClock,
  localRows,
  otherRegister,
  shiftableClock,
  startEngine,
  waitUntil,
  type TestEngine,
} from './support/engine-harness';
import { mayaCartWithSeat, payOnInvoicePage, serverLink, switchableNetwork, waiting } from './support/link-harness';
import { tempDir } from './support/temp-database';

// Payment links and time and absence: a wrong PC clock, a cancel made offline, a payment made while the register is
// offline, a payment on a link the register had given up on, and the link's expiry.

/** The released seat comes back as free through the feed (availability.changed after the link's end). */
async function seatFree(engine: TestEngine, seat: { sessionId: string; seatId: string }) {
  await waitUntil('the seat to be free again', async () => {
    const session = itemNamed(await catalog(engine), 'Reformer Pilates').sessions!.find((s) => s.id === seat.sessionId)!;
    return session.seats!.find((s) => s.id === seat.seatId)!.state === 'free' ? true : undefined;
  });
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('register engine: payment links, time and absence', () => {
  it.each([
    ['10 minutes ahead', 10 * 60_000],
    ['10 minutes behind', -10 * 60_000],
  ])('a PC clock %s changes nothing: expiresInMs is within 2 s of the server, also after a restart', async (_name, skew) => {
    const server = await startServerForEngine();
    cleanups.push(() => server.close());
    const data = tempDir();
    cleanups.push(data.cleanup);
    const clock = shiftableClock();
    clock.shift(skew);
    const engine = await startEngine({ dataDir: data.dir, clock });
    await enrollAndSignIn(engine, server.url);
    await engine.waitFor('live', (s) => s.connection.kind === 'live');
    await mayaCartWithSeat(engine);
    const sent = await engine.call('link.send', { channels: ['sms'] });
    const observer = await otherRegister(server.url);
    const truth = await serverLink(server.url, observer.registerToken, sent.activeLink!.id!);
    const serverLeft = () => Date.parse(truth.json.link.expiresAt) - Date.now();
    expect(Math.abs((await engine.snapshot()).activeLink!.expiresInMs! - serverLeft())).toBeLessThan(2000);
    await engine.stop();

    // Restarted with the same wrong clock: before any answer it uses the offset it remembered.
    const again = await startEngine({ dataDir: data.dir, clock, serverUrl: 'http://127.0.0.1:9' });
    cleanups.push(() => again.stop());
    const reopened = await again.snapshot();
    expect(reopened.activeLink).toMatchObject({ status: 'pending' });
    expect(Math.abs(reopened.activeLink!.expiresInMs! - serverLeft())).toBeLessThan(2000);
  });

  it('a cancel made offline is queued and shown pending, the cart stays locked, and the server confirms it on reconnect', async () => {
    const server = await restartableServer(cleanups);
    const data = tempDir();
    cleanups.push(data.cleanup);
    const engine = await startEngine({ dataDir: data.dir, pollIntervalMs: 200 });
    cleanups.push(() => engine.stop());
    await enrollAndSignIn(engine, server.url);
    await engine.waitFor('live', (s) => s.connection.kind === 'live');
    const { seat } = await mayaCartWithSeat(engine);
    const sent = await engine.call('link.send', { channels: ['sms'] });

    await server.stop();
    await engine.waitFor('offline', (s) => s.connection.kind === 'offline');
    const canceled = await engine.call('link.cancel', {});
    expect(canceled.activeLink).toMatchObject({ status: 'pending', phase: 'cancel_queued' });
    expect(canceled.outbox.pending).toBe(1);
    await expect(engine.call('cart.clear', {})).rejects.toMatchObject({ code: 'cart_locked' });
    // Asking again changes nothing.
    expect((await engine.call('link.cancel', {})).outbox.pending).toBe(1);

    await server.start();
    const confirmed = await engine.waitFor('the cancel to be confirmed', (s) => s.activeLink?.status === 'canceled', 20_000);
    expect(confirmed.activeLink!.phase).toBe('canceled');
    expect(confirmed.outbox.pending).toBe(0);
    expect(confirmed.notices.map((n) => n.message)).toContain('The payment link was canceled; the held spots were released.');
    const observer = await otherRegister(server.url);
    expect((await serverLink(server.url, observer.registerToken, sent.activeLink!.id!)).json.link.status).toBe('canceled');
    // The cart is editable again and the seat is free for it.
    const edited = await engine.call('cart.removeLine', { lineId: confirmed.cart!.lines.find((l) => l.seatId === seat.seatId)!.id });
    expect(edited.activeLink).toBeNull();
    await seatFree(engine, seat);
  });

  it('a payment made while the register is offline is seen on reconnect and completes the sale', async () => {
    const server = await startServerForEngine();
    cleanups.push(() => server.close());
    const data = tempDir();
    cleanups.push(data.cleanup);
    const network = switchableNetwork();
    const engine = await startEngine({ dataDir: data.dir, fetch: network.fetch, pollIntervalMs: 200 });
    cleanups.push(() => engine.stop());
    await enrollAndSignIn(engine, server.url);
    await engine.waitFor('live', (s) => s.connection.kind === 'live');
    await mayaCartWithSeat(engine);
    const sent = await engine.call('link.send', { channels: ['sms'] });

    network.cut(engine);
    await engine.waitFor('offline', (s) => s.connection.kind === 'offline');
    await expect(engine.call('link.send', { channels: ['sms'] })).rejects.toMatchObject({ code: 'link_already_active' });
    expect(await payOnInvoicePage(sent.activeLink!.url!)).toBeLessThan(400);
    // Several offline polls go by after the payment: none of them can know of it.
    const refusedBefore = network.refused();
    await waitUntil('three offline polls', () => (network.refused() >= refusedBefore + 3 ? true : undefined));
    const stillWaiting = await engine.snapshot();
    expect(stillWaiting.activeLink).toMatchObject({ status: 'pending' });
    expect(stillWaiting.lastSale).toBeNull();

    network.restore(engine);
    const done = await engine.waitFor('the sale after reconnecting', (s) => s.lastSale !== null, 20_000);
    expect(done.lastSale!.linkId).toBe(sent.activeLink!.id);
    expect(done.links.find((l) => l.id === sent.activeLink!.id)).toMatchObject({ status: 'paid', phase: 'paid', saleId: done.lastSale!.id });
    expect(done.notices).toEqual([]);
  });

  it('a payment reported for a link the register had given up on is recorded and told plainly', async () => {
    const server = await startServerForEngine();
    cleanups.push(() => server.close());
    const data = tempDir();
    cleanups.push(data.cleanup);
    const network = switchableNetwork();
    const clock = jumpableClock();
    const engine = await startEngine({ dataDir: data.dir, fetch: network.fetch, clock, pollIntervalMs: 200 });
    cleanups.push(() => engine.stop());
    await enrollAndSignIn(engine, server.url);
    await engine.waitFor('live', (s) => s.connection.kind === 'live');
    const { totalCents } = await mayaCartWithSeat(engine);
    const sent = await engine.call('link.send', { channels: ['sms'] });

    network.cut(engine);
    await engine.waitFor('offline', (s) => s.connection.kind === 'offline');
    expect(await payOnInvoicePage(sent.activeLink!.url!)).toBeLessThan(400); // the client pays in time…
    const queued = await engine.call('link.cancel', {}); // …while staff cancel at a register that cannot tell
    expect(queued.activeLink).toMatchObject({ phase: 'cancel_queued' });
    clock.jump(16 * 60_000 + 5_000); // the link's time has safely run out, by the register's monotonic clock
    const gaveUp = await engine.waitFor('the register to give up', (s) => s.activeLink?.status === 'canceled');
    expect(gaveUp.activeLink!.phase).toBe('given_up');
    expect(gaveUp.notices.at(-1)!.message).toMatch(/could not reach the server/);
    const edited = await engine.call('cart.clear', {}); // the cart is open again
    expect(edited.cart!.lines).toEqual([]);
    // Offline, a new link cannot be sent, and the engine says why.
    const { clients } = await engine.call('clients.search', { query: 'maya' });
    await engine.call('cart.setClient', { clientId: clients[0]!.id });
    await engine.call('cart.addLine', { itemId: itemNamed(await catalog(engine), 'Grip Socks').id });
    await expect(engine.call('link.send', { channels: ['sms'] })).rejects.toMatchObject({ code: 'offline' });
    await engine.call('cart.clear', {});

    network.restore(engine);
    const told = await engine.waitFor(
      'the late payment notice',
      (s) => s.notices.some((n) => n.level === 'warning' && /opened the cart again/.test(n.message)),
      20_000,
    );
    const notice = told.notices.find((n) => /opened the cart again/.test(n.message))!;
    expect(notice.message).toContain('Maya Chen paid $');
    expect(notice.message).toMatch(/The sale is recorded/);
    await engine.waitFor(
      'the sale to be stored',
      () => localRows<{ n: number }>(data.dir, `SELECT count(*) AS n FROM sales WHERE total_cents = ${totalCents}`)[0]!.n === 1,
    );
    // The cart staff opened again is left alone; the outbox is settled.
    expect(told.cart!.lines).toEqual([]);
    await engine.waitFor('the outbox to settle', (s) => s.outbox.pending === 0);
  });

  it('the link expires: the cart is editable again with the sentence, and the held seat is free', async () => {
    const server = await startServerForEngine({ linkTtlSeconds: 2 });
    cleanups.push(() => server.close());
    const data = tempDir();
    cleanups.push(data.cleanup);
    const engine = await startEngine({ dataDir: data.dir });
    cleanups.push(() => engine.stop());
    await enrollAndSignIn(engine, server.url);
    await engine.waitFor('live', (s) => s.connection.kind === 'live');
    const { seat } = await mayaCartWithSeat(engine);
    const sent = await engine.call('link.send', { channels: ['sms'] });
    expect(waiting(sent)).toBe(true);
    expect(sent.activeLink!.expiresInMs!).toBeLessThanOrEqual(2000);

    const expired = await engine.waitFor('expired', (s) => s.activeLink?.status === 'expired', 15_000);
    expect(expired.activeLink!.expiresInMs).toBe(0);
    expect(expired.notices.map((n) => n.message)).toContain('The payment link expired; the held spots were released.');
    expect(expired.activeLink!.activity.at(-1)!.message).toBe('Link expired; the held spots were released');
    expect(expired.cart!.lines).toHaveLength(2);
    const dismissed = await engine.call('link.dismiss', {});
    expect(dismissed.activeLink).toBeNull();
    await engine.call('cart.setClient', { clientId: null }); // editable again
    await seatFree(engine, seat);
  });
});
