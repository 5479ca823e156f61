import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { frameText } from '../../electron/host/bridge-connection';
import { startBrowserHost, type BrowserHost } from '../../electron/host/browser-host';
import { customerSecretOf } from '../../electron/host/host-security';
import { CustomerFrameSchema, type CustomerFrame } from '../../shared/contract/customer-view';
import { createFakeEngine, type FakeEngine } from './support/fake-engine';

// The browser host's customer display: its page and its read-only socket, each behind the display's own secret.

let host: BrowserHost;
let engine: FakeEngine;
let secret: string;
let customerSecret: string;
let origin: string;
const opened: WebSocket[] = [];

beforeEach(async () => {
  const rendererDir = mkdtempSync(join(tmpdir(), 'frontdesk-host-'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Frontdesk</title>');
  writeFileSync(join(rendererDir, 'customer.html'), '<!doctype html><title>Welcome</title>');
  writeFileSync(join(rendererDir, 'other.html'), '<!doctype html><title>Other</title>');
  engine = createFakeEngine();
  host = await startBrowserHost({ engine, rendererDir });
  secret = new URL(host.url).searchParams.get('secret') ?? '';
  customerSecret = new URL(host.customerUrl).searchParams.get('secret') ?? '';
  origin = `http://127.0.0.1:${host.port}`;
});

afterEach(async () => {
  for (const socket of opened.splice(0)) {
    // A refused socket reports its own end as an error: expected here.
    socket.on('error', () => undefined);
    socket.terminate();
  }
  await host.close();
});

/** Opens a socket and collects its frames from the first one on. */
function connect(path: string, query: string): Promise<{ socket: WebSocket; frames: CustomerFrame[]; next: () => Promise<CustomerFrame> }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${host.port}${path}${query}`, { headers: { Origin: origin } });
    opened.push(socket);
    const frames: CustomerFrame[] = [];
    const waiters: Array<(frame: CustomerFrame) => void> = [];
    socket.on('message', (data) => {
      const frame = CustomerFrameSchema.parse(JSON.parse(frameText(data)));
      const waiter = waiters.shift();
      if (waiter) waiter(frame);
      else frames.push(frame);
    });
    const next = () => new Promise<CustomerFrame>((done) => (frames.length > 0 ? done(frames.shift()!) : waiters.push(done)));
    socket.once('open', () => resolve({ socket, frames, next }));
    socket.once('unexpected-response', (_req, res) => reject(new Error(`refused ${res.statusCode}`)));
    socket.once('error', reject);
  });
}

describe('browser host: the customer display', () => {
  it('has a secret of its own, derived from the run secret and not the same', () => {
    expect(customerSecret).toBe(customerSecretOf(secret));
    expect(customerSecret).not.toBe(secret);
    expect(host.customerUrl).toBe(`http://127.0.0.1:${host.port}/customer?secret=${customerSecret}`);
  });

  it('serves its page only with its own secret, with the strict CSP; the register page does not open with it', async () => {
    const page = await fetch(host.customerUrl);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Welcome');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect((await fetch(`${origin}/customer.html?secret=${customerSecret}`)).status).toBe(200);
    for (const path of ['/customer', `/customer?secret=${secret}`, '/customer.html', `/?secret=${customerSecret}`, `/index.html?secret=${customerSecret}`]) {
      expect((await fetch(`${origin}${path}`)).status, path).toBe(403);
    }
    // No other HTML file is served as an asset, with or without a secret.
    expect((await fetch(`${origin}/other.html?secret=${secret}`)).status).toBe(404);
  });

  it('its socket needs its own secret and origin; the bridge refuses the customer secret', async () => {
    await expect(connect('/customer-view', '')).rejects.toThrow('refused 403');
    await expect(connect('/customer-view', `?secret=${encodeURIComponent(secret)}`)).rejects.toThrow('refused 403');
    await expect(connect('/bridge', `?secret=${encodeURIComponent(customerSecret)}`)).rejects.toThrow('refused 403');
    const foreign = new WebSocket(`ws://127.0.0.1:${host.port}/customer-view?secret=${customerSecret}`, { headers: { Origin: 'http://evil.example' } });
    opened.push(foreign);
    await expect(
      new Promise((resolve, reject) => {
        foreign.once('open', resolve);
        foreign.once('unexpected-response', (_req, res) => reject(new Error(`refused ${res.statusCode}`)));
      }),
    ).rejects.toThrow('refused 403');
  });

  it('sends the view on connect and each change: the cart while staff build it', async () => {
    const { next } = await connect('/customer-view', `?secret=${customerSecret}`);
    expect(await next()).toEqual({
      kind: 'view',
      view: { kind: 'idle', studio: { name: 'Demo Studio', timeZone: 'America/New_York', locale: 'en-US', country: 'US' } },
    });
    await engine.handlers['staff.signIn']({ pin: '2222' });
    await engine.handlers['cart.setClient']({ clientId: 'cli-maya' });
    const socks = (await engine.handlers['catalog.list']({})).items.find((i) => i.name === 'Grip Socks')!;
    await engine.handlers['cart.addLine']({ itemId: socks.id });
    let frame = await next();
    while (frame.kind === 'view' && frame.view.kind !== 'cart') frame = await next();
    expect(frame).toMatchObject({ kind: 'view', view: { kind: 'cart', firstName: 'Maya', lines: [{ name: 'Grip Socks', quantity: 1 }] } });
    expect(JSON.stringify(frame)).not.toMatch(/Frank|maya@|\+1555/);
  });

  it('takes no commands: anything sent gets a refusal and changes nothing', async () => {
    const { socket, next } = await connect('/customer-view', `?secret=${customerSecret}`);
    await next();
    const before = await engine.handlers['app.snapshot']({});
    for (const text of [
      JSON.stringify({ id: 1, method: 'staff.signIn', input: { pin: '2222' } }),
      'not json',
      JSON.stringify({ id: 2, method: 'cart.clear' }),
    ]) {
      socket.send(text);
      expect(await next()).toEqual({
        kind: 'error',
        error: { code: 'invalid_request', message: 'The customer display only shows the register; it takes no commands.' },
      });
    }
    expect(await engine.handlers['app.snapshot']({})).toEqual(before);
    expect(before.staff).toBeNull();
  });
});
