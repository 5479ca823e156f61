import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';

// The demo cloud service as a child process (never imported: the register must not depend on server code). Here,
// beside the engine, so both the browser host and the Electron app start the same one.

export type EmbeddedServer = { url: string; stop(): Promise<void> };

const READY = /listening on (https?:\/\/\S+)/;
const START_TIMEOUT_MS = 60_000;

function portIsFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const probe = createServer();
    probe.once('error', () => done(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => done(true)));
  });
}

async function choosePort(preferred: number): Promise<number> {
  if (preferred !== 0 && (await portIsFree(preferred))) return preferred;
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => done(port));
    });
  });
}

/**
 * The embedded demo server always runs on its own PGlite: a DATABASE_URL meant for something else (CI has one) must
 * never receive the demo seed. Other server settings (LINK_TTL_SECONDS, NOTIFY, PAYMENTS …) pass through for demos.
 */
export function embeddedServerEnv(env: NodeJS.ProcessEnv, port: number, dataDir?: string): NodeJS.ProcessEnv {
  const { DATABASE_URL: _database, PUBLIC_URL: _publicUrl, ...rest } = env;
  return { ...rest, SEED: 'demo', PORT: String(port), HOST: '127.0.0.1', ...(dataDir ? { DATA_DIR: dataDir } : {}) };
}

/** `dataDir`: the server's own data folder (its PGlite inside); the server's default (./.frontdesk/server) without it. */
export async function startEmbeddedServer(options: {
  repoRoot: string;
  preferredPort: number;
  dataDir?: string;
  log: (line: string) => void;
}): Promise<EmbeddedServer> {
  const port = await choosePort(options.preferredPort);
  const tsx = resolve(options.repoRoot, 'node_modules/.bin/tsx');
  const child: ChildProcess = spawn(tsx, ['server/src/main.ts'], {
    cwd: options.repoRoot,
    env: embeddedServerEnv(process.env, port, options.dataDir),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  // The last lines the server printed, to explain a failed start.
  const recent: string[] = [];
  const remember = (line: string) => {
    recent.push(line);
    if (recent.length > 20) recent.shift();
    options.log(`[server] ${line}`);
  };
  createInterface({ input: child.stderr! }).on('line', remember);

  const url = await new Promise<string>((done, fail) => {
    const timer = setTimeout(() => fail(new Error('The embedded server did not start within 60 seconds.')), START_TIMEOUT_MS);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      remember(line);
      const match = READY.exec(line);
      if (match) {
        clearTimeout(timer);
        done(match[1].replace(/\/$/, ''));
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      fail(new Error(`The embedded server exited (code ${code}) before it was ready:\n${recent.join('\n')}`));
    });
  });

  return {
    url,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
