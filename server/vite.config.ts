import { cpSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// `npm run -w server build`: the server as one ES module, dist/main.js, that plain `node` runs (`npm run -w server
// start:prod`). Its npm dependencies stay external (installed next to it, as in development); shared/ (the
// @frontdesk/shared workspace package, or its relative imports) is bundled in. The migrations are copied next to it:
// src/db/migrate.ts finds them at `./migrations` from its own module, which in the bundle is dist/main.js.

const here = dirname(fileURLToPath(import.meta.url));
const outDir = join(here, 'dist');

export default defineConfig({
  root: here,
  // No public/ folder and no .env files: the server reads its settings from the environment at start.
  publicDir: false,
  envDir: false,
  logLevel: 'warn',
  ssr: { noExternal: ['@frontdesk/shared'], target: 'node' },
  build: {
    ssr: 'src/main.ts',
    outDir,
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    sourcemap: true,
    rolldownOptions: { output: { format: 'es', entryFileNames: 'main.js' } },
  },
  plugins: [
    {
      name: 'frontdesk-copy-migrations',
      apply: 'build',
      writeBundle() {
        const target = join(outDir, 'migrations');
        rmSync(target, { recursive: true, force: true });
        // The SQL and the journal are what the migrator reads; drizzle-kit's snapshots are for generating only.
        cpSync(join(here, 'src/db/migrations'), target, { recursive: true, filter: (source) => !/_snapshot\.json$/.test(source) });
      },
    },
  ],
});
