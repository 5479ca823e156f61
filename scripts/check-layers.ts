import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { findViolations, formatViolation, type SourceFile } from './layer-rules';

// `npm run check:layers`: enforces the dependency arrows of DESIGN.md section 3 (rules in
// scripts/layer-rules.ts) on every .ts/.tsx/.mts/.cts/.js/.mjs/.cjs file outside node_modules, out and test/.
// Prints `file:line: rule` per violation and exits 1, or one summary line when clean.
// An optional argument checks another root (the tests use fixture trees).

const ROOT = process.argv[2] ? resolve(process.argv[2]) : join(__dirname, '..');
const SKIP_DIRS = new Set(['node_modules', 'out', 'dist', '.git', 'test-results', 'playwright-report', '.frontdesk']);
const SOURCE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;

function walk(dir: string, files: SourceFile[]): SourceFile[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    const path = relative(ROOT, full).split(sep).join('/');
    if (entry.isDirectory()) {
      if (SKIP_DIRS.has(entry.name) || path === 'test') continue;
      walk(full, files);
    } else if (entry.isFile() && SOURCE.test(entry.name)) {
      files.push({ path, source: readFileSync(full, 'utf8') });
    }
  }
  return files;
}

function serverPackages(): string[] {
  const file = join(ROOT, 'server', 'package.json');
  if (!existsSync(file)) return [];
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Record<string, string> | undefined>;
  return ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'].flatMap((key) => Object.keys(manifest[key] ?? {}));
}

const files = walk(ROOT, []);
const violations = findViolations(files, { serverPackages: serverPackages() });
for (const violation of violations) console.error(formatViolation(violation));
if (violations.length > 0) {
  console.error(`check:layers: ${violations.length} import(s) break the layer rules of DESIGN.md section 3.`);
  process.exit(1);
}
console.log(`check:layers: ${files.length} files follow the layer rules of DESIGN.md section 3.`);
