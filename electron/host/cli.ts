import { resolve } from 'node:path';
import { createRegisterEngine } from '../register/engine';
import { systemClock } from '../register/engine-clock';
import { openRegisterStore } from '../register/register-store';
import { createTimeSource } from '../register/time-source';
import { startBrowserHost } from './browser-host';
import { createBrowserHostPlatform } from './desk-platform';
import { readCliEnv } from './cli-env';
import { startEmbeddedServer, type EmbeddedServer } from '../register/embedded-server';
import { startFromNewestBackup } from '../register/db-recovery';
import { backupLabel, databaseTroubleOf } from '../register/db-trouble';
import { startTroublePage } from './database-trouble-page';
import { newSecret } from './host-security';

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
  const secret = newSecret();
  const { store, port } = await openStoreOrExplain(resolve(env.FRONTDESK_DATA_DIR), env, secret);
  const time = createTimeSource(systemClock, store.db);
  const platform = createBrowserHostPlatform(repoRoot);
  const engine = createRegisterEngine({ store, time, serverUrl, platform, log: (line) => log(`[register] ${line}`) });
  await engine.start();

  const snapshot = await engine.handlers['app.snapshot']({});
  if (snapshot.enrollment.kind === 'unenrolled' && server) {
    await engine.handlers['register.enroll']({ serverUrl, code: DEMO_ENROLLMENT_CODE, name: 'Front desk' });
    log('Enrolled this register with the demo studio.');
  }

  const host = await startBrowserHost({ engine, port, secret, rendererDir: resolve(repoRoot, 'out/renderer') });
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

/**
 * The register's data, or why it cannot be opened: the code and the sentence naming the file in the terminal and on
 * the host's page, which for a damaged file offers its newest good backup (as FRONTDESK_START_FROM_BACKUP=1 does).
 */
async function openStoreOrExplain(
  dataDir: string,
  env: ReturnType<typeof readCliEnv>,
  secret: string,
): Promise<{ store: ReturnType<typeof openRegisterStore>; port: number }> {
  try {
    return { store: openRegisterStore(dataDir), port: env.HOST_PORT };
  } catch (error) {
    const trouble = databaseTroubleOf(error);
    if (!trouble) throw error;
    console.error(`\nFrontdesk cannot open its data [${trouble.code}]\n  ${trouble.message}\n  Data file: ${trouble.file}`);
    const fromBackup = () => {
      const started = startFromNewestBackup(dataDir, { now: () => Date.now() });
      console.log(`Started from the backup ${started.backup.file}; the damaged file is kept at ${started.damagedFile}.`);
      console.log(`${started.recovery.entries.length} item(s) read from the damaged file are listed in the register for staff to send again or dismiss.`);
      return started.store;
    };
    if (trouble.backup && env.FRONTDESK_START_FROM_BACKUP === '1') return { store: fromBackup(), port: env.HOST_PORT };
    let choose = () => {};
    const chosen = new Promise<void>((resolve) => (choose = resolve));
    const page = await startTroublePage({ trouble, port: env.HOST_PORT, secret, onStartFromBackup: () => choose() });
    console.error(`  See it in the browser: ${page.url}`);
    if (trouble.backup) console.error(`  ${backupLabel(trouble.backup.takenAt)}: press the button there, or run again with FRONTDESK_START_FROM_BACKUP=1.`);
    console.error('  Press Ctrl-C to stop.');
    await chosen;
    await page.close();
    return { store: fromBackup(), port: page.port };
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
