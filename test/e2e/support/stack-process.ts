import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { startBrowserHost, type BrowserHost } from '../../../electron/host/browser-host';
import { createBrowserHostPlatform } from '../../../electron/host/desk-platform';
import { createRegisterEngine, type RegisterEngine } from '../../../electron/register/engine';
import { systemClock } from '../../../electron/register/engine-clock';
import { openRegisterStore } from '../../../electron/register/register-store';
import { createTimeSource } from '../../../electron/register/time-source';
import { dispatchIpc } from '../../../shared/contract/ipc';
import { startTestServer } from '../../support/test-server';

// The end-to-end stack in its own Node process (run with tsx, which loads the server's ESM and the register's
// code alike): a real server (startTestServer, demo studio) and any number of real registers, each with its own
// SQLite data dir, enrolled with the server, behind its own browser host. Driven by JSON lines on stdin.

type Register = { engine: RegisterEngine; host: BrowserHost; dataDir: string };
type Request =
  | { id: number; op: 'startRegister'; name: string; enroll?: boolean }
  | { id: number; op: 'call'; register: number; method: string; input: unknown }
  | { id: number; op: 'closeRegister'; register: number }
  | { id: number; op: 'stopServer' }
  | { id: number; op: 'startServer' }
  | { id: number; op: 'advanceServerClock'; ms: number };

/** Options from the Playwright side, as one JSON argument: `{ linkTtlSeconds?: number }`. */
type StackOptions = { linkTtlSeconds?: number };
const options = JSON.parse(process.argv[2] ?? '{}') as StackOptions;
const registers = new Map<number, Register>();
let nextRegister = 1;
const write = (message: unknown) => process.stdout.write(`${JSON.stringify(message)}\n`);

async function main(): Promise<void> {
  // The server keeps its data in a folder and its port, so a test can take it down and bring it back.
  const serverDir = mkdtempSync(join(tmpdir(), 'frontdesk-e2e-server-'));
  // The server's clock runs ahead of the wall clock by what the test advanced it: a link's TTL passes at once.
  let serverAheadMs = 0;
  const serverNow = () => Date.now() + serverAheadMs;
  const serverOptions = { seed: 'demo' as const, dataDir: serverDir, linkTtlSeconds: options.linkTtlSeconds, now: serverNow };
  let server: Awaited<ReturnType<typeof startTestServer>> | null = await startTestServer(serverOptions);
  const serverUrl = server.url;
  const serverPort = server.port;

  async function startRegister(name: string, enroll = true) {
    const dataDir = mkdtempSync(join(tmpdir(), 'frontdesk-e2e-register-'));
    // A short poll so a test sees the way back to the server within a second or two.
    const store = openRegisterStore(dataDir);
    const engine = createRegisterEngine({
      store,
      time: createTimeSource(systemClock, store.db),
      serverUrl,
      pollIntervalMs: 1000,
      platform: createBrowserHostPlatform(resolve('.')),
      log: () => undefined,
    });
    await engine.start();
    if (enroll) await engine.handlers['register.enroll']({ serverUrl, code: 'DEMO-ENROLL', name });
    const host = await startBrowserHost({ engine, rendererDir: resolve('out/renderer') });
    const id = nextRegister++;
    registers.set(id, { engine, host, dataDir });
    return { register: id, url: host.url };
  }

  async function closeRegister(id: number) {
    const register = registers.get(id);
    if (!register) return;
    registers.delete(id);
    await register.host.close();
    await register.engine.stop();
    rmSync(register.dataDir, { recursive: true, force: true });
  }

  async function handle(request: Request): Promise<unknown> {
    if (request.op === 'startRegister') return startRegister(request.name, request.enroll);
    if (request.op === 'closeRegister') return closeRegister(request.register);
    if (request.op === 'stopServer') {
      await server?.close();
      server = null;
      return null;
    }
    if (request.op === 'startServer') {
      server ??= await startTestServer({ ...serverOptions, port: serverPort });
      return null;
    }
    if (request.op === 'advanceServerClock') {
      if (!server) throw new Error('The server is stopped: start it before advancing its clock.');
      serverAheadMs += request.ms;
      // What the sweeper's timer would do at that moment, without waiting for it.
      return { expired: await server.jobs.sweepExpired() };
    }
    const register = registers.get(request.register);
    if (!register) throw new Error(`No register ${request.register}`);
    const result = await dispatchIpc(register.engine.handlers, request.method, request.input);
    if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
    return result.value;
  }

  const lines = createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    const request = JSON.parse(line) as Request;
    handle(request).then(
      (value) => write({ id: request.id, ok: true, value }),
      (error: unknown) => write({ id: request.id, ok: false, error: String(error) }),
    );
  });
  lines.on('close', () => {
    void (async () => {
      for (const id of [...registers.keys()]) await closeRegister(id);
      await server?.close();
      rmSync(serverDir, { recursive: true, force: true });
      process.exit(0);
    })();
  });
  write({ ready: true, serverUrl });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
