import { resolve } from 'node:path';
import { createRegisterEngine } from '../register/engine';
import { systemClock } from '../register/engine-clock';
import { openRegisterStore } from '../register/register-store';
import { createTimeSource } from '../register/time-source';
import { startBrowserHost } from './browser-host';
import { readCliEnv } from './cli-env';
import { startEmbeddedServer, type EmbeddedServer } from '../register/embedded-server';

// `npm run start:browser`: the demo server (unless SERVER_URL is given), the register engine and the browser host.

const DEMO_ENROLLMENT_CODE = 'DEMO-ENROLL';
const DEMO_PINS = 'Olivia 1111 (owner), Frank 2222 (front desk), Mona 3333 (manager), Fiona 4444 (franchisee), Tess 5555 (teacher), Gus 6666 (guest)';

async function main(): Promise<void> {
  const env = readCliEnv(process.env);
  // npm scripts run in the repository root.
  const repoRoot = process.cwd();
  const log = (line: string) => console.log(line);
  let server: EmbeddedServer | null = null;

  if (!env.SERVER_URL) {
    log('Starting the demo server…');
    server = await startEmbeddedServer({ repoRoot, preferredPort: env.SERVER_PORT, log: () => undefined });
    log(`Demo server: ${server.url}`);
  }
  try {
    await run(env.SERVER_URL ?? server!.url, server, env, repoRoot);
  } catch (error) {
    await server?.stop().catch(() => undefined);
    throw error;
  }
}

async function run(serverUrl: string, server: EmbeddedServer | null, env: ReturnType<typeof readCliEnv>, repoRoot: string): Promise<void> {
  const log = (line: string) => console.log(line);
  let stopping = false;
  const store = openRegisterStore(resolve(env.FRONTDESK_DATA_DIR));
  const time = createTimeSource(systemClock, store.db);
  const engine = createRegisterEngine({ store, time, serverUrl, log: (line) => log(`[register] ${line}`) });
  await engine.start();

  const snapshot = await engine.handlers['app.snapshot']({});
  if (snapshot.enrollment.kind === 'unenrolled' && server) {
    await engine.handlers['register.enroll']({ serverUrl, code: DEMO_ENROLLMENT_CODE, name: 'Front desk' });
    log('Enrolled this register with the demo studio.');
  }

  const host = await startBrowserHost({ engine, port: env.HOST_PORT, rendererDir: resolve(repoRoot, 'out/renderer') });
  log('');
  log(`Open ${host.url}`);
  log(`Customer display (for a screen facing the client): ${host.customerUrl}`);
  if (server) log(`Demo staff PINs: ${DEMO_PINS}`);
  log('Press Ctrl-C to stop.');

  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`\n${signal}: stopping…`);
    await host.close().catch(() => undefined);
    await engine.stop().catch(() => undefined);
    await server?.stop().catch(() => undefined);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
