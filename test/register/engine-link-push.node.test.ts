import { afterEach, describe, expect, it } from 'vitest';
import type { IpcInput } from '../../shared/contract/ipc';
import type { RegisterSnapshot } from '../../shared/contract/register-view';
import { startServerForEngine } from './support/server';
import { enrollAndSignIn, otherRegister, startEngine, type TestEngine } from './support/engine-harness';
import { devOutbox, mayaCartWithSeat, openInvoicePage, payOnInvoicePage, waiting } from './support/link-harness';
import { tempDir } from './support/temp-database';

// Send payment link against the real server: the link is created through the outbox, the cart is locked, the
// client opens and pays on the invoice page, and the payment pushed over the socket completes the sale by itself.

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(options: { pollIntervalMs?: number } = {}) {
  const server = await startServerForEngine();
  cleanups.push(() => server.close());
  const data = tempDir();
  cleanups.push(data.cleanup);
  const engine: TestEngine = await startEngine({ dataDir: data.dir, ...options });
  cleanups.push(() => engine.stop());
  await enrollAndSignIn(engine, server.url);
  await engine.waitFor('live', (s) => s.connection.kind === 'live');
  return { server, engine, dir: data.dir };
}

describe('register engine: payment link paid, pushed over the socket', () => {
  it('sends by SMS and email, locks the cart, shows activity, and completes the sale when the client pays', async () => {
    const { server, engine } = await setup({ pollIntervalMs: 600_000 });
    const { seat, totalCents } = await mayaCartWithSeat(engine);

    const sent = await engine.call('link.send', { channels: ['sms', 'email'], phone: '(555) 010-0101', email: ' maya@example.com ' });
    const link = sent.activeLink!;
    expect(link).toMatchObject({ status: 'pending', phase: 'waiting', clientName: 'Maya Chen', totalCents, currency: 'USD', resendCount: 0 });
    expect(link.id).toBeTruthy();
    expect(link.url).toMatch(/\/demo-studio\/i\//);
    expect(link.expiresInMs).toBeGreaterThan(14 * 60_000);
    expect(link.expiresInMs).toBeLessThanOrEqual(15 * 60_000);
    expect(link.deliveries.map((d) => [d.channel, d.to]).sort()).toEqual([
      ['email', 'maya@example.com'],
      ['sms', '+15550100101'],
    ]);

    // The cart is locked while the link waits.
    for (const [method, input] of [
      ['cart.clear', {}],
      ['cart.setClient', { clientId: null }],
      ['cart.removeLine', { lineId: sent.cart!.lines[0]!.id }],
      ['checkout.pay', { method: 'cash' }],
    ] as const) {
      await expect(engine.call(method as 'cart.clear', input as IpcInput<'cart.clear'>)).rejects.toMatchObject({ code: 'cart_locked' });
    }
    await expect(engine.call('link.send', { channels: ['sms'] })).rejects.toMatchObject({ code: 'link_already_active' });

    const delivered = await engine.waitFor('both deliveries sent', (s) => s.activeLink?.deliveries.every((d) => d.status === 'sent') ?? false);
    expect(delivered.activeLink!.activity.map((a) => a.message)).toEqual(
      expect.arrayContaining(['SMS sent to (555) 010-0101', 'Email sent to maya@example.com']),
    );
    const messages = (await devOutbox(server.url)).filter((m) => m.linkId === link.id);
    expect(messages.map((m) => m.channel).sort()).toEqual(['email', 'sms']);

    expect(await openInvoicePage(link.url!)).toBe(200);
    await engine.waitFor('opened', (s) => s.activeLink?.openedAt !== undefined);
    expect((await engine.snapshot()).activeLink!.activity.map((a) => a.message)).toContain('Client opened the link');

    const cartId = sent.cart!.id;
    const status = await payOnInvoicePage(link.url!);
    expect(status).toBeLessThan(400);
    const paid = await engine.waitFor('the sale to complete', (s) => s.lastSale !== null);
    expect(paid.lastSale).toMatchObject({ linkId: link.id, totalCents, clientId: sent.cart!.clientId });
    expect(paid.lastSale!.payments[0]).toMatchObject({ method: 'payment_link', amountCents: totalCents, cardLast4: '4242' });
    expect(paid.cart).toMatchObject({ lines: [], clientId: null });
    expect(paid.cart!.id).not.toBe(cartId);
    // The cart became a sale: its link is no longer on screen, and the tray shows it paid until the receipt is seen.
    expect(paid.activeLink).toBeNull();
    const tray = paid.links.find((l) => l.id === link.id)!;
    expect(tray).toMatchObject({ status: 'paid', phase: 'paid', saleId: paid.lastSale!.id, onScreen: false });
    expect(tray.paidAt).toBeDefined();
    expect(tray.activity.at(-1)!.message).toBe('Paid with Visa •• 4242');

    // Like any sale: the day's sales and the roster have it.
    const day = await engine.call('sales.day', {});
    expect(day.sales.filter((s) => s.id === paid.lastSale!.id)).toHaveLength(1);
    const observer = await otherRegister(server.url);
    expect((await observer.roster()).some((b) => b.saleId === paid.lastSale!.id && b.seatId === seat.seatId)).toBe(true);

    // A new cart is editable; dismissing the receipt clears the paid link from the tray.
    const dismissed = await engine.call('receipt.dismiss', {});
    expect(dismissed.activeLink).toBeNull();
    expect(dismissed.links).toEqual([]);
    expect(waiting(dismissed)).toBe(false);
  });
});

describe('register engine: the client at the card form', () => {
  it('a declined card, a 3-D Secure step and a failed verification reach the panel and the tray as they happen', async () => {
    const server = await startServerForEngine();
    cleanups.push(() => server.close());
    const data = tempDir();
    cleanups.push(data.cleanup);
    const engine = await startEngine({ dataDir: data.dir });
    cleanups.push(() => engine.stop());
    await enrollAndSignIn(engine, server.url);
    await engine.waitFor('live', (s) => s.connection.kind === 'live');
    await mayaCartWithSeat(engine);
    const url = (await engine.call('link.send', { channels: ['sms'] })).activeLink!.url!;
    const saying = (message: string) => (s: RegisterSnapshot) => s.activeLink?.payment?.message === message;

    expect(await payOnInvoicePage(url, '4000000000009995')).toBe(402);
    const declined = await engine.waitFor('the decline', saying('Card declined — insufficient funds. The client can try another card.'));
    expect(declined.activeLink!.payment!.kind).toBe('failed');
    expect(declined.links[0]!.activity.at(-1)!.message).toBe('Card declined — insufficient funds. The client can try another card.');

    const challenge = await fetch(`${url}/pay`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ cardNumber: '4000002760003184', expiry: '12/34', cvc: '123', name: 'Maya Chen' }).toString(),
    });
    const action = /action="([^"]+\/challenge\/[^"]+)"/.exec(await challenge.text())![1]!;
    const verifying = await engine.waitFor('the 3-D Secure step', saying('The client is verifying the card with their bank…'));
    expect(verifying.activeLink!.payment!.kind).toBe('authenticating');
    expect(verifying.activeLink!.phase).toBe('waiting');

    await fetch(new URL(action, server.url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'result=fail',
    });
    const notVerified = await engine.waitFor(
      'the failed verification',
      saying('Card not verified — the bank did not confirm it. The client can try again or use another card.'),
    );
    expect(notVerified.activeLink!.payment!.kind).toBe('failed');

    expect(await payOnInvoicePage(url)).toBeLessThan(400);
    const paid = await engine.waitFor('paid', (s) => s.lastSale !== null);
    expect(paid.links[0]!.payment).toBeNull(); // an ended link says how it ended, not its last attempt
  });
});
