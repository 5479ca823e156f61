import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../electron/register/register-store';
import {} from '../../shared/contract/ipc';
import { type EngineTestServer } from './support/server';
import { catalog, itemNamed, localRows, otherRegister, type TestEngine } from './support/engine-harness';
import { sharedEngine } from './support/shared-engine';

// Two checkout rules against a real server: cash tendered is kept with the sale (receipt and "Change due"), and a
// walk-in cannot buy a package or membership (client_required), refused by the cart, by checkout and on the way
// back to a walk-in, changing nothing.

const TABLES = ['carts', 'cart_lines', 'sales', 'outbox'];
const shared = sharedEngine(TABLES);
let server: EngineTestServer;
let engine: TestEngine;
beforeAll(() => {
  server = shared.server;
  engine = shared.engine;
});

async function expectRefused(method: string, input: unknown, code: string, message: RegExp): Promise<void> {
  expect((await shared.refusal(method, input, code)).message).toMatch(message);
}

async function maya(): Promise<string> {
  const { clients } = await engine.call('clients.search', { query: 'maya' });
  return clients[0]!.id;
}

describe('register engine: cash tendered', () => {
  it('keeps what was handed over with the sale, shows the change due until confirmed, and the server has it too', async () => {
    const socks = itemNamed(await catalog(engine), 'Grip Socks');
    await engine.call('cart.addLine', { itemId: socks.id, quantity: 2 });
    const total = 2 * socks.priceCents;
    const paid = await engine.call('checkout.pay', { method: 'cash', tenderedCents: 5000 });
    expect(paid.changeCents).toBe(5000 - total);
    expect(paid.sale.payments).toEqual([{ method: 'cash', amountCents: total, tenderedCents: 5000 }]);
    expect(paid.snapshot).toMatchObject({ lastSale: { id: paid.sale.id }, changeDueCents: 5000 - total });

    // The pushed snapshot already carries it: the renderer never shows the receipt before "Change due".
    const pushed = engine.pushes.find((m) => m.type === 'snapshot' && m.snapshot.lastSale?.id === paid.sale.id);
    expect(pushed?.type === 'snapshot' && pushed.snapshot.changeDueCents).toBe(5000 - total);

    const given = await engine.call('receipt.changeGiven', {});
    expect(given).toMatchObject({ lastSale: { id: paid.sale.id }, changeDueCents: null });

    const uploaded = await engine.waitFor('the upload', (s) => s.outbox.pending === 0);
    // The local copy keeps the tender after the server's answer is merged into it.
    expect(uploaded.lastSale!.payments).toEqual([{ method: 'cash', amountCents: total, tenderedCents: 5000 }]);
    const [row] = localRows<{ upload_status: string }>(shared.dataDir, `SELECT upload_status FROM sales WHERE id = '${paid.sale.id}'`);
    expect(row!.upload_status).toBe('uploaded');
    const observer = await otherRegister(server.url);
    const onServer = (await observer.sales()).find((s) => s.id === paid.sale.id) as unknown as { payments: unknown } | undefined;
    expect(onServer?.payments).toEqual([{ method: 'cash', amountCents: total, tenderedCents: 5000 }]);
    await engine.call('receipt.dismiss', {});
  });

  it('shows no change screen for the exact amount, a card, or cash not counted', async () => {
    const socks = itemNamed(await catalog(engine), 'Grip Socks');
    await engine.call('cart.addLine', { itemId: socks.id });
    const exact = await engine.call('checkout.pay', { method: 'cash', tenderedCents: socks.priceCents });
    expect(exact.snapshot.changeDueCents).toBeNull();
    expect(exact.sale.payments).toEqual([{ method: 'cash', amountCents: socks.priceCents, tenderedCents: socks.priceCents }]);
    await engine.call('receipt.dismiss', {});
    await engine.call('cart.addLine', { itemId: socks.id });
    const card = await engine.call('checkout.pay', { method: 'external_card', tenderedCents: 9000 });
    expect([card.snapshot.changeDueCents, card.sale.payments]).toEqual([null, [{ method: 'external_card', amountCents: socks.priceCents }]]);
    await engine.call('receipt.dismiss', {});
  });

  it('forgets the change due when the receipt is dismissed or another one is shown', async () => {
    const socks = itemNamed(await catalog(engine), 'Grip Socks');
    await engine.call('cart.addLine', { itemId: socks.id });
    const first = await engine.call('checkout.pay', { method: 'cash', tenderedCents: 2000 });
    expect(first.snapshot.changeDueCents).toBe(2000 - socks.priceCents);
    expect((await engine.call('receipt.dismiss', {})).changeDueCents).toBeNull();
    // Reprinting it later shows the receipt, not "Change due" again.
    expect(await engine.call('receipt.show', { saleId: first.sale.id })).toMatchObject({ lastSale: { id: first.sale.id }, changeDueCents: null });
    await engine.call('receipt.dismiss', {});
  });
});

describe('register engine: a walk-in cannot buy a package or a membership', () => {
  it('refuses adding either to a walk-in cart, with client_required and the reason, changing nothing', async () => {
    await engine.call('cart.clear', {});
    const items = await catalog(engine);
    await engine.call('cart.addLine', { itemId: itemNamed(items, 'Grip Socks').id });
    await expectRefused('cart.addLine', { itemId: itemNamed(items, '10-Class Pack').id }, 'client_required', /^A walk-in cannot buy 10-Class Pack: .*client/);
    const today = (await engine.snapshot()).today;
    await expectRefused('cart.addLine', { itemId: itemNamed(items, 'Unlimited Monthly').id, startsOn: today }, 'client_required', /Unlimited Monthly/);
    // A line wrong in itself is told that first.
    await expectRefused('cart.addLine', { itemId: itemNamed(items, 'Unlimited Monthly').id, startsOn: '2001-01-01' }, 'invalid_request', /past/);
  });

  it('sells them to a client, and refuses turning that cart back into a walk-in', async () => {
    const items = await catalog(engine);
    const pack = itemNamed(items, '10-Class Pack');
    const clientId = await maya();
    await engine.call('cart.setClient', { clientId });
    const withPack = await engine.call('cart.addLine', { itemId: pack.id });
    expect(withPack.cart!.lines.map((l) => l.name)).toEqual(['Grip Socks', '10-Class Pack']);
    await expectRefused('cart.setClient', { clientId: null }, 'client_required', /^10-Class Pack needs a client: .*Remove it/);
    // Another client is fine; so is a walk-in once the pack is gone.
    const { clients } = await engine.call('clients.search', { query: 'sam' });
    expect((await engine.call('cart.setClient', { clientId: clients[0]!.id })).cart!.clientId).toBe(clients[0]!.id);
    const packLine = withPack.cart!.lines.find((l) => l.itemId === pack.id)!;
    await engine.call('cart.removeLine', { lineId: packLine.id });
    expect((await engine.call('cart.setClient', { clientId: null })).cart!.clientId).toBeNull();

    await engine.call('cart.setClient', { clientId });
    await engine.call('cart.addLine', { itemId: pack.id });
    const sold = await engine.call('checkout.pay', { method: 'external_card' });
    expect(sold.sale).toMatchObject({ clientId, lines: [{ name: 'Grip Socks' }, { name: '10-Class Pack', kind: 'package' }] });
    await engine.waitFor('the upload', (s) => s.outbox.pending === 0 && s.notices.length === 0);
    await engine.call('receipt.dismiss', {});
  });

  it('refuses checkout of a walk-in cart that still holds one (kept from before the rule), and the cart says why', async () => {
    const items = await catalog(engine);
    await engine.call('cart.setClient', { clientId: await maya() });
    await engine.call('cart.addLine', { itemId: itemNamed(items, '10-Class Pack').id });
    const cartId = (await engine.snapshot()).cart!.id;
    // As an older register version could have left it: a walk-in cart with a package line.
    const db = new Database(join(shared.dataDir, DATABASE_FILE));
    db.pragma('busy_timeout = 5000');
    db.prepare('UPDATE carts SET client_id = NULL WHERE id = ?').run(cartId);
    db.close();

    const snapshot = await engine.snapshot();
    expect(snapshot.cart).toMatchObject({ id: cartId, clientId: null, problem: { code: 'client_required' } });
    expect(snapshot.cart!.problem!.message).toMatch(/^A walk-in cannot buy 10-Class Pack/);
    await expectRefused('checkout.pay', { method: 'cash', tenderedCents: 50_000 }, 'client_required', /10-Class Pack/);
    await expectRefused('checkout.pay', { method: 'external_card' }, 'client_required', /10-Class Pack/);
    expect((await engine.snapshot()).outbox.pending).toBe(0);
    await engine.call('cart.clear', {});
  });
});
