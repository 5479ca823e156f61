import { afterEach, describe, expect, it } from 'vitest';
import type { RegisterSnapshot } from '../../shared/contract/register-view';
import { MAX_ACTIVE_LINKS } from '../../electron/register/link-store';
import { startServerForEngine } from './support/server';
import { catalog, enrollAndSignIn, itemNamed, startEngine, type TestEngine } from './support/engine-harness';
import { mayaCartWithSeat, payOnInvoicePage, serverLink, switchableNetwork, waiting } from './support/link-harness';
import { tempDir } from './support/temp-database';
import { requestUrl } from '../support/request-url';

// Serving the next client while links are pending: carts parked with their links, each link followed in the tray
// until it is paid (push or poll), expires or is canceled, a cash sale in between, a restart, and an offline cancel.

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function client(engine: TestEngine, query: string) {
  const { clients } = await engine.call('clients.search', { query });
  return clients[0]!;
}

/** A cart for this client with one product, sent as a link, then parked: returns the tray's entry. */
async function parkLinkFor(engine: TestEngine, query: string, product: string, channel: 'sms' | 'email') {
  await engine.call('cart.setClient', { clientId: (await client(engine, query)).id });
  await engine.call('cart.addLine', { itemId: itemNamed(await catalog(engine), product).id });
  const sent = await engine.call('link.send', { channels: [channel] });
  expect(waiting(sent)).toBe(true);
  const parked = await engine.call('link.park', {});
  expect(parked.activeLink).toBeNull();
  expect(parked.cart!.lines).toEqual([]);
  return parked.links.find((l) => l.localId === sent.activeLink!.localId)!;
}

const inTray = (s: RegisterSnapshot, localId: string) => s.links.find((l) => l.localId === localId);

async function setUp(options: { pollIntervalMs?: number } = {}) {
  // The server's clock can be moved forward, so a link runs out of time without waiting for it.
  let shift = 0;
  const server = Object.assign(await startServerForEngine({ now: () => Date.now() + shift }), {
    advance(ms: number) {
      shift += ms;
    },
  });
  cleanups.push(() => server.close());
  const data = tempDir();
  cleanups.push(data.cleanup);
  const network = switchableNetwork();
  const engine = await startEngine({ dataDir: data.dir, pollIntervalMs: options.pollIntervalMs ?? 300, fetch: network.fetch });
  cleanups.push(() => engine.stop());
  await enrollAndSignIn(engine, server.url);
  await engine.waitFor('live', (s) => s.connection.kind === 'live');
  return { server, engine, data, network };
}

describe('register engine: parked payment links', () => {
  it('three parked links: paid by push, paid while the socket is down (by polling), expired; a cash sale in between', async () => {
    const { engine, server } = await setUp();
    const maya = await mayaCartWithSeat(engine);
    const a = (await engine.call('link.send', { channels: ['sms'] })).activeLink!;
    await engine.call('link.park', {});
    // Sam pays cash at the desk meanwhile.
    await engine.call('cart.setClient', { clientId: (await client(engine, 'sam')).id });
    await engine.call('cart.addLine', { itemId: itemNamed(await catalog(engine), 'Water Bottle').id });
    const cash = await engine.call('checkout.pay', { method: 'cash', tenderedCents: 5000 });
    await engine.call('receipt.dismiss', {});
    const b = await parkLinkFor(engine, 'alex', 'Grip Socks', 'sms');
    const c = await parkLinkFor(engine, 'sam', 'Grip Socks', 'email');
    // The next client's cart is on screen while three links wait.
    await engine.call('cart.addLine', { itemId: itemNamed(await catalog(engine), 'Grip Socks').id });
    let s = await engine.snapshot();
    expect(s.links.map((l) => [l.clientName, l.phase, l.onScreen])).toEqual([
      ['Maya Chen', 'waiting', false],
      ['Alex Kim', 'waiting', false],
      ['Sam Rivera', 'waiting', false],
    ]);
    for (const l of s.links) expect(l.expiresInMs).toBeGreaterThan(0);
    const onScreenCart = s.cart!.id;

    // Paid by push: the sale completes, the notice offers the receipt, the cart on screen is not disturbed.
    expect(await payOnInvoicePage(inTray(s, a.localId)!.url!)).toBeLessThan(400);
    s = await engine.waitFor('A paid', (x) => inTray(x, a.localId)?.saleId != null);
    expect(s.lastSale).toBeNull();
    expect(s.cart!.id).toBe(onScreenCart);
    expect(s.cart!.lines).toHaveLength(1);
    const noticeA = s.notices.find((n) => n.saleId === inTray(s, a.localId)!.saleId)!;
    expect(noticeA.message).toMatch(/^Maya Chen paid \$\d+\.\d\d by payment link \(receipt /);
    expect(maya.totalCents).toBe(inTray(s, a.localId)!.totalCents);

    // Paid while the socket is down: found by the poll.
    const socket = engine.sockets[0]!;
    socket.connect = () => socket;
    socket.disconnect();
    await engine.waitFor('polling', (x) => x.connection.kind === 'polling');
    expect(await payOnInvoicePage(b.url!)).toBeLessThan(400);
    s = await engine.waitFor('B paid by polling', (x) => inTray(x, b.localId)?.saleId != null);
    expect(s.connection.kind).toBe('polling');
    expect(s.notices.some((n) => n.saleId === inTray(s, b.localId)!.saleId)).toBe(true);

    // C runs out of time: the server's sweeper expires it and the poll brings it; it stays in the tray, marked.
    server.advance(Date.parse(c.expiresAt!) - Date.now() + 1000);
    expect(await server.jobs.sweepExpired()).toBe(1);
    s = await engine.waitFor('C expired', (x) => inTray(x, c.localId)?.phase === 'expired');
    expect(s.links.map((l) => l.phase)).toEqual(['paid', 'paid', 'expired']);
    expect(s.cart!.id).toBe(onScreenCart);

    // Both link sales and the cash sale are the day's sales; a receipt can be shown over the current cart.
    const day = await engine.call('sales.day', {});
    const ids = day.sales.map((sale) => sale.id);
    expect(ids).toEqual(expect.arrayContaining([cash.sale.id, inTray(s, a.localId)!.saleId!, inTray(s, b.localId)!.saleId!]));
    const shown = await engine.call('receipt.show', { saleId: inTray(s, a.localId)!.saleId! });
    expect(shown.lastSale!.linkId).toBe(a.id);
    const back = await engine.call('receipt.dismiss', {});
    expect(back.cart!.id).toBe(onScreenCart);
    expect(inTray(back, a.localId)).toBeUndefined(); // its receipt was seen

    // The expired cart reopens for another payment method, once the cart on screen is cleared.
    await expect(engine.call('link.reopen', { linkId: c.localId })).rejects.toMatchObject({ code: 'cart_in_use' });
    await engine.call('cart.clear', {});
    const reopened = await engine.call('link.reopen', { linkId: c.localId });
    expect(reopened.cart!.client!.name).toBe('Sam Rivera');
    expect(reopened.cart!.lines.map((l) => l.name)).toEqual(['Grip Socks']);
    expect(inTray(reopened, c.localId)).toBeUndefined();
    const paidCash = await engine.call('checkout.pay', { method: 'cash', tenderedCents: 5000 });
    expect(paidCash.sale.clientId).toBe(reopened.cart!.clientId);
    await engine.call('link.dismiss', { linkId: b.localId });
    expect((await engine.snapshot()).links).toEqual([]);
  });

  it('a restart brings every parked link back with its right time left', async () => {
    const { engine, data, server } = await setUp();
    const first = await parkLinkFor(engine, 'maya', 'Grip Socks', 'sms');
    const second = await parkLinkFor(engine, 'alex', 'Water Bottle', 'sms');
    await engine.stop();
    const again = await startEngine({ dataDir: data.dir, pollIntervalMs: 300 });
    cleanups.push(() => again.stop());
    await again.call('staff.signIn', { pin: '2222' });
    const s = await again.waitFor('live', (x) => x.connection.kind === 'live');
    expect(s.links.map((l) => [l.localId, l.phase])).toEqual([
      [first.localId, 'waiting'],
      [second.localId, 'waiting'],
    ]);
    const observer = await fetch(new URL('/api/v1/registers/enroll', server.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: 'DEMO-ENROLL', name: 'Observer' }),
    }).then((r) => r.json() as Promise<{ token: string }>);
    for (const link of s.links) {
      const truth = await serverLink(server.url, observer.token, link.id!);
      expect(Math.abs(link.expiresInMs! - (Date.parse(truth.json.link.expiresAt) - truth.at))).toBeLessThan(2000);
    }
  });

  it('an offline cancel on a parked link is one clear state, queued until the server is back, then its cart reopens', async () => {
    const { engine, network } = await setUp();
    const parked = await parkLinkFor(engine, 'maya', 'Grip Socks', 'sms');
    network.cut(engine);
    await engine.waitFor('offline', (x) => x.connection.kind === 'offline');
    const queued = await engine.call('link.cancel', { linkId: parked.localId });
    expect(inTray(queued, parked.localId)).toMatchObject({ phase: 'cancel_queued', status: 'pending' });
    expect(queued.outbox.waiting).toEqual({ cashSales: 0, cardSales: 0, links: 0, resends: 0, cancels: 1 });
    // The cart on screen is someone else's and stays free to sell.
    expect(queued.activeLink).toBeNull();
    await engine.call('cart.addLine', { itemId: itemNamed(await catalog(engine), 'Water Bottle').id });
    network.restore(engine);
    const canceled = await engine.waitFor('canceled', (x) => inTray(x, parked.localId)?.phase === 'canceled');
    expect(canceled.outbox.pending).toBe(0);
    await engine.call('cart.clear', {});
    const reopened = await engine.call('link.reopen', { linkId: parked.localId });
    expect(reopened.cart!.lines.map((l) => l.name)).toEqual(['Grip Socks']);
  });

  it('a create refused after its cart was parked leaves the link in the tray, refused, and its cart reopenable', async () => {
    const server = await startServerForEngine();
    cleanups.push(() => server.close());
    const data = tempDir();
    cleanups.push(data.cleanup);
    // The server is slow to answer the create, then refuses it (the class filled up meanwhile).
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const slowFetch: typeof fetch = async (input, init) => {
      if (init?.method === 'POST' && requestUrl(input).endsWith('/api/v1/payment-links')) {
        await held;
        const body = { error: { code: 'capacity_unavailable', message: 'Grip Socks sold out.', details: {} } };
        return new Response(JSON.stringify(body), { status: 409, headers: { 'content-type': 'application/json' } });
      }
      return fetch(input, init);
    };
    const engine = await startEngine({ dataDir: data.dir, pollIntervalMs: 300, fetch: slowFetch, linkCommandWaitMs: 50 });
    cleanups.push(() => engine.stop());
    await enrollAndSignIn(engine, server.url);
    await engine.waitFor('live', (x) => x.connection.kind === 'live');
    await engine.call('cart.setClient', { clientId: (await client(engine, 'maya')).id });
    await engine.call('cart.addLine', { itemId: itemNamed(await catalog(engine), 'Grip Socks').id });
    const sending = await engine.call('link.send', { channels: ['sms'] }); // the dialog stops waiting after 50 ms
    expect(sending.activeLink!.phase).toBe('sending');
    expect(sending.cart!.locked).toBe(true); // the engine's lock, which the screen follows
    const localId = sending.activeLink!.localId;
    await engine.call('link.park', {});
    release();
    const refused = await engine.waitFor('the refusal', (x) => inTray(x, localId)?.phase === 'refused');
    expect(refused.notices.at(-1)!.message).toMatch(/^Maya Chen: The payment link could not be sent: Grip Socks sold out\./);
    const reopened = await engine.call('link.reopen', { linkId: localId });
    expect(reopened.cart!.client!.name).toBe('Maya Chen');
    expect(reopened.cart!.lines.map((l) => l.name)).toEqual(['Grip Socks']);
    expect(reopened.cart!.locked).toBe(false);
  });

  it('a cash sale for a cart whose link expired takes the ended link out of the tray; a new link replaces an ended one', async () => {
    const { engine, server } = await setUp();
    const maya = await client(engine, 'maya');
    await engine.call('cart.setClient', { clientId: maya.id });
    await engine.call('cart.addLine', { itemId: itemNamed(await catalog(engine), 'Grip Socks').id });
    const first = (await engine.call('link.send', { channels: ['sms'] })).activeLink!;
    server.advance(Date.parse(first.expiresAt!) - Date.now() + 1000);
    expect(await server.jobs.sweepExpired()).toBe(1);
    let s = await engine.waitFor('expired', (x) => x.activeLink?.phase === 'expired');
    expect(s.cart!.locked).toBe(false);
    // Send again for the same cart: the new link replaces the ended one in the tray.
    s = await engine.call('link.send', { channels: ['sms'] });
    expect(s.links.map((l) => l.phase)).toEqual(['waiting']);
    const second = s.activeLink!;
    server.advance(Date.parse(second.expiresAt!) - Date.now() + 1000);
    expect(await server.jobs.sweepExpired()).toBe(1);
    await engine.waitFor('expired again', (x) => x.activeLink?.localId === second.localId && x.activeLink.phase === 'expired');
    const sold = await engine.call('checkout.pay', { method: 'cash', tenderedCents: 5000 });
    expect(sold.snapshot.links).toEqual([]);
  });

  it(`at most ${MAX_ACTIVE_LINKS} carts wait for a link at once`, async () => {
    const { engine } = await setUp();
    for (let n = 0; n < MAX_ACTIVE_LINKS; n++) await parkLinkFor(engine, 'maya', 'Grip Socks', 'email');
    await engine.call('cart.setClient', { clientId: (await client(engine, 'maya')).id });
    await engine.call('cart.addLine', { itemId: itemNamed(await catalog(engine), 'Grip Socks').id });
    await expect(engine.call('link.send', { channels: ['email'] })).rejects.toMatchObject({ code: 'too_many_links' });
    const s = await engine.snapshot();
    expect(s.links).toHaveLength(MAX_ACTIVE_LINKS);
    expect(s.activeLink).toBeNull();
  });
});
