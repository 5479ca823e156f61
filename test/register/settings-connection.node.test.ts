import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { testServerConnection } from '../../electron/register/settings-connection';
import { systemClock } from '../../electron/register/engine-clock';
import { createManualClock } from './support/manual-clock';

// "Test connection" against real loopback servers (one answering like Frontdesk, one like some other web server,
// one that never answers) and a closed port; the timeout runs on a manual clock.

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => (server.closeAllConnections(), server.close(resolve)))));
});

async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

const deps = { fetch, clock: systemClock };

describe('Settings: test connection', () => {
  it('answers ok with the latency when a Frontdesk server answers its health check', async () => {
    const paths: string[] = [];
    const url = await serve((req, res) => {
      paths.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    const result = await testServerConnection(deps, url);
    expect(result).toMatchObject({ ok: true });
    if (result.ok) expect(result.message).toMatch(/^Connected: the Frontdesk server at 127\.0\.0\.1:\d+ answered in \d+ ms\.$/);
    expect(paths).toEqual(['/api/v1/health']);
  });

  it('tells a server that is not Frontdesk, and one that cannot reach its database', async () => {
    const other = await serve((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>hello</html>'));
    expect(await testServerConnection(deps, other)).toMatchObject({
      ok: false,
      problem: 'not_frontdesk',
      message: expect.stringContaining('not a Frontdesk server'),
    });
    const unhealthy = await serve((_req, res) => res.writeHead(503).end('{"ok":false,"error":{"code":"database_unreachable","message":"x"}}'));
    expect(await testServerConnection(deps, unhealthy)).toMatchObject({ ok: false, problem: 'server_unhealthy' });
  });

  it('says a closed port is unreachable, in words', async () => {
    const result = await testServerConnection(deps, await closedPortUrl());
    expect(result).toMatchObject({ ok: false, problem: 'unreachable' });
    expect(result.message).toMatch(/^Nothing answered at 127\.0\.0\.1:\d+ \(ECONNREFUSED\)\. Check the address/);
  });

  it('gives up after its timeout on the injected clock', async () => {
    let arrived!: () => void;
    const requestArrived = new Promise<void>((resolve) => (arrived = resolve));
    const silent = await serve(() => arrived());
    const clock = createManualClock();
    const answer = testServerConnection({ fetch, clock, timeoutMs: 5_000 }, silent);
    await requestArrived;
    clock.advance(5_000);
    expect(await answer).toMatchObject({ ok: false, problem: 'timeout', message: expect.stringContaining('within 5 seconds') });
  });

  it('names a refused certificate as a TLS problem', async () => {
    const tlsFailure: typeof fetch = async () => {
      throw new TypeError('fetch failed', { cause: Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }) });
    };
    expect(await testServerConnection({ fetch: tlsFailure, clock: systemClock }, 'https://frontdesk.studio.example')).toMatchObject({
      ok: false,
      problem: 'tls',
      message: expect.stringContaining('certificate was not accepted (DEPTH_ZERO_SELF_SIGNED_CERT)'),
    });
  });

  it('refuses what is not an http(s) address without sending anything', async () => {
    const nothing: typeof fetch = async () => {
      throw new Error('must not be called');
    };
    expect(await testServerConnection(deps, 'http://127.0.0.1:25')).toMatchObject({
      ok: false,
      problem: 'invalid_url',
      message: expect.stringContaining('port 25'),
    });
    for (const url of ['frontdesk.example', 'ftp://frontdesk.example', 'javascript:alert(1)']) {
      expect(await testServerConnection({ fetch: nothing, clock: systemClock }, url)).toMatchObject({ ok: false, problem: 'invalid_url' });
    }
  });
});
