import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  classifySpecifier,
  findViolations,
  formatViolation,
  LAYER_RULES,
  layerOf,
  ONLY_MAIN_AND_PRELOAD_IMPORT_ELECTRON,
  ONLY_SERVER_AND_TESTS_IMPORT_SERVER,
  scanImports,
  type SourceFile,
} from '../../scripts/layer-rules';

const context = { serverPackages: ['socket.io', 'zod', 'drizzle-orm', '@electric-sql/pglite'] };
const check = (path: string, source: string) => findViolations([{ path, source }], context);
const rulesBroken = (path: string, source: string) => check(path, source).map((v) => v.rule);

describe('scanImports', () => {
  it('finds every kind of import with its line, ignoring comments and strings', () => {
    const source = [
      "import a from 'a';",
      "import type { B } from './b';",
      "export * from '../c';",
      "export { d } from 'd/sub';",
      "const e = require('e');",
      "const f = await import('f');",
      "// import g from 'g';",
      'const h = "import h from \'h\'";',
      "import './styles.css';",
    ].join('\n');
    expect(scanImports(source)).toEqual([
      { specifier: 'a', line: 1 },
      { specifier: './b', line: 2 },
      { specifier: '../c', line: 3 },
      { specifier: 'd/sub', line: 4 },
      { specifier: 'e', line: 5 },
      { specifier: 'f', line: 6 },
      { specifier: './styles.css', line: 9 },
    ]);
  });
});

describe('layer table', () => {
  it('maps folders to layers, config files to tooling', () => {
    expect(layerOf('shared/domain/money.ts')).toBe('shared');
    expect(layerOf('electron/register/engine.ts')).toBe('electron/register');
    expect(layerOf('electron/main/index.ts')).toBe('electron/main');
    expect(layerOf('renderer/src/app/App.tsx')).toBe('renderer');
    expect(layerOf('server/src/app.ts')).toBe('server');
    expect(layerOf('db/drizzle.config.ts')).toBe('tooling');
    expect(layerOf('scripts/check-layers.ts')).toBe('tooling');
  });

  it('resolves relative specifiers to repo paths and names packages', () => {
    expect(classifySpecifier('electron/main/index.ts', '../register/engine')).toEqual({ kind: 'file', path: 'electron/register/engine' });
    expect(classifySpecifier('renderer/src/a.ts', '../../shared/x?raw')).toEqual({ kind: 'file', path: 'shared/x' });
    expect(classifySpecifier('shared/a.ts', '../../elsewhere')).toEqual({ kind: 'outside', specifier: '../../elsewhere' });
    expect(classifySpecifier('db/a.ts', 'node:fs')).toEqual({ kind: 'builtin', name: 'node:fs' });
    expect(classifySpecifier('db/a.ts', 'fs/promises')).toEqual({ kind: 'builtin', name: 'fs/promises' });
    expect(classifySpecifier('db/a.ts', 'drizzle-orm/sqlite-core')).toEqual({ kind: 'package', name: 'drizzle-orm' });
    expect(classifySpecifier('db/a.ts', '@electric-sql/pglite/x')).toEqual({ kind: 'package', name: '@electric-sql/pglite' });
    expect(classifySpecifier('electron/main/a.ts', 'electron/main')).toEqual({ kind: 'electron' });
  });

  it('reads shared/ as its workspace package @frontdesk/shared: the same file as the relative import', () => {
    expect(classifySpecifier('server/src/links/a.ts', '@frontdesk/shared/contract/entities')).toEqual({ kind: 'file', path: 'shared/contract/entities' });
    expect(classifySpecifier('server/src/links/a.ts', '../../../shared/contract/entities')).toEqual({ kind: 'file', path: 'shared/contract/entities' });
    expect(classifySpecifier('renderer/src/a.ts', '@frontdesk/shared')).toEqual({ kind: 'file', path: 'shared/' });
    // Walking out of the package is judged where it lands.
    expect(classifySpecifier('renderer/src/a.ts', '@frontdesk/shared/../server/src/app')).toEqual({ kind: 'file', path: 'server/src/app' });
    expect(layerOf('server/vite.config.ts')).toBe('tooling');
  });
});

describe('bad fixtures are reported', () => {
  const cases: Array<[string, string, string, string]> = [
    ['shared imports a package other than zod', 'shared/domain/money.ts', "import dayjs from 'dayjs';", LAYER_RULES.shared.sentence],
    ['shared imports a node builtin', 'shared/domain/clock.ts', "import { setTimeout } from 'node:timers';", LAYER_RULES.shared.sentence],
    ['shared imports db', 'shared/contract/x.ts', "import { schema } from '../../db/schema';", LAYER_RULES.shared.sentence],
    ['db imports the register', 'db/open.ts', "import { x } from '../electron/register/engine';", LAYER_RULES.db.sentence],
    ['db imports socket.io-client', 'db/open.ts', "import { io } from 'socket.io-client';", LAYER_RULES.db.sentence],
    ['the register imports electron', 'electron/register/engine.ts', "import { app } from 'electron';", ONLY_MAIN_AND_PRELOAD_IMPORT_ELECTRON],
    ['the register requires electron', 'electron/register/engine.ts', "const { app } = require('electron');", ONLY_MAIN_AND_PRELOAD_IMPORT_ELECTRON],
    ['the register imports the renderer', 'electron/register/a.ts', "export * from '../../renderer/src/x';", LAYER_RULES['electron/register'].sentence],
    ['main imports db directly', 'electron/main/index.ts', "import { openDatabase } from '../../db/open-database';", LAYER_RULES['electron/main'].sentence],
    ['host imports electron', 'electron/host/cli.ts', "import { app } from 'electron';", ONLY_MAIN_AND_PRELOAD_IMPORT_ELECTRON],
    ['preload imports the register', 'electron/preload/index.ts', "import { e } from '../register/engine';", LAYER_RULES['electron/preload'].sentence],
    ['preload imports a node builtin', 'electron/preload/index.ts', "import fs from 'node:fs';", LAYER_RULES['electron/preload'].sentence],
    ['renderer imports a node builtin', 'renderer/src/a.tsx', "import { readFileSync } from 'fs';", LAYER_RULES.renderer.sentence],
    ['renderer imports socket.io-client', 'renderer/src/a.tsx', "import { io } from 'socket.io-client';", LAYER_RULES.renderer.sentence],
    ['renderer imports better-sqlite3', 'renderer/src/a.tsx', "const db = await import('better-sqlite3');", LAYER_RULES.renderer.sentence],
    ['renderer imports electron', 'renderer/src/a.tsx', "import { ipcRenderer } from 'electron';", ONLY_MAIN_AND_PRELOAD_IMPORT_ELECTRON],
    ['renderer imports the register', 'renderer/src/a.tsx', "import type { E } from '../../electron/register/engine';", LAYER_RULES.renderer.sentence],
    ['server imports db', 'server/src/app.ts', "import { schema } from '../../db/schema';", LAYER_RULES.server.sentence],
    ['server imports the renderer', 'server/src/pages/x.ts', "import { A } from '../../../renderer/src/a';", LAYER_RULES.server.sentence],
    ['server imports an undeclared package', 'server/src/app.ts', "import Database from 'better-sqlite3';", LAYER_RULES.server.sentence],
    ['server imports electron', 'server/src/app.ts', "import { app } from 'electron';", ONLY_MAIN_AND_PRELOAD_IMPORT_ELECTRON],
    ['the register imports the server', 'electron/register/api.ts', "import { routes } from '../../server/src/routes';", ONLY_SERVER_AND_TESTS_IMPORT_SERVER],
    ['a script imports the server', 'scripts/seed.ts', "import { seed } from '../server/src/seed';", ONLY_SERVER_AND_TESTS_IMPORT_SERVER],
    ['the register imports the socket server', 'electron/register/sync.ts', "import { Server } from 'socket.io';", LAYER_RULES['electron/register'].sentence],
    ['the host imports react', 'electron/host/page.ts', "import React from 'react';", LAYER_RULES['electron/host'].sentence],
    ['a config file inside a layer follows that layer', 'renderer/vite.config.ts', "import fs from 'node:fs';", LAYER_RULES.renderer.sentence],
    ['a stray file directly under electron/', 'electron/helpers.ts', "import { app } from 'electron';", ONLY_MAIN_AND_PRELOAD_IMPORT_ELECTRON],
    ['a CommonJS script requires the server', 'scripts/start.cjs', "const s = require('../server/src/main');", ONLY_SERVER_AND_TESTS_IMPORT_SERVER],
    ['the renderer walks out of the shared package', 'renderer/src/a.ts', "import { x } from '@frontdesk/shared/../db/schema';", LAYER_RULES.renderer.sentence],
    ['the server build config imports the server', 'server/vite.config.ts', "import { startServer } from './src/start';", ONLY_SERVER_AND_TESTS_IMPORT_SERVER],
  ];
  it.each(cases)('%s', (_name, path, source, rule) => {
    expect(rulesBroken(path, source)).toEqual([rule]);
  });

  it('prints file:line: rule sentence', () => {
    const [violation] = check('shared/a.ts', "import { z } from 'zod';\n\nimport fs from 'node:fs';");
    expect(formatViolation(violation!)).toBe(`shared/a.ts:3: ${LAYER_RULES.shared.sentence} (imports 'node:fs')`);
  });
});

describe('good fixtures pass', () => {
  const good: SourceFile[] = [
    { path: 'shared/contract/ipc.ts', source: "import { z } from 'zod';\nimport { Money } from '../domain/money';" },
    { path: 'server/src/links/view.ts', source: "import type { PaymentLink } from '@frontdesk/shared/contract/entities';" },
    { path: 'renderer/src/a.ts', source: "import { formatCents } from '@frontdesk/shared/domain/money';" },
    { path: 'server/vite.config.ts', source: "import { defineConfig } from 'vite';\nimport { cpSync } from 'node:fs';" },
    {
      path: 'db/open-database.ts',
      source:
        "import Database from 'better-sqlite3';\nimport { drizzle } from 'drizzle-orm/better-sqlite3';\nimport { join } from 'node:path';\nimport { Cart } from '../shared/contract/entities';",
    },
    {
      path: 'electron/register/engine.ts',
      source:
        "import { openDatabase } from '../../db/open-database';\nimport { io } from 'socket.io-client';\nimport { EventEmitter } from 'node:events';\nimport { dispatchIpc } from '../../shared/contract/ipc';",
    },
    {
      path: 'electron/main/index.ts',
      source:
        "import { app } from 'electron';\nimport { createRegisterEngine } from '../register/engine';\nimport { dispatchIpc } from '../../shared/contract/ipc';\nimport { join } from 'node:path';",
    },
    {
      path: 'electron/host/cli.ts',
      source: "import { WebSocketServer } from 'ws';\nimport { createRegisterEngine } from '../register/engine';\nimport http from 'node:http';",
    },
    {
      path: 'electron/preload/index.ts',
      source: "import { contextBridge } from 'electron';\nimport type { IpcTransport } from '../../shared/contract/ipc-client';",
    },
    {
      path: 'renderer/src/main.tsx',
      source:
        "import { createRoot } from 'react-dom/client';\nimport { useState } from 'react';\nimport { parsePhoneNumber } from 'libphonenumber-js';\nimport './styles/app.css';\nimport { formatCents } from '../../shared/domain/money';",
    },
    {
      path: 'server/src/main.ts',
      source:
        "import { Server } from 'socket.io';\nimport { PGlite } from '@electric-sql/pglite';\nimport { createServer } from 'node:http';\nimport { LinkSchema } from '../../shared/contract/entities';\nimport { routes } from './routes';",
    },
    { path: 'db/drizzle.config.ts', source: "import { defineConfig } from 'drizzle-kit';" },
    { path: 'electron.vite.config.ts', source: "import react from '@vitejs/plugin-react';\nimport { defineConfig } from 'electron-vite';" },
  ];
  it('reports nothing for imports that follow the arrows', () => {
    expect(findViolations(good, context)).toEqual([]);
  });
});

describe('the check:layers command', () => {
  const root = join(__dirname, '..', '..');
  const run = (fixture?: string) => {
    try {
      const stdout = execFileSync(process.execPath, ['--import', 'tsx', 'scripts/check-layers.ts', ...(fixture ? [fixture] : [])], {
        cwd: root,
        encoding: 'utf8',
        stdio: 'pipe',
      });
      return { status: 0, stdout, stderr: '' };
    } catch (error) {
      const failure = error as { status: number; stdout: string; stderr: string };
      return { status: failure.status, stdout: failure.stdout, stderr: failure.stderr };
    }
  };
  function fixtureTree(files: Record<string, string>): string {
    const dir = mkdtempSync(join(tmpdir(), 'layers-'));
    for (const [path, source] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), source);
    }
    return dir;
  }

  it('lists each violation as file:line: rule and exits 1', () => {
    const dir = fixtureTree({
      'shared/domain/money.ts': "import { z } from 'zod';\nimport fs from 'node:fs';\n",
      'electron/register/engine.ts': "import { app } from 'electron';\n",
      'test/anything.test.ts': "import { app } from 'electron';\nimport '../server/src/main';\n",
      'node_modules/x/index.ts': "import fs from 'node:fs';\n",
    });
    const result = run(dir);
    rmSync(dir, { recursive: true, force: true });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`electron/register/engine.ts:1: ${ONLY_MAIN_AND_PRELOAD_IMPORT_ELECTRON}`);
    expect(result.stderr).toContain(`shared/domain/money.ts:2: ${LAYER_RULES.shared.sentence}`);
    expect(result.stderr).not.toContain('test/anything');
    expect(result.stderr).not.toContain('node_modules');
  });

  it('prints one summary line and exits 0 when clean', () => {
    const dir = fixtureTree({
      'shared/domain/money.ts': "import { z } from 'zod';\n",
      'renderer/src/main.tsx': "import { createRoot } from 'react-dom/client';\nimport { z } from '../../shared/domain/money';\n",
    });
    const result = run(dir);
    rmSync(dir, { recursive: true, force: true });
    expect(result).toMatchObject({ status: 0, stderr: '' });
    expect(result.stdout.trim()).toBe('check:layers: 2 files follow the layer rules of DESIGN.md section 3.');
  });
});
