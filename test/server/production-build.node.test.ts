import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

// The server as it is deployed: `npm run -w server build` bundles it (shared/ inside, npm packages outside) into
// server/dist/main.js, which plain `node` runs: no tsx, no TypeScript loader.

const run = promisify(execFile);
const ROOT = resolve(__dirname, '../..');
const SERVER = join(ROOT, 'server');
const MAIN = join(SERVER, 'dist', 'main.js');

/** Resolves with the port once the process prints `listening on http://HOST:PORT`; rejects if it exits first. */
function listeningPort(child: ReturnType<typeof spawn>, output: string[]): Promise<number> {
  return new Promise((resolvePort, reject) => {
    child.stdout!.setEncoding('utf8');
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => output.push(chunk));
    child.stdout!.on('data', (chunk: string) => {
      output.push(chunk);
      const found = /listening on http:\/\/[^:]+:(\d+)/.exec(output.join(''));
      if (found) resolvePort(Number(found[1]));
    });
    child.once('exit', (code) => reject(new Error(`node dist/main.js exited (${code}) before listening:\n${output.join('')}`)));
  });
}

describe('production build (npm run -w server build, then plain node)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'fd-prod-build-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('builds dist/main.js with its migrations; `node dist/main.js` migrates PGlite and answers /api/v1/health 200', async () => {
    await run('npm', ['run', '-w', 'server', 'build'], { cwd: ROOT });
    const bundle = readFileSync(MAIN, 'utf8');
    // shared/ is bundled in; nothing is left for a TypeScript loader.
    expect(bundle).not.toMatch(/from ["'](@frontdesk\/shared|(\.\.\/)+shared)\//);
    expect(bundle).not.toMatch(/from ["']tsx/);
    expect(bundle).toMatch(/^import .* from "zod";$/m); // npm packages stay external
    expect(readdirSync(join(SERVER, 'dist', 'migrations')).filter((name) => name.endsWith('.sql')).length).toBeGreaterThan(0);

    const output: string[] = [];
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, SEED: 'none' };
    // `npm run -w server start:prod` is this command in server/.
    const child = spawn(process.execPath, ['dist/main.js'], { cwd: SERVER, env, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const port = await listeningPort(child, output);
      const health = await fetch(`http://127.0.0.1:${port}/api/v1/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ ok: true });
      expect(output.join('')).toContain('applied'); // the copied migrations were found and applied
    } finally {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await exited;
    }
  }, 60_000);
});
