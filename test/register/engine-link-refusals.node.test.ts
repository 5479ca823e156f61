import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../electron/register/register-store';
import { dispatchIpc } from '../../shared/contract/ipc';
import { type EngineTestServer } from './support/server';
import { catalog, freeReformerSeat, itemNamed, localRows, otherRegister, type TestEngine } from './support/engine-harness';
import { devOutbox, mayaCartWithSeat, waiting } from './support/link-harness';
import { sharedEngine } from './support/shared-engine';

// What link.send, link.resend, link.cancel and link.dismiss refuse, with which code, and that a refusal leaves the
// register exactly as it was: the shared eligibility rules, contact checks, and the server's own refusals (which
// drop the local link and unlock the cart: nothing half-done). Then resend with a corrected phone.

const TABLES = ['carts', 'cart_lines', 'sales', 'outbox', 'notices', 'payment_links', 'link_activity'];
const shared = sharedEngine(TABLES);
let server: EngineTestServer;
let engine: TestEngine;
beforeAll(() => {
  server = shared.server;
  engine = shared.engine;
});

async function expectRefused(method: string, input: unknown, code: string, details?: Record<string, unknown>) {
  const error = await shared.refusal(method, input, code);
  expect(error.message.length).toBeGreaterThan(10);
  if (details) expect(error.details).toMatchObject(details);
}

describe('link commands the engine refuses', () => {
  it('with no link: resend and cancel say there is none; dismiss is harmless', async () => {
    await expectRefused('link.resend', {}, 'not_found');
    await expectRefused('link.cancel', {}, 'not_found');
    expect((await dispatchIpc(engine.handlers, 'link.dismiss', {})).ok).toBe(true);
  });

  it('walk-in (client_required), empty cart, deferred membership', async () => {
    await engine.call('cart.clear', {});
    const items = await catalog(engine);
    await engine.call('cart.addLine', { itemId: itemNamed(items, 'Grip Socks').id });
    await expectRefused('link.send', { channels: ['sms'] }, 'client_required');
    const { clients } = await engine.call('clients.search', { query: 'maya' });
    await engine.call('cart.clear', {});
    await engine.call('cart.setClient', { clientId: clients[0]!.id });
    await expectRefused('link.send', { channels: ['sms'] }, 'empty_cart');
    const later = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    await engine.call('cart.addLine', { itemId: itemNamed(items, 'Unlimited Monthly').id, startsOn: later, chargeLater: true });
    await expectRefused('link.send', { channels: ['email'] }, 'deferred_subscription');
    await engine.call('cart.clear', {});
  });

  const cases: Array<[string, unknown, string, Record<string, unknown>?]> = [
    ['an unknown channel', { channels: ['fax'] }, 'invalid_request'],
    ['three channels', { channels: ['sms', 'email', 'sms'] }, 'invalid_request'],
    ['channels as a string', { channels: 'sms' }, 'invalid_request'],
    ['an extra field', { channels: ['sms'], totalCents: 1 }, 'invalid_request'],
    ['an oversized phone', { channels: ['sms'], phone: '1'.repeat(40) }, 'invalid_request'],
    ['an oversized email', { channels: ['email'], email: `${'a'.repeat(250)}@x.io` }, 'invalid_request'],
    ['a phone that is not one', { channels: ['sms'], phone: '12' }, 'invalid_contact', { field: 'phone' }],
    ['letters as a phone', { channels: ['sms'], phone: 'call me maybe' }, 'invalid_contact', { field: 'phone' }],
    ['script as a phone', { channels: ['sms'], phone: '<script>1</script>' }, 'invalid_contact', { field: 'phone' }],
    ['an email that is not one', { channels: ['email'], email: 'maya at example' }, 'invalid_contact', { field: 'email' }],
    ['both, with a bad email', { channels: ['sms', 'email'], email: 'nope@' }, 'invalid_contact', { field: 'email' }],
  ];
  it.each(cases)('link.send with %s → %s', async (_name, input, code, details) => {
    await mayaCart();
    await expectRefused('link.send', input, code, details);
  });

  it('SMS for a client with no phone needs one typed (invalid_contact, field phone)', async () => {
    await engine.call('cart.clear', {});
    const { clients } = await engine.call('clients.search', { query: 'sam' });
    await engine.call('cart.setClient', { clientId: clients[0]!.id });
    await engine.call('cart.addLine', { itemId: itemNamed(await catalog(engine), 'Grip Socks').id });
    await expectRefused('link.send', { channels: ['sms'] }, 'invalid_contact', { field: 'phone' });
  });

  it('a seat taken meanwhile: seat_unavailable with the server sentence and details; the link is dropped and the cart unlocked', async () => {
    await engine.call('cart.clear', {});
    const { clients } = await engine.call('clients.search', { query: 'maya' });
    await engine.call('cart.setClient', { clientId: clients[0]!.id });
    const seat = freeReformerSeat(await catalog(engine));
    await engine.call('cart.addLine', { itemId: seat.itemId, sessionId: seat.sessionId, seatId: seat.seatId });
    // Another register's link holds the seat; this register's seat map may still say free.
    const observer = await otherRegister(server.url);
    const price = itemNamed(await catalog(engine), 'Reformer Pilates').priceCents;
    const other = await observer.post(
      '/api/v1/payment-links',
      {
        cart: {
          id: 'OTHERLINKCART00000000000001',
          clientId: clients[0]!.id,
          lines: [{ id: 'L1', itemId: seat.itemId, quantity: 1, sessionId: seat.sessionId, seatId: seat.seatId }],
          totalCents: price,
        },
        delivery: { channels: ['email'] },
      },
      observer.staffToken,
      'other-register-link-1',
    );
    expect(other.status).toBe(201);
    const before = localRows(shared.dataDir, 'SELECT count(*) AS n FROM payment_links');
    const result = await dispatchIpc(engine.handlers, 'link.send', { channels: ['email'] });
    expect(result).toMatchObject({ ok: false, error: { code: 'seat_unavailable', details: { sessionId: seat.sessionId, seatId: seat.seatId } } });
    expect(localRows(shared.dataDir, 'SELECT count(*) AS n FROM payment_links')).toEqual(before);
    const after = await engine.snapshot();
    expect(after.activeLink).toBeNull();
    expect(after.outbox.pending).toBe(0);
    expect(after.notices).toEqual([]); // the person who asked got the answer in place
    const session = itemNamed(await catalog(engine), 'Reformer Pilates').sessions!.find((s) => s.id === seat.sessionId)!;
    expect(session.seats!.find((s) => s.id === seat.seatId)!.state).toBe('held');
    await engine.call('cart.clear', {}); // unlocked
  });

  it('the last spot of a class taken by another link meanwhile: capacity_unavailable with the session', async () => {
    await engine.call('cart.clear', {});
    const { clients } = await engine.call('clients.search', { query: 'maya' });
    await engine.call('cart.setClient', { clientId: clients[0]!.id });
    const vinyasa = itemNamed(await catalog(engine), 'Vinyasa Flow');
    const last = vinyasa.sessions!.find((s) => s.capacity - s.booked - s.held === 1 && Date.parse(s.startsAt) > Date.now())!;
    expect(last).toBeDefined();
    await engine.call('cart.addLine', { itemId: vinyasa.id, sessionId: last.id });
    const observer = await otherRegister(server.url);
    const other = await observer.post(
      '/api/v1/payment-links',
      {
        cart: {
          id: 'OTHERLINKCART00000000000002',
          clientId: clients[0]!.id,
          lines: [{ id: 'L1', itemId: vinyasa.id, quantity: 1, sessionId: last.id }],
          totalCents: vinyasa.priceCents,
        },
        delivery: { channels: ['email'] },
      },
      observer.staffToken,
      'other-register-link-2',
    );
    expect(other.status).toBe(201);
    const result = await dispatchIpc(engine.handlers, 'link.send', { channels: ['email'] });
    expect(result).toMatchObject({ ok: false, error: { code: 'capacity_unavailable', details: { sessionId: last.id } } });
    expect((await engine.snapshot()).activeLink).toBeNull();
    await engine.call('cart.clear', {});
  });

  it('prices changed on the server: total_mismatch with the expected total, and the catalog is refreshed', async () => {
    await mayaCart();
    const socks = itemNamed(await catalog(engine), 'Grip Socks');
    // This register's cached price is wrong (as if the price changed while it was offline).
    const db = new Database(join(shared.dataDir, DATABASE_FILE));
    db.pragma('busy_timeout = 5000');
    db.prepare('UPDATE catalog_items SET item_json = ? WHERE id = ?').run(JSON.stringify({ ...socks, priceCents: socks.priceCents + 100 }), socks.id);
    db.close();
    expect((await engine.snapshot()).cart!.totalCents).toBe(socks.priceCents + 100);
    const result = await dispatchIpc(engine.handlers, 'link.send', { channels: ['email'] });
    expect(result).toMatchObject({ ok: false, error: { code: 'total_mismatch', details: { expectedCents: socks.priceCents } } });
    const after = await engine.snapshot();
    expect(after.activeLink).toBeNull();
    expect(after.cart!.totalCents).toBe(socks.priceCents);
    await engine.call('cart.clear', {});
  });

  it('Tess (teacher_restricted) cannot send: permission_denied', async () => {
    await mayaCart();
    await engine.call('staff.signOut', {});
    await engine.call('staff.signIn', { pin: '5555' });
    await expectRefused('link.send', { channels: ['sms'] }, 'permission_denied');
    await engine.call('staff.signOut', {});
    await engine.call('staff.signIn', { pin: '2222' });
  });
});

describe('resend, cancel and dismiss', () => {
  it('resend with a corrected phone: the same link and amount, a second message to the new number', async () => {
    await engine.call('cart.clear', {});
    const { totalCents } = await mayaCartWithSeat(engine);
    const sent = await engine.call('link.send', { channels: ['sms'] });
    expect(waiting(sent)).toBe(true);
    await expectRefused('link.resend', { phone: '12' }, 'invalid_contact', { field: 'phone' });
    const resent = await engine.call('link.resend', { phone: '+1 (555) 555-0199' });
    expect(resent.activeLink).toMatchObject({ id: sent.activeLink!.id, url: sent.activeLink!.url, totalCents, resendCount: 1, phase: 'waiting' });
    await engine.waitFor('the resend to be sent', (s) => s.activeLink!.deliveries.some((d) => d.to === '+15555550199' && d.status === 'sent'));
    const messages = (await devOutbox(server.url)).filter((m) => m.linkId === sent.activeLink!.id);
    expect(messages.map((m) => m.to).sort()).toEqual(['+15555550101', '+15555550199']);
    expect(new Set(messages.map((m) => m.url))).toEqual(new Set([sent.activeLink!.url]));
    expect((await engine.snapshot()).activeLink!.activity.map((a) => a.message)).toContain('Link sent again');

    await expectRefused('link.dismiss', {}, 'link_active');
    const canceled = await engine.call('link.cancel', {});
    expect(canceled.activeLink).toMatchObject({ status: 'canceled', phase: 'canceled' });
    await expectRefused('link.resend', {}, 'not_found');
    expect((await engine.call('link.dismiss', {})).activeLink).toBeNull();
    expect((await engine.call('cart.clear', {})).cart!.lines).toEqual([]);
  });
});

async function mayaCart() {
  await engine.call('cart.clear', {});
  const { clients } = await engine.call('clients.search', { query: 'maya' });
  await engine.call('cart.setClient', { clientId: clients[0]!.id });
  await engine.call('cart.addLine', { itemId: itemNamed(await catalog(engine), 'Grip Socks').id });
}
