import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { frameText } from '../../electron/host/bridge-connection';
import { startBrowserHost, type BrowserHost } from '../../electron/host/browser-host';
import type { BridgeFrame } from '../../shared/contract/ipc';
import { createFakeEngine, type FakeEngine } from './support/fake-engine';

// The bridge alone (a fake engine is fine here): the secret, the origin, frame validation, dispatch and pushes.

let host: BrowserHost;
let engine: FakeEngine;
let secret: string;
let origin: string;
const opened: WebSocket[] = [];

beforeEach(async () => {
  const rendererDir = mkdtempSync(join(tmpdir(), 'frontdesk-host-'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Frontdesk</title>');
  engine = createFakeEngine();
  host = await startBrowserHost({ engine, rendererDir });
  secret = new URL(host.url).searchParams.get('secret') ?? '';
  origin = `http://127.0.0.1:${host.port}`;
});

afterEach(async () => {
  for (const socket of opened.splice(0)) socket.terminate();
  await host.close();
});

function connect(query: string, headers: Record<string, string> = { Origin: origin }): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${host.port}/bridge${query}`, { headers });
    opened.push(socket);
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', (_req, res) => reject(new Error(`refused ${res.statusCode}`)));
    socket.once('error', reject);
  });
}

function nextFrame(socket: WebSocket, match: (frame: BridgeFrame) => boolean = () => true): Promise<BridgeFrame> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const frame = JSON.parse(frameText(data)) as BridgeFrame;
      if (!match(frame)) return;
      socket.off('message', onMessage);
      resolve(frame);
    };
    socket.on('message', onMessage);
  });
}

describe('browser host: the page', () => {
  it('is served only with the per-run secret, with a strict CSP', async () => {
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const ok = await fetch(host.url);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(ok.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect((await fetch(`http://127.0.0.1:${host.port}/`)).status).toBe(403);
    expect((await fetch(`http://127.0.0.1:${host.port}/?secret=${secret.slice(0, -1)}x`)).status).toBe(403);
    expect((await fetch(`http://127.0.0.1:${host.port}/index.html`)).status).toBe(403);
  });

  it('refuses a request addressed to another host name (DNS rebinding)', async () => {
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: host.port, path: `/?secret=${secret}`, headers: { Host: `evil.example:${host.port}` } }, (res) => {
        res.resume();
        resolve(res.statusCode);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
  });

  it('does not serve files outside the renderer folder', async () => {
    const res = await fetch(`http://127.0.0.1:${host.port}/..%2f..%2fetc%2fpasswd`);
    expect(res.status).toBe(404);
  });
});

describe('browser host: the bridge socket', () => {
  it('refuses a socket without the secret or with a wrong one', async () => {
    await expect(connect('')).rejects.toThrow('refused 403');
    await expect(connect('?secret=wrong')).rejects.toThrow('refused 403');
  });

  it('refuses a socket from another origin or with no origin', async () => {
    await expect(connect(`?secret=${secret}`, { Origin: 'http://evil.example' })).rejects.toThrow('refused 403');
    await expect(connect(`?secret=${secret}`, {})).rejects.toThrow('refused 403');
  });

  it('answers malformed frames with an invalid_request error frame and stays open', async () => {
    const socket = await connect(`?secret=${secret}`);
    const cases = ['not json', JSON.stringify({ method: 'app.snapshot' }), JSON.stringify({ id: 'x', method: 1 }), 'null'];
    for (const text of cases) {
      const answer = nextFrame(socket);
      socket.send(text);
      const frame = await answer;
      expect(frame).toMatchObject({ kind: 'result', id: -1, result: { ok: false, error: { code: 'invalid_request' } } });
    }
    const unknown = nextFrame(socket);
    socket.send(JSON.stringify({ id: 7, method: 'drop.tables', input: {} }));
    expect(await unknown).toMatchObject({ kind: 'result', id: 7, result: { ok: false, error: { code: 'invalid_request' } } });
    const badInput = nextFrame(socket);
    socket.send(JSON.stringify({ id: 8, method: 'staff.signIn', input: { pin: '12<script>' } }));
    expect(await badInput).toMatchObject({ kind: 'result', id: 8, result: { ok: false, error: { code: 'invalid_request' } } });
    expect(socket.readyState).toBe(WebSocket.OPEN);
  });

  it('closes a socket that sends an oversized frame', async () => {
    const socket = await connect(`?secret=${secret}`);
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    socket.send(JSON.stringify({ id: 1, method: 'clients.search', input: { query: 'x'.repeat(100_000) } }));
    expect(await closed).toBe(1009);
  });

  it('dispatches a valid call to the engine and answers with the same id', async () => {
    const socket = await connect(`?secret=${secret}`);
    const answer = nextFrame(socket, (f) => f.kind === 'result');
    socket.send(JSON.stringify({ id: 41, method: 'staff.signIn', input: { pin: '2222' } }));
    const frame = await answer;
    expect(frame.kind === 'result' && frame.id).toBe(41);
    expect(frame).toMatchObject({ result: { ok: true, value: { staff: { name: 'Frank' } } } });
    const refused = nextFrame(socket, (f) => f.kind === 'result');
    socket.send(JSON.stringify({ id: 42, method: 'staff.signIn', input: { pin: '9999' } }));
    expect(await refused).toMatchObject({ id: 42, result: { ok: false, error: { code: 'invalid_pin' } } });
  });

  it('delivers engine pushes to every connected page', async () => {
    const first = await connect(`?secret=${secret}`);
    const second = await connect(`?secret=${secret}`);
    const pushes = [first, second].map((socket) => nextFrame(socket, (f) => f.kind === 'push'));
    engine.setConnection({ kind: 'polling', since: 1 });
    for (const frame of await Promise.all(pushes)) {
      expect(frame).toMatchObject({ kind: 'push', push: { type: 'snapshot', snapshot: { connection: { kind: 'polling' } } } });
    }
  });
});
