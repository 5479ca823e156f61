import { afterEach, describe, expect, it } from 'vitest';
import { startServerForEngine } from './support/server';
import { enrollAndSignIn, startEngine } from './support/engine-harness';
import { mayaCartWithSeat, payOnInvoicePage, waiting } from './support/link-harness';
import { tempDir } from './support/temp-database';

// A paid link whose `sale.created` the register never got (the feed's copy lost its sale): link.paid says which
// sale paid it, and the register reads that one sale by id (GET /sales/:id, register token) to complete it.

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The real server, except that every `sale.created` the feed answers arrives without its sale. */
function feedWithoutSales() {
  const saleReads: Array<{ path: string; authorization: string | null }> = [];
  const fetchThrough: typeof fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.pathname.startsWith('/api/v1/sales')) {
      const headers = new Headers(init?.headers);
      if ((init?.method ?? 'GET') === 'GET') saleReads.push({ path: url.pathname, authorization: headers.get('authorization') });
    }
    const response = await fetch(input, init);
    if (url.pathname !== '/api/v1/events' || !response.ok) return response;
    const body = (await response.json()) as { events: Array<{ type: string; sale?: unknown }> };
    for (const event of body.events) if (event.type === 'sale.created') delete event.sale;
    return Response.json(body, { status: response.status });
  };
  return { fetch: fetchThrough, saleReads };
}

describe('register engine: a paid link whose sale the feed did not bring', () => {
  it('reads the sale by id and completes it like any sale', async () => {
    const server = await startServerForEngine();
    cleanups.push(() => server.close());
    const data = tempDir();
    cleanups.push(data.cleanup);
    const network = feedWithoutSales();
    const engine = await startEngine({ dataDir: data.dir, fetch: network.fetch, pollIntervalMs: 200 });
    cleanups.push(() => engine.stop());
    await enrollAndSignIn(engine, server.url);
    await engine.waitFor('live', (s) => s.connection.kind === 'live');
    const { totalCents } = await mayaCartWithSeat(engine);
    const sent = await engine.call('link.send', { channels: ['sms'] });
    expect(waiting(sent)).toBe(true);

    // Only the (filtered) feed reaches this register from here: the socket stays down.
    const socket = engine.sockets[0]!;
    socket.connect = () => socket;
    socket.disconnect();
    await engine.waitFor('polling', (s) => s.connection.kind === 'polling');

    expect(await payOnInvoicePage(sent.activeLink!.url!)).toBeLessThan(400);
    const done = await engine.waitFor('the sale completed without sale.created', (s) => s.lastSale !== null);
    expect(done.links.find((l) => l.id === sent.activeLink!.id)).toMatchObject({ status: 'paid', saleId: done.lastSale!.id });
    expect(done.lastSale).toMatchObject({ linkId: sent.activeLink!.id, totalCents, clientName: 'Maya Chen' });
    expect(done.cart).toMatchObject({ lines: [], clientId: null });

    // It came from GET /sales/:id with the register token, never from the day's sales (staff with view_sales only).
    const saleId = done.lastSale!.id;
    expect(network.saleReads.some((r) => r.path === `/api/v1/sales/${saleId}` && r.authorization?.startsWith('Bearer '))).toBe(true);
    expect(network.saleReads.filter((r) => r.path === '/api/v1/sales')).toEqual([]);
    const day = await engine.call('sales.day', {});
    expect(day.sales.filter((s) => s.id === saleId)).toHaveLength(1);
  });
});
