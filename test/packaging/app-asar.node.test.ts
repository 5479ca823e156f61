import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// A real `electron-builder --linux --dir` of this repository with electron-builder.yml, against a stand-in Electron
// (the binary cannot be downloaded here): what IT installs must hold the build output and the database migrations,
// better-sqlite3 outside the archive, no devDependency, the update feed, and a binary with its fuses flipped.
// The stand-in is a small executable file carrying Electron's fuse wire (its sentinel, version 1, eight fuses in
// Electron's default states), which is all electron-builder reads of the binary on Linux.

const root = join(__dirname, '../..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const builderCli = join(root, 'node_modules/electron-builder/cli.js');
const electronViteCli = join(root, 'node_modules/electron-vite/bin/electron-vite.js');
const missingTools = [builderCli, electronViteCli, join(root, 'node_modules/electron/package.json')].filter((file) => !existsSync(file));
if (missingTools.length > 0) console.warn(`[app-asar] skipped: the build tools are not installed (${missingTools.join(', ')})`);

/** The archive library electron-builder packs with (its own dependency), to read app.asar as Electron will. */
type AsarLibrary = {
  listPackage(archive: string, options: { isPack: boolean }): string[];
  statFile(archive: string, filename: string): { unpacked?: boolean };
};
const loadAsarLibrary = () => createRequire(join(root, 'node_modules/app-builder-lib/package.json'))('@electron/asar') as AsarLibrary;

const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** Electron's default wire: runAsNode on, cookie encryption off, NODE_OPTIONS on, inspect on, asar integrity off, any app folder, shared snapshot, file:// privileges on. */
const ELECTRON_DEFAULT_FUSES = '10110001';
const UPDATE_URL = 'https://updates.example.test/frontdesk';

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => void (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => void (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, output }));
  });
}

function makeStandInElectron(dir: string): void {
  mkdirSync(join(dir, 'resources'), { recursive: true });
  const wire = Buffer.concat([
    Buffer.from(`#!/bin/sh\necho "stand-in Electron"\n# ${FUSE_SENTINEL}`),
    Buffer.from([1, 8]),
    Buffer.from(`${ELECTRON_DEFAULT_FUSES}\n`),
  ]);
  writeFileSync(join(dir, 'electron'), wire);
  chmodSync(join(dir, 'electron'), 0o755);
  writeFileSync(join(dir, 'LICENSE'), 'Electron license (stand-in)\n');
  writeFileSync(join(dir, 'version'), `${manifest.devDependencies.electron}\n`);
}

describe.skipIf(missingTools.length > 0)('the packaged app (electron-builder --linux --dir)', () => {
  let work = '';
  let resources = '';
  let entries: string[] = [];
  let asar: AsarLibrary;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'frontdesk-package-'));
    makeStandInElectron(join(work, 'electron-dist'));
    const env = { ...process.env, FRONTDESK_UPDATE_URL: UPDATE_URL, CSC_IDENTITY_AUTO_DISCOVERY: 'false' };
    // `npm test` builds before the unit tests; a bare `vitest run` on a fresh checkout builds here.
    if (!existsSync(join(root, 'out/main/index.js'))) {
      const built = await run(process.execPath, [electronViteCli, 'build'], env);
      if (built.status !== 0) throw new Error(`electron-vite build failed:\n${built.output}`);
    }
    // npmRebuild off: rebuilding better-sqlite3 for Electron needs its headers from the network; what is packed is checked, not its ABI.
    const packed = await run(
      process.execPath,
      [
        builderCli,
        '--linux',
        'dir',
        '--publish',
        'never',
        `-c.electronDist=${join(work, 'electron-dist')}`,
        '-c.npmRebuild=false',
        `-c.directories.output=${join(work, 'dist')}`,
      ],
      env,
    );
    if (packed.status !== 0) throw new Error(`electron-builder failed:\n${packed.output}`);
    resources = join(work, 'dist/linux-unpacked/resources');
    asar = loadAsarLibrary();
    entries = asar.listPackage(join(resources, 'app.asar'), { isPack: false }).map((entry) => entry.replaceAll('\\', '/'));
  }, 180_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('holds the main, preload and renderer builds and the manifest', () => {
    for (const file of [
      '/out/main/index.js',
      '/out/preload/index.js',
      '/out/preload/customer.js',
      '/out/renderer/index.html',
      '/out/renderer/customer.html',
      '/package.json',
    ]) {
      expect(entries).toContain(file);
    }
    expect(entries.filter((entry) => /\.(map|ts|tsx|mts)$/.test(entry) && !entry.includes('/node_modules/'))).toEqual([]);
    expect(entries.some((entry) => entry.startsWith('/server/'))).toBe(false);
  });

  it('holds every database migration where the main process looks for them (migrations beside out/main/index.js)', () => {
    const migrations = readdirSync(join(root, 'db/migrations')).filter((name) => name.endsWith('.sql'));
    expect(migrations.length).toBeGreaterThan(0);
    for (const name of migrations) expect(entries).toContain(`/out/main/migrations/${name}`);
    expect(entries).toContain('/out/main/migrations/meta/_journal.json');
  });

  it('holds the production dependencies and no devDependency', () => {
    const packages = new Set(entries.map((entry) => /^\/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(entry)?.[1]).filter(Boolean));
    for (const name of Object.keys(manifest.dependencies)) expect(packages, name).toContain(name);
    const shipped = Object.keys(manifest.devDependencies).filter((name) => packages.has(name));
    expect(shipped).toEqual([]);
    // Nor anything only the build tools or the server bring.
    for (const name of ['electron-builder', 'app-builder-lib', 'vite', 'vitest', 'typescript', 'fastify', 'pg', '@electric-sql/pglite'])
      expect(packages).not.toContain(name);
  });

  it('keeps better-sqlite3 unpacked beside the archive, without its C sources and build leftovers', () => {
    const binary = 'node_modules/better-sqlite3/build/Release/better_sqlite3.node';
    expect(existsSync(join(resources, 'app.asar.unpacked', binary))).toBe(true);
    expect(asar.statFile(join(resources, 'app.asar'), binary)).toMatchObject({ unpacked: true });
    expect(existsSync(join(resources, 'app.asar.unpacked/node_modules/better-sqlite3/lib/index.js'))).toBe(true);
    expect(existsSync(join(resources, 'app.asar.unpacked/node_modules/better-sqlite3/deps'))).toBe(false);
    expect(existsSync(join(resources, 'app.asar.unpacked/node_modules/better-sqlite3/build/Release/obj'))).toBe(false);
  });

  it('writes the update feed into the app (resources/app-update.yml)', () => {
    const feed = parse(readFileSync(join(resources, 'app-update.yml'), 'utf8')) as Record<string, unknown>;
    expect(feed).toMatchObject({ provider: 'generic', url: UPDATE_URL });
  });

  it('flips the fuses in the packaged binary', async () => {
    const binary = readFileSync(join(work, 'dist/linux-unpacked/frontdesk'));
    const wire = binary.indexOf(FUSE_SENTINEL) + FUSE_SENTINEL.length;
    expect([binary[wire], binary[wire + 1]]).toEqual([1, 8]);
    const states = binary.subarray(wire + 2, wire + 10).toString('latin1');
    // runAsNode off, cookie encryption on, NODE_OPTIONS off, inspect off, asar integrity on, only app.asar, (snapshot as is), file:// privileges off.
    expect(states).toBe('01001100');
  });
});
