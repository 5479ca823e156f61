import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';

// `npm run start:browser` as staff run it (electron/host/cli.ts in its own process), against the e2e stack's
// server: its terminal output is kept line by line, so a test waits for what it prints (the register's address,
// a backup taken, why its data file cannot be opened) instead of waiting a while.

/** nobody:nogroup on Debian and Ubuntu (as in test/db/support/open-in-child.ts, which is an ES module). */
const ORDINARY_USER = { uid: 65534, gid: 65534 };

export type RegisterCli = {
  /** The first line printed so far or later (stdout or stderr) that matches; fails when the program ends first. */
  waitForLine(pattern: RegExp): Promise<RegExpMatchArray>;
  /** Everything printed so far. */
  output(): string;
  /** SIGTERM, as Ctrl-C or a service manager would; resolves once the program has ended. */
  stop(): Promise<void>;
};

export type RegisterCliOptions = {
  dataDir: string;
  serverUrl: string;
  /** Runs it as an ordinary user (nobody) when the test runs as root, who ignores file modes. */
  asOrdinaryUser?: boolean;
};

export function startRegisterCli(options: RegisterCliOptions): RegisterCli {
  const node = [process.execPath, '--import', 'tsx', resolve('electron/host/cli.ts')];
  const asOther = options.asOrdinaryUser && process.getuid?.() === 0;
  const command = asOther ? ['setpriv', `--reuid=${ORDINARY_USER.uid}`, `--regid=${ORDINARY_USER.gid}`, '--clear-groups', ...node] : node;
  const child = spawn(command[0]!, command.slice(1), {
    cwd: resolve('.'),
    env: { ...process.env, SERVER_URL: options.serverUrl, FRONTDESK_DATA_DIR: options.dataDir, HOST_PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const waiters = new Set<{ pattern: RegExp; resolve(match: RegExpMatchArray): void; reject(error: Error): void }>();
  let ended = false;
  const exited = new Promise<void>((done) =>
    child.once('exit', () => {
      ended = true;
      for (const waiter of waiters) waiter.reject(new Error(`The register ended before printing ${waiter.pattern}. It printed:\n${lines.join('\n')}`));
      waiters.clear();
      done();
    }),
  );
  for (const stream of [child.stdout!, child.stderr!]) {
    createInterface({ input: stream }).on('line', (line) => {
      lines.push(line);
      for (const waiter of waiters) {
        const match = waiter.pattern.exec(line);
        if (!match) continue;
        waiters.delete(waiter);
        waiter.resolve(match);
      }
    });
  }
  return {
    waitForLine(pattern) {
      for (const line of lines) {
        const match = pattern.exec(line);
        if (match) return Promise.resolve(match);
      }
      if (ended) return Promise.reject(new Error(`The register ended without printing ${pattern}. It printed:\n${lines.join('\n')}`));
      return new Promise((resolveMatch, reject) => waiters.add({ pattern, resolve: resolveMatch, reject }));
    },
    output: () => lines.join('\n'),
    async stop() {
      if (!ended) child.kill('SIGTERM');
      await exited;
    },
  };
}
