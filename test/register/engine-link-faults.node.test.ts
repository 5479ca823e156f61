import { requestUrl } from '../support/request-url';
import { afterEach, describe, expect, it } from 'vitest';
import { restartableServer, startServerForEngine } from './support/server';
import { enrollAndSignIn, localRows, otherRegister, startEngine, type TestEngine } from './support/engine-harness';
import { devOutbox, mayaCartWithSeat, payOnInvoicePage, serverLink, waiting } from './support/link-harness';
import { createSettlingClock, trackedFetch } from './support/manual-clock';
import { tempDir } from './support/temp-database';

// Payment links when things go wrong: the socket dies (polling picks the payment up), the server restarts, the
// register restarts, and the answer to the create is lost (the retry makes no second link and no second SMS).

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('register engine: payment link faults', () => {
  it('socket killed: the payment is picked up by polling within one poll interval', async () => {
    const server = await startServerForEngine();
    cleanups.push(() => server.close());
    const data = tempDir();
    cleanups.push(data.cleanup);
    const pollIntervalMs = 5000;
    // The engine's polls run only when the test moves its clock: "within one poll interval" is checked exactly.
    const io = trackedFetch();
    const clock = createSettlingClock(io.settle);
    const engine = await startEngine({ dataDir: data.dir, pollIntervalMs, clock, fetch: io.fetch });
    cleanups.push(() => engine.stop());
    await enrollAndSignIn(engine, server.url);
    await engine.waitFor('live', (s) => s.connection.kind === 'live');
    await mayaCartWithSeat(engine);
    const sent = await engine.call('link.send', { channels: ['sms'] });
    expect(waiting(sent)).toBe(true);

    const socket = engine.sockets[0]!;
    socket.connect = () => socket; // keep it dead: only polling can bring the payment
    socket.disconnect();
    await engine.waitFor('polling', (s) => s.connection.kind === 'polling');
    await clock.advance(0); // the first poll, at once after the socket went down
    expect(await payOnInvoicePage(sent.activeLink!.url!)).toBeLessThan(400);
    expect((await engine.snapshot()).lastSale).toBeNull(); // nothing brings it but the next poll

    await clock.advance(pollIntervalMs);
    const done = await engine.snapshot();
    expect(done.connection.kind).toBe('polling');
    expect(done.lastSale!.linkId).toBe(sent.activeLink!.id);
    expect(done.links.find((l) => l.id === sent.activeLink!.id)).toMatchObject({ status: 'paid', phase: 'paid', saleId: done.lastSale!.id });
  });

  it('server restarted mid-wait: the register keeps waiting and completes the sale after it comes back', async () => {
    const server = await restartableServer(cleanups);
    const data = tempDir();
    cleanups.push(data.cleanup);
    const engine = await startEngine({ dataDir: data.dir, pollIntervalMs: 200 });
    cleanups.push(() => engine.stop());
    await enrollAndSignIn(engine, server.url);
    await engine.waitFor('live', (s) => s.connection.kind === 'live');
    await mayaCartWithSeat(engine);
    const sent = await engine.call('link.send', { channels: ['email'] });
    const before = sent.activeLink!.expiresInMs!;

    await server.stop();
    const down = await engine.waitFor('offline', (s) => s.connection.kind === 'offline');
    // Still waiting, still counting down, cart still locked.
    expect(down.activeLink).toMatchObject({ status: 'pending', id: sent.activeLink!.id });
    expect(down.activeLink!.expiresInMs!).toBeLessThanOrEqual(before);
    await expect(engine.call('cart.clear', {})).rejects.toMatchObject({ code: 'cart_locked' });

    await server.start();
    await engine.waitFor('live again', (s) => s.connection.kind === 'live', 20_000);
    expect((await engine.snapshot()).activeLink).toMatchObject({ status: 'pending' });
    expect(await payOnInvoicePage(sent.activeLink!.url!)).toBeLessThan(400);
    const done = await engine.waitFor('the sale', (s) => s.lastSale !== null);
    expect(done.lastSale!.linkId).toBe(sent.activeLink!.id);
  });

  it('register restarted mid-wait: it reopens on the waiting link with the right time left, then completes', async () => {
    const server = await startServerForEngine();
    cleanups.push(() => server.close());
    const data = tempDir();
    cleanups.push(data.cleanup);
    const first = await startEngine({ dataDir: data.dir });
    await enrollAndSignIn(first, server.url);
    await first.waitFor('live', (s) => s.connection.kind === 'live');
    await mayaCartWithSeat(first);
    const sent = await first.call('link.send', { channels: ['sms'] });
    await first.stop();

    const observer = await otherRegister(server.url);
    const again = await startEngine({ dataDir: data.dir });
    cleanups.push(() => again.stop());
    const reopened = await again.snapshot();
    expect(reopened.activeLink).toMatchObject({ id: sent.activeLink!.id, status: 'pending', url: sent.activeLink!.url });
    const truth = await serverLink(server.url, observer.registerToken, sent.activeLink!.id!);
    const serverLeft = Date.parse(truth.json.link.expiresAt) - truth.at;
    expect(Math.abs(reopened.activeLink!.expiresInMs! - serverLeft)).toBeLessThan(2000);
    await expect(again.call('staff.signIn', { pin: '2222' })).resolves.toBeTruthy();
    await expect(again.call('cart.clear', {})).rejects.toMatchObject({ code: 'cart_locked' });

    expect(await payOnInvoicePage(sent.activeLink!.url!)).toBeLessThan(400);
    const done = await again.waitFor('the sale', (s) => s.lastSale !== null);
    expect(done.lastSale!.linkId).toBe(sent.activeLink!.id);
    expect(done.cart!.lines).toEqual([]);
  });

  it('the answer to the create is lost: the retry makes no second link and no second SMS', async () => {
    const server = await startServerForEngine();
    cleanups.push(() => server.close());
    const data = tempDir();
    cleanups.push(data.cleanup);
    let lost = 0;
    const losingFetch: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (requestUrl(input).endsWith('/api/v1/payment-links') && init?.method === 'POST' && lost === 0) {
        lost++;
        await response.text(); // the server made the link; its answer never arrives
        throw new TypeError('fetch failed', { cause: new Error('socket hang up') });
      }
      return response;
    };
    // No socket: only the retry (and polling) can tell the register what happened.
    const engine: TestEngine = await startEngine({ dataDir: data.dir, fetch: losingFetch, pollIntervalMs: 300 });
    cleanups.push(() => engine.stop());
    await enrollAndSignIn(engine, server.url);
    await mayaCartWithSeat(engine);
    const sent = await engine.call('link.send', { channels: ['sms'] });
    expect(lost).toBe(1);
    // Unanswered, the link is still being sent, unless the socket's link.created already told the register.
    expect(sent.activeLink).toMatchObject({ status: 'pending' });
    expect(['sending', 'waiting']).toContain(sent.activeLink!.phase);
    await expect(engine.call('cart.clear', {})).rejects.toMatchObject({ code: 'cart_locked' });

    const settled = await engine.waitFor('the link to be known', (s) => s.outbox.pending === 0 && waiting(s), 20_000);
    const linkId = settled.activeLink!.id!;
    const observer = await otherRegister(server.url);
    const pending = await fetch(new URL('/api/v1/payment-links?status=pending', server.url), {
      headers: { authorization: `Bearer ${observer.registerToken}` },
    });
    const links = ((await pending.json()) as { links: Array<{ id: string; cartId: string }> }).links.filter((l) => l.cartId === settled.cart!.id);
    expect(links.map((l) => l.id)).toEqual([linkId]);
    await engine.waitFor('the SMS to be sent', (s) => s.activeLink?.deliveries[0]?.status === 'sent');
    expect((await devOutbox(server.url)).filter((m) => m.linkId === linkId && m.channel === 'sms')).toHaveLength(1);
    expect(localRows(data.dir, `SELECT count(*) AS n FROM payment_links`)).toEqual([{ n: 1 }]);
  });

  it('canceled while the create is still unanswered: the cancel follows the create, and the link ends canceled', async () => {
    const server = await startServerForEngine();
    cleanups.push(() => server.close());
    const data = tempDir();
    cleanups.push(data.cleanup);
    let blockCreate = true;
    const blockingFetch: typeof fetch = async (input, init) => {
      if (blockCreate && requestUrl(input).endsWith('/api/v1/payment-links') && init?.method === 'POST') {
        throw new TypeError('fetch failed', { cause: new Error('connection reset') }); // never reached the server
      }
      return fetch(input, init);
    };
    const engine = await startEngine({ dataDir: data.dir, fetch: blockingFetch });
    cleanups.push(() => engine.stop());
    await enrollAndSignIn(engine, server.url);
    await engine.waitFor('live', (s) => s.connection.kind === 'live');
    await mayaCartWithSeat(engine);
    const sent = await engine.call('link.send', { channels: ['sms'] });
    expect(sent.activeLink).toMatchObject({ phase: 'sending', id: null });
    const canceling = await engine.call('link.cancel', {});
    expect(canceling.activeLink).toMatchObject({ phase: 'cancel_queued', status: 'pending' });
    await expect(engine.call('cart.clear', {})).rejects.toMatchObject({ code: 'cart_locked' });

    blockCreate = false;
    const ended = await engine.waitFor('the link to end canceled', (s) => s.activeLink?.status === 'canceled' && s.outbox.pending === 0, 20_000);
    const observer = await otherRegister(server.url);
    expect((await serverLink(server.url, observer.registerToken, ended.activeLink!.id!)).json.link.status).toBe('canceled');
    expect((await engine.call('cart.clear', {})).cart!.lines).toEqual([]);
  });
});
