import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchIpc } from '../../shared/contract/ipc';
import type { CatalogItem } from '../../shared/contract/entities';
import { startServerForEngine, type EngineTestServer } from './support/server';
import { catalog, freeReformerSeat, itemNamed, localRows, startEngine, type TestEngine } from './support/engine-harness';
import { tempDir } from './support/temp-database';

// Bad input at the IPC boundary, through dispatchIpc with the engine's own handlers: each case is refused with
// its code and a sentence, and the database is exactly as it was.

let server: EngineTestServer;
let engine: TestEngine;
let data: ReturnType<typeof tempDir>;
let items: CatalogItem[];

beforeAll(async () => {
  server = await startServerForEngine();
  data = tempDir();
  engine = await startEngine({ dataDir: data.dir });
  // Before enrollment and before sign-in, the engine says what is missing.
  const notEnrolled = await dispatchIpc(engine.handlers, 'cart.addLine', { itemId: 'abc' });
  expect(notEnrolled).toMatchObject({ ok: false, error: { code: 'not_enrolled' } });
  await engine.call('register.enroll', { serverUrl: server.url, code: 'DEMO-ENROLL', name: 'Front Desk' });
  const notSignedIn = await dispatchIpc(engine.handlers, 'checkout.pay', { method: 'cash' });
  expect(notSignedIn).toMatchObject({ ok: false, error: { code: 'not_signed_in' } });
  await engine.call('staff.signIn', { pin: '2222' });
  items = await catalog(engine);
  await engine.call('cart.addLine', { itemId: itemNamed(items, 'Grip Socks').id });
}, 60_000);

afterAll(async () => {
  await engine?.stop();
  await server?.close();
  data?.cleanup();
});

const TABLES = ['carts', 'cart_lines', 'sales', 'outbox', 'notices', 'staff', 'clients', 'catalog_items'];
function fingerprint(): string {
  const rows = TABLES.map((t) => localRows(data.dir, `SELECT * FROM ${t} ORDER BY rowid`));
  const meta = localRows(data.dir, `SELECT * FROM meta WHERE key <> 'catalogUpdatedAt' ORDER BY key`);
  return JSON.stringify({ rows, meta });
}

const script = '<script>alert(1)</script>';
const id = (name: string) => itemNamed(items, name).id;
const firstSession = (name: string) => itemNamed(items, name).sessions![0]!.id;

type Case = [name: string, method: string, input: () => unknown, code: string];
const cases: Case[] = [
  ['unknown command', 'db.drop', () => ({}), 'invalid_request'],
  ['input that is not an object', 'cart.addLine', () => 'socks', 'invalid_request'],
  ['input that is an array', 'cart.addLine', () => [id('Grip Socks')], 'invalid_request'],
  ['negative quantity', 'cart.addLine', () => ({ itemId: id('Grip Socks'), quantity: -1 }), 'invalid_request'],
  ['zero quantity', 'cart.addLine', () => ({ itemId: id('Grip Socks'), quantity: 0 }), 'invalid_request'],
  ['fractional quantity', 'cart.addLine', () => ({ itemId: id('Grip Socks'), quantity: 1.5 }), 'invalid_request'],
  ['huge quantity', 'cart.addLine', () => ({ itemId: id('Grip Socks'), quantity: 1e9 }), 'invalid_request'],
  ['quantity as a string', 'cart.addLine', () => ({ itemId: id('Grip Socks'), quantity: '2' }), 'invalid_request'],
  ['merged quantity over 99', 'cart.addLine', () => ({ itemId: id('Grip Socks'), quantity: 99 }), 'invalid_request'],
  ['unknown item id', 'cart.addLine', () => ({ itemId: 'itm_doesNotExist' }), 'invalid_request'],
  ['script as an item id', 'cart.addLine', () => ({ itemId: script }), 'invalid_request'],
  ['oversized item id', 'cart.addLine', () => ({ itemId: 'x'.repeat(5000) }), 'invalid_request'],
  ['extra field', 'cart.addLine', () => ({ itemId: id('Grip Socks'), priceCents: 1 }), 'invalid_request'],
  ['class without a session', 'cart.addLine', () => ({ itemId: id('Vinyasa Flow') }), 'invalid_request'],
  ['unknown session', 'cart.addLine', () => ({ itemId: id('Vinyasa Flow'), sessionId: 'ses_nope' }), 'invalid_request'],
  ['session of another item', 'cart.addLine', () => ({ itemId: id('Vinyasa Flow'), sessionId: firstSession('Reformer Pilates') }), 'invalid_request'],
  [
    'reserved seating without a seat',
    'cart.addLine',
    () => ({ itemId: id('Reformer Pilates'), sessionId: freeReformerSeat(items).sessionId }),
    'invalid_request',
  ],
  ['unknown seat', 'cart.addLine', () => ({ ...freeReformerSeat(items), seatLabel: undefined, seatId: 'R99' }), 'invalid_request'],
  [
    'a class spot with quantity 2',
    'cart.addLine',
    () => ({ itemId: id('Vinyasa Flow'), sessionId: firstSession('Vinyasa Flow'), quantity: 2 }),
    'invalid_request',
  ],
  ['product with a session', 'cart.addLine', () => ({ itemId: id('Grip Socks'), sessionId: firstSession('Vinyasa Flow') }), 'invalid_request'],
  ['membership starting in the past', 'cart.addLine', () => ({ itemId: id('Unlimited Monthly'), startsOn: '2001-01-01' }), 'invalid_request'],
  ['impossible date', 'cart.addLine', () => ({ itemId: id('Unlimited Monthly'), startsOn: '2026-13-45' }), 'invalid_request'],
  ['unknown client', 'cart.setClient', () => ({ clientId: 'cli_nope' }), 'invalid_request'],
  ['script as a client id', 'cart.setClient', () => ({ clientId: script }), 'invalid_request'],
  ['client id of the wrong type', 'cart.setClient', () => ({ clientId: 42 }), 'invalid_request'],
  ['missing client id', 'cart.setClient', () => ({}), 'invalid_request'],
  ['unknown line to update', 'cart.updateLine', () => ({ lineId: 'LINE_NOPE', quantity: 2 }), 'invalid_request'],
  ['negative quantity on update', 'cart.updateLine', () => ({ lineId: 'LINE_NOPE', quantity: -3 }), 'invalid_request'],
  ['unknown line to remove', 'cart.removeLine', () => ({ lineId: 'LINE_NOPE' }), 'invalid_request'],
  ['oversized search', 'clients.search', () => ({ query: 'x'.repeat(101) }), 'invalid_request'],
  ['unknown payment method', 'checkout.pay', () => ({ method: 'bitcoin' }), 'invalid_request'],
  ['negative cash tendered', 'checkout.pay', () => ({ method: 'cash', tenderedCents: -5 }), 'invalid_request'],
  ['fractional cents tendered', 'checkout.pay', () => ({ method: 'cash', tenderedCents: 10.5 }), 'invalid_request'],
  ['less cash than the total', 'checkout.pay', () => ({ method: 'cash', tenderedCents: 1 }), 'invalid_request'],
  ['short PIN', 'staff.signIn', () => ({ pin: '12' }), 'invalid_request'],
  ['PIN as a number', 'staff.signIn', () => ({ pin: 2222 }), 'invalid_request'],
  ['PIN with SQL', 'staff.signIn', () => ({ pin: "2222' OR 1=1 --" }), 'invalid_request'],
  ['enroll again with script in the name', 'register.enroll', () => ({ serverUrl: server.url, code: 'DEMO-ENROLL', name: script }), 'invalid_request'],
  ['enroll with a javascript: URL', 'register.enroll', () => ({ serverUrl: 'javascript:alert(1)', code: 'X', name: 'A' }), 'invalid_request'],
  ['enroll with an oversized code', 'register.enroll', () => ({ serverUrl: server.url, code: 'x'.repeat(1000), name: 'A' }), 'invalid_request'],
  ['enroll a register that is already enrolled', 'register.enroll', () => ({ serverUrl: server.url, code: 'DEMO-ENROLL', name: 'Again' }), 'invalid_request'],
  ['impossible sales date', 'sales.day', () => ({ date: '2026-02-30' }), 'invalid_request'],
  ['dismiss an unknown notice', 'notices.dismiss', () => ({ id: 'NOTICE_NOPE' }), 'not_found'],
];

describe('IPC input the engine refuses', () => {
  it.each(cases)('%s → %s', async (_name, method, input, code) => {
    const before = fingerprint();
    const result = await dispatchIpc(engine.handlers, method, input());
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe(code);
    expect(result.error.message.length).toBeGreaterThan(10);
    expect(fingerprint()).toBe(before);
  });

  it('an empty cart cannot be paid', async () => {
    await engine.call('cart.clear', {});
    const before = fingerprint();
    const result = await dispatchIpc(engine.handlers, 'checkout.pay', { method: 'cash' });
    expect(result).toMatchObject({ ok: false, error: { code: 'empty_cart' } });
    expect(fingerprint()).toBe(before);
  });
});
