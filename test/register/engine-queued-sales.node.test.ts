import { afterEach, describe, expect, it } from 'vitest';
import { dateInZone } from '../../shared/domain/studio-time';
import { startServerForEngine } from './support/server';
import { catalog, enrollAndSignIn, freeReformerSeat, itemNamed, jumpableClock, startEngine } from './support/engine-harness';
import { switchableNetwork } from './support/link-harness';
import { tempDir } from './support/temp-database';

// Sales queued while the server is out of reach: their places count as taken here, and a sale whose seller's
// token has long expired is sent by a colleague signed in online instead of waiting for the seller forever.

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup() {
  let skew = 0;
  const server = await startServerForEngine({ now: () => Date.now() + skew });
  cleanups.push(() => server.close());
  const data = tempDir();
  cleanups.push(data.cleanup);
  const clock = jumpableClock();
  const network = switchableNetwork();
  const engine = await startEngine({ dataDir: data.dir, clock, fetch: network.fetch });
  cleanups.push(() => engine.stop());
  await enrollAndSignIn(engine, server.url, '2222');
  await engine.waitFor('live', (s) => s.connection.kind === 'live');
  const jump = (ms: number) => {
    skew += ms;
    clock.jump(ms);
  };
  return { server, engine, network, jump };
}

async function serverSales(serverUrl: string, staffToken: string, date: string) {
  const response = await fetch(new URL(`/api/v1/sales?date=${date}`, serverUrl), { headers: { authorization: `Bearer ${staffToken}` } });
  return ((await response.json()) as { sales: Array<{ id: string; staffId: string; staffName?: string }> }).sales;
}

describe('register engine: queued sales', () => {
  it('offline, a seat this register already sold cannot be sold again here', async () => {
    const { engine, network } = await setup();
    const seat = freeReformerSeat(await catalog(engine));
    network.cut(engine);
    await engine.waitFor('offline', (s) => s.connection.kind === 'offline');
    await engine.call('cart.addLine', { itemId: seat.itemId, sessionId: seat.sessionId, seatId: seat.seatId });
    const catalogPushes = engine.pushes.filter((m) => m.type === 'catalog').length;
    const paid = await engine.call('checkout.pay', { method: 'cash' });
    expect(paid.snapshot.outbox.pending).toBe(1);
    expect(engine.pushes.filter((m) => m.type === 'catalog').length).toBe(catalogPushes + 1); // the renderer reloads it
    const cached = (await catalog(engine)).find((i) => i.id === seat.itemId)!.sessions!.find((s) => s.id === seat.sessionId)!;
    expect(cached.seats!.find((s) => s.id === seat.seatId)!.state).toBe('booked');
    await expect(engine.call('cart.addLine', { itemId: seat.itemId, sessionId: seat.sessionId, seatId: seat.seatId })).rejects.toMatchObject({
      code: 'seat_unavailable',
    });
  });

  it('a sale whose seller’s token expired long ago goes with a colleague’s token, and a 30-minute wait is told', async () => {
    const { server, engine, network, jump } = await setup();
    const bottle = itemNamed(await catalog(engine), 'Water Bottle');
    network.cut(engine);
    await engine.waitFor('offline', (s) => s.connection.kind === 'offline');
    await engine.call('cart.addLine', { itemId: bottle.id });
    const { sale } = await engine.call('checkout.pay', { method: 'cash' });
    await engine.call('staff.signOut', {});

    // A day passes (Frank's 24-hour token expires) before the server can be reached again.
    jump(24 * 3_600_000 + 11 * 60_000);
    network.restore(engine);
    const back = await engine.waitFor(
      'back, the sale still waiting for its seller',
      (s) => s.connection.kind === 'live' && s.notices.some((n) => n.message.includes(sale.receiptNumber)),
    );
    expect(back.outbox.pending).toBe(1);
    expect(back.notices.find((n) => n.message.includes(sale.receiptNumber))).toMatchObject({
      level: 'warning',
      message: expect.stringContaining('has waited more than 30 minutes'),
    });

    // Olivia (owner, can take payments) signs in online: the sale goes now, with her token.
    await engine.call('staff.signIn', { pin: '1111' });
    await engine.waitFor('the sale to be sent', (s) => s.outbox.pending === 0);
    const olivia = (await engine.snapshot()).staff!;
    const staffToken = await (async () => {
      const register = await fetch(new URL('/api/v1/registers/enroll', server.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code: 'DEMO-ENROLL', name: 'Observer' }),
      }).then((r) => r.json() as Promise<{ token: string }>);
      const session = await fetch(new URL('/api/v1/sessions', server.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${register.token}` },
        body: JSON.stringify({ pin: '1111' }),
      }).then((r) => r.json() as Promise<{ token: string }>);
      return session.token;
    })();
    const date = dateInZone(Date.parse(sale.createdAt), 'America/New_York');
    const recorded = (await serverSales(server.url, staffToken, date)).filter((s) => s.id === sale.id);
    expect(recorded).toHaveLength(1);
    // Sent with Olivia's token, but the body names the seller (sellerStaffId): the server records Frank.
    expect(sale.staffName).toBe('Frank'); // the receipt printed at the sale named the seller
    expect(recorded[0]).toMatchObject({ staffId: sale.staffId, staffName: 'Frank' });
    expect(recorded[0]!.staffId).not.toBe(olivia.id);
    // The local copy follows the server's record, and still names Frank.
    const local = await engine.call('sales.day', { date });
    expect(local.sales.find((s) => s.id === sale.id)).toMatchObject({ staffId: sale.staffId, staffName: 'Frank' });
  });
});
