import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// `npm run server` as a real process: the ready line, a clean exit on SIGTERM/SIGINT, a clear refusal of bad env.

const ROOT = join(import.meta.dirname, '../..');
const dataDir = mkdtempSync(join(tmpdir(), 'fd-server-main-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function runServer(env: Record<string, string>): { child: ChildProcess; output: () => string; exit: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout!.on('data', (chunk) => (text += String(chunk)));
  child.stderr!.on('data', (chunk) => (text += String(chunk)));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => text, exit };
}

async function waitFor(output: () => string, pattern: RegExp, ms = 45_000): Promise<RegExpMatchArray> {
  const deadline = Date.now() + ms;
  for (;;) {
    const match = output().match(pattern);
    if (match) return match;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}; output: ${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('npm run server', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    'prints the ready line, serves, and exits 0 on %s',
    async (signal) => {
      const run = runServer({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, SEED: 'demo' });
      try {
        const [, url] = await waitFor(run.output, /^listening on (http:\/\/127\.0\.0\.1:\d+)$/m);
        const health = await fetch(`${url}/api/v1/health`);
        expect(await health.json()).toMatchObject({ ok: true });
        run.child.kill(signal);
        expect(await run.exit).toBe(0);
        expect(run.output()).not.toMatch(/DEMO-ENROLL|fdr_|fds_/);
      } finally {
        if (run.child.exitCode === null) run.child.kill('SIGKILL');
      }
    },
    60_000,
  );

  it('exits 1 naming the variable when a setting is bad', async () => {
    const run = runServer({ PORT: 'not-a-port' });
    expect(await run.exit).toBe(1);
    expect(run.output()).toMatch(/PORT/);
    expect(run.output()).toMatch(/Invalid server settings/);
  }, 30_000);
});
