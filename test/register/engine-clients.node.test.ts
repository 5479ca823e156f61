import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchIpc } from '../../shared/contract/ipc';
import { catalog, enrollAndSignIn, itemNamed, localRows, otherRegister, startEngine, type TestEngine } from './support/engine-harness';
import { mayaCartWithSeat, switchableNetwork, waiting } from './support/link-harness';
import { startServerForEngine, type EngineTestServer } from './support/server';
import { sharedEngine } from './support/shared-engine';
import { tempDir } from './support/temp-database';

// clients.add and clients.saveContact: the server judges (duplicates, bad input), the engine's cache holds what it
// answered so search finds it at once, the added client becomes the cart's, and while offline both are refused at
// once with a sentence that says why, changing nothing.

const TABLES = ['clients', 'carts', 'cart_lines', 'outbox', 'notices', 'payment_links'];
const shared = sharedEngine(TABLES);
let engine: TestEngine;
let server: EngineTestServer;
beforeAll(() => {
  engine = shared.engine;
  server = shared.server;
});

/** The server's own copy, read by another register. */
async function serverClients(query: string) {
  const observer = await otherRegister(server.url);
  const response = await fetch(new URL(`/api/v1/clients?query=${encodeURIComponent(query)}`, server.url), {
    headers: { authorization: `Bearer ${observer.registerToken}` },
  });
  return ((await response.json()) as { clients: Array<{ id: string; phone?: string; email?: string }> }).clients;
}

describe('clients.add', () => {
  it('adds the client on the server, makes them the cart’s client, and search finds them at once', async () => {
    await engine.call('cart.clear', {});
    const added = await engine.call('clients.add', { name: ' Jordan Lee ', phone: '(555) 555-0150', email: 'jordan@example.com' });
    expect(added.client).toMatchObject({ name: 'Jordan Lee', phone: '+15555550150', email: 'jordan@example.com' });
    expect(added.snapshot.cart).toMatchObject({ clientId: added.client.id, client: added.client });
    expect((await engine.call('clients.search', { query: 'jordan' })).clients).toEqual([added.client]);
    expect((await engine.call('clients.search', { query: '555-0150' })).clients).toEqual([added.client]);
    expect(await serverClients('jordan')).toEqual([added.client]);
    // A package now sells to the new client (no walk-in refusal).
    await engine.call('cart.addLine', { itemId: itemNamed(await catalog(engine), '10-Class Pack').id });
    await engine.call('cart.clear', {});
  });

  const bad: Array<[string, unknown, Record<string, unknown>?]> = [
    ['no phone and no email', { name: 'No Contact' }],
    ['blank phone and email', { name: 'No Contact', phone: ' ', email: '' }],
    ['an empty name', { name: '  ', phone: '(555) 555-0151' }],
    ['a phone that is not one', { name: 'Bad Phone', phone: '12' }, { field: 'phone' }],
    ['an email that is not one', { name: 'Bad Email', email: 'maya at example' }, { field: 'email' }],
    ['an extra field', { name: 'Extra', phone: '(555) 555-0151', clientId: 'x' }],
  ];
  it.each(bad)('refuses %s with invalid_request, changing nothing', async (_name, input, details) => {
    const error = await shared.refusal('clients.add', input, 'invalid_request');
    expect(error.message.length).toBeGreaterThan(10);
    if (details) expect(error.details).toMatchObject(details);
  });

  it("refuses another client's phone with client_exists naming them, changing nothing", async () => {
    const maya = (await engine.call('clients.search', { query: 'maya' })).clients[0]!;
    const error = await shared.refusal('clients.add', { name: 'Maya Again', phone: '555 555 0101' }, 'client_exists');
    expect(error.details).toMatchObject({ clientId: maya.id, clientName: 'Maya Chen', field: 'phone' });
    expect(error.message).toContain('Maya Chen already has this phone number');
  });

  it('is refused while a payment link holds the cart (cart_locked), before anything reaches the server', async () => {
    await engine.call('cart.clear', {});
    await mayaCartWithSeat(engine);
    await engine.call('link.send', { channels: ['email'] });
    await engine.waitFor('the link to wait', waiting);
    await shared.refusal('clients.add', { name: 'Locked Out', phone: '(555) 555-0152' }, 'cart_locked');
    expect(await serverClients('Locked Out')).toEqual([]);
    await engine.call('link.cancel', {});
    await engine.waitFor('the link to be canceled', (s) => s.activeLink?.phase === 'canceled');
    await engine.call('link.dismiss', {});
    await engine.call('cart.clear', {});
  });
});

describe('clients.saveContact', () => {
  it('saves a corrected phone to the profile: the cart, search and the server show it', async () => {
    await engine.call('cart.clear', {});
    const { client } = await engine.call('clients.add', { name: 'Casey Moss', email: 'casey@example.com' });
    const saved = await engine.call('clients.saveContact', { clientId: client.id, phone: '(555) 555-0153' });
    expect(saved.client).toEqual({ ...client, phone: '+15555550153' });
    expect(saved.snapshot.cart?.client).toEqual(saved.client);
    expect((await engine.call('clients.search', { query: 'casey' })).clients).toEqual([saved.client]);
    expect(await serverClients('casey')).toEqual([saved.client]);
    await engine.call('cart.clear', {});
  });

  it("refuses another client's email (client_exists), an unknown client and no contact, changing nothing", async () => {
    const { client } = await engine.call('clients.add', { name: 'Drew Hale', phone: '(555) 555-0154' });
    await shared.refusal('clients.saveContact', { clientId: client.id, email: 'maya.chen@example.com' }, 'client_exists');
    await shared.refusal('clients.saveContact', { clientId: 'NOSUCHCLIENT', phone: '(555) 555-0155' }, 'client_not_found');
    await shared.refusal('clients.saveContact', { clientId: client.id }, 'invalid_request');
    await shared.refusal('clients.saveContact', { clientId: client.id, phone: 'twelve' }, 'invalid_request');
    await engine.call('cart.clear', {});
  });
});

describe('clients.add and clients.saveContact while the server is out of reach', () => {
  let offlineServer: EngineTestServer;
  let data: ReturnType<typeof tempDir>;
  let cutEngine: TestEngine;
  const network = switchableNetwork();
  beforeAll(async () => {
    offlineServer = await startServerForEngine();
    data = tempDir();
    cutEngine = await startEngine({ dataDir: data.dir, fetch: network.fetch });
    await enrollAndSignIn(cutEngine, offlineServer.url);
    await cutEngine.waitFor('live', (s) => s.connection.kind === 'live');
  }, 60_000);
  afterAll(async () => {
    await cutEngine?.stop();
    await offlineServer?.close();
    data?.cleanup();
  });

  const fingerprint = () => JSON.stringify(TABLES.map((t) => localRows(data.dir, `SELECT * FROM ${t} ORDER BY rowid`)));

  it('refuses with `offline` and a sentence saying why, whether or not the register has noticed yet, and changes nothing', async () => {
    const maya = (await cutEngine.call('clients.search', { query: 'maya' })).clients[0]!;
    const before = fingerprint();
    network.cut(cutEngine);
    // At once, before the register has noticed: the request fails and is told as offline.
    const first = await dispatchIpc(cutEngine.handlers, 'clients.add', { name: 'Offline Olly', phone: '(555) 555-0156' });
    expect(first).toMatchObject({ ok: false, error: { code: 'offline' } });
    await cutEngine.waitFor('offline', (s) => s.connection.kind === 'offline');
    // Then, known to be offline: refused without trying.
    const refusedBefore = network.refused();
    const add = await dispatchIpc(cutEngine.handlers, 'clients.add', { name: 'Offline Olly', phone: '(555) 555-0156' });
    const save = await dispatchIpc(cutEngine.handlers, 'clients.saveContact', { clientId: maya.id, phone: '(555) 555-0157' });
    expect(network.refused()).toBe(refusedBefore);
    expect(add).toMatchObject({ ok: false, error: { code: 'offline' } });
    expect(save).toMatchObject({ ok: false, error: { code: 'offline' } });
    if (add.ok || save.ok) throw new Error('not refused');
    expect(add.error.message).toMatch(/^Adding a client needs the server: .*offline/);
    expect(save.error.message).toMatch(/^Saving a contact to a profile needs the server/);
    expect(fingerprint()).toBe(before);
    expect((await cutEngine.call('clients.search', { query: 'olly' })).clients).toEqual([]);

    network.restore(cutEngine);
    await cutEngine.waitFor('back online', (s) => s.connection.kind !== 'offline');
    const added = await cutEngine.call('clients.add', { name: 'Offline Olly', phone: '(555) 555-0156' });
    expect(added.snapshot.cart?.client?.name).toBe('Offline Olly');
  });
});
