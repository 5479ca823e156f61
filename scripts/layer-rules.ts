import { builtinModules } from 'node:module';
import { posix } from 'node:path';
import ts from 'typescript';

// DESIGN.md section 3 as data: which folder may import which folder and which packages. Pure: the
// CLI (check-layers.ts) walks the disk and feeds files in; tests feed fixtures.

export type LayerName =
  'shared' | 'db' | 'electron/register' | 'electron/main' | 'electron/host' | 'electron/preload' | 'renderer' | 'server' | 'test' | 'tooling';

export type LayerRule = {
  layer: LayerName;
  /** Repo folders this layer may import from (its own folder is always allowed). */
  layers: readonly LayerName[];
  /** npm packages it may import: a list, any, or those declared in server/package.json. */
  packages: readonly string[] | 'any' | 'server-manifest';
  /** Packages refused even where `packages` is 'any' (another side's runtime). */
  forbiddenPackages?: readonly string[];
  builtins: boolean;
  electron: boolean;
  /** The rule in one sentence, printed with each violation. */
  sentence: string;
};

/** The cloud's database and socket server, and the UI's framework: never part of the register's Node side. */
const SERVER_OR_UI_PACKAGES = ['socket.io', 'pg', '@electric-sql/pglite', 'stripe', 'twilio', 'nodemailer', 'react', 'react-dom'];

export const LAYER_RULES: Readonly<Record<LayerName, LayerRule>> = {
  shared: {
    layer: 'shared',
    layers: [],
    packages: ['zod'],
    builtins: false,
    electron: false,
    sentence: 'shared/ imports nothing but zod and shared/ itself',
  },
  db: {
    layer: 'db',
    layers: ['shared'],
    packages: ['better-sqlite3', 'drizzle-orm', 'zod'],
    builtins: true,
    electron: false,
    sentence: 'db/ may import only shared/, better-sqlite3, drizzle-orm, zod (to validate what it reads) and node: builtins',
  },
  'electron/register': {
    layer: 'electron/register',
    layers: ['shared', 'db'],
    packages: 'any',
    forbiddenPackages: SERVER_OR_UI_PACKAGES,
    builtins: true,
    electron: false,
    sentence: "electron/register/ may import only shared/, db/, register-side npm packages and node: builtins, never 'electron', server or UI packages",
  },
  'electron/main': {
    layer: 'electron/main',
    layers: ['electron/register', 'shared'],
    packages: 'any',
    builtins: true,
    electron: true,
    sentence: "electron/main/ may import only electron/register/, shared/, 'electron', npm packages and node: builtins",
  },
  'electron/host': {
    layer: 'electron/host',
    layers: ['electron/register', 'shared'],
    packages: 'any',
    forbiddenPackages: SERVER_OR_UI_PACKAGES,
    builtins: true,
    electron: false,
    sentence: "electron/host/ may import only electron/register/, shared/, npm packages and node: builtins, never 'electron'",
  },
  'electron/preload': {
    layer: 'electron/preload',
    layers: ['shared'],
    packages: [],
    builtins: false,
    electron: true,
    sentence: "electron/preload/ may import only shared/ and 'electron'",
  },
  renderer: {
    layer: 'renderer',
    layers: ['shared'],
    packages: ['react', 'react-dom', 'libphonenumber-js', 'qrcode'],
    builtins: false,
    electron: false,
    sentence:
      'renderer/ may import only shared/ and browser packages (react, react-dom, libphonenumber-js, qrcode): no Node builtins, electron, socket.io or better-sqlite3',
  },
  server: {
    layer: 'server',
    layers: ['shared'],
    packages: 'server-manifest',
    builtins: true,
    electron: false,
    sentence: 'server/ may import only shared/, node: builtins and the packages declared in server/package.json, never electron/, db/ or renderer/',
  },
  test: {
    layer: 'test',
    layers: ['shared', 'db', 'electron/register', 'electron/main', 'electron/host', 'electron/preload', 'renderer', 'server', 'tooling'],
    packages: 'any',
    builtins: true,
    electron: true,
    sentence: 'tests may import anything',
  },
  tooling: {
    layer: 'tooling',
    layers: ['shared', 'db', 'electron/register', 'electron/main', 'electron/host', 'electron/preload', 'renderer'],
    packages: 'any',
    builtins: true,
    electron: false,
    sentence: "scripts and config files may import any layer but server/, and never 'electron'",
  },
};

/** Cross-cutting rules, checked for every file whatever its layer. */
export const ONLY_SERVER_AND_TESTS_IMPORT_SERVER = 'nothing outside server/ and test/ imports server/';
export const ONLY_MAIN_AND_PRELOAD_IMPORT_ELECTRON = "only electron/main/ and electron/preload/ import 'electron'";
export const STAYS_IN_REPOSITORY = 'imports stay inside the repository';

const FOLDERS: ReadonlyArray<[string, LayerName]> = [
  ['electron/register/', 'electron/register'],
  ['electron/main/', 'electron/main'],
  ['electron/host/', 'electron/host'],
  ['electron/preload/', 'electron/preload'],
  ['renderer/', 'renderer'],
  ['shared/', 'shared'],
  ['server/', 'server'],
  ['test/', 'test'],
  ['db/', 'db'],
];

/**
 * The layer of a repo-relative POSIX path. Config files at the repository root, drizzle-kit configs and the server's
 * production build config are tooling;
 * any other file inside a layer's folder follows that layer's rules. A file directly under electron/ (in none of its
 * four parts) is held to the strictest Node rule, the register engine's.
 */
export function layerOf(path: string): LayerName {
  if (/^[^/]+\.config\.[cm]?[jt]sx?$/.test(path) || /(^|\/)drizzle\.config\.ts$/.test(path) || path === 'server/vite.config.ts') return 'tooling';
  if (/^electron\/[^/]+$/.test(path)) return 'electron/register';
  const found = FOLDERS.find(([prefix]) => path.startsWith(prefix));
  return found ? found[1] : 'tooling';
}

export type ImportRef = { specifier: string; line: number };

/** import / export-from / import type / require / import() specifiers with their 1-based line (comments and strings ignored). */
export function scanImports(source: string): ImportRef[] {
  const info = ts.preProcessFile(source, true, true);
  return info.importedFiles.map((file) => ({
    specifier: file.fileName,
    line: source.slice(0, file.pos).split('\n').length,
  }));
}

export type ImportTarget =
  | { kind: 'file'; path: string }
  | { kind: 'outside'; specifier: string }
  | { kind: 'electron' }
  | { kind: 'builtin'; name: string }
  | { kind: 'package'; name: string };

const BUILTINS = new Set(builtinModules);
/** shared/ as its workspace package: `@frontdesk/shared/contract/x` is the file shared/contract/x, judged like a relative import. */
const SHARED_PACKAGE = '@frontdesk/shared';

export function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/** What a specifier written in `fromPath` points at; relative paths are resolved to repo-relative paths. */
export function classifySpecifier(fromPath: string, specifier: string): ImportTarget {
  const bare = specifier.replace(/[?#].*$/, '');
  if (bare.startsWith('.') || bare.startsWith('/')) {
    const joined = bare.startsWith('/') ? posix.normalize(bare) : posix.normalize(posix.join(posix.dirname(fromPath), bare));
    if (joined.startsWith('/') || joined === '..' || joined.startsWith('../')) return { kind: 'outside', specifier };
    return { kind: 'file', path: joined };
  }
  if (bare.startsWith('node:') || BUILTINS.has(bare)) return { kind: 'builtin', name: bare };
  const name = packageName(bare);
  if (name === SHARED_PACKAGE) return { kind: 'file', path: posix.normalize(`shared/${bare.slice(SHARED_PACKAGE.length + 1)}`) };
  if (name === 'electron') return { kind: 'electron' };
  return { kind: 'package', name };
}

export type RuleContext = { serverPackages: readonly string[] };

/** The sentence of the rule this import breaks, or null when it is allowed. */
export function judgeImport(fromPath: string, target: ImportTarget, context: RuleContext): string | null {
  const layer = layerOf(fromPath);
  const rule = LAYER_RULES[layer];
  switch (target.kind) {
    case 'outside':
      return STAYS_IN_REPOSITORY;
    case 'electron':
      return rule.electron ? null : ONLY_MAIN_AND_PRELOAD_IMPORT_ELECTRON;
    case 'builtin':
      return rule.builtins ? null : rule.sentence;
    case 'package': {
      if (rule.forbiddenPackages?.includes(target.name)) return rule.sentence;
      const allowed =
        rule.packages === 'any'
          ? true
          : rule.packages === 'server-manifest'
            ? context.serverPackages.includes(target.name)
            : rule.packages.includes(target.name);
      return allowed ? null : rule.sentence;
    }
    case 'file': {
      const targetLayer = layerOf(target.path);
      if (targetLayer === layer) return null;
      if (targetLayer === 'server' && layer !== 'test') return ONLY_SERVER_AND_TESTS_IMPORT_SERVER;
      return rule.layers.includes(targetLayer) ? null : rule.sentence;
    }
  }
}

export type SourceFile = { path: string; source: string };
export type Violation = { path: string; line: number; specifier: string; rule: string };

export function findViolations(files: readonly SourceFile[], context: RuleContext): Violation[] {
  const violations: Violation[] = [];
  for (const file of files) {
    for (const ref of scanImports(file.source)) {
      const rule = judgeImport(file.path, classifySpecifier(file.path, ref.specifier), context);
      if (rule) violations.push({ path: file.path, line: ref.line, specifier: ref.specifier, rule });
    }
  }
  return violations;
}

export function formatViolation(violation: Violation): string {
  return `${violation.path}:${violation.line}: ${violation.rule} (imports '${violation.specifier}')`;
}
