import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../support/test-server';
import { api, cart, cashSale, demoDesk, itemNamed, postSale } from '../support/server-api-client';

describe('a server restarted on the same data directory', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'fd-server-restart-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps registers, staff tokens, sales and events', async () => {
    const first = await startTestServer({ dataDir });
    const desk = await demoDesk(first.url);
    const socks = itemNamed(desk.items, 'Grip Socks');
    const sale = await postSale(first.url, desk.frank, cashSale(cart([{ itemId: socks.id, quantity: 1 }], desk.items)));
    expect(sale.status).toBe(201);
    await first.close();

    const second = await startTestServer({ dataDir, port: first.port });
    try {
      expect(second.url).toBe(first.url);
      const feed = await api(second.url, 'GET', '/events?after=0', { token: desk.registerToken });
      expect(feed.body.lastSeq).toBe(1);
      const day = await api(second.url, 'GET', '/sales', { token: desk.frank });
      expect(day.body.sales.map((s: { id: string }) => s.id)).toEqual([sale.body.sale.id]);
    } finally {
      await second.close();
    }
  });
});
