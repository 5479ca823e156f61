import { cpSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';

// `npm run build` (electron-vite build) writes:
//   out/main/index.js      main process, CommonJS; package.json dependencies (better-sqlite3,
//                          drizzle-orm, socket.io-client, ws, zod, ...) stay external and are loaded
//                          from node_modules at run time; db/migrations is copied to out/main/migrations
//                          (db/open-database.ts looks for `migrations` beside the running bundle).
//   out/preload/index.js   sandboxed preload, CommonJS, ONE self-contained file: a sandboxed preload
//                          can require nothing but 'electron', so nothing is externalized.
//   out/preload/customer.js  the customer display window's preload, likewise self-contained.
//   out/renderer/          the React app (index.html + assets, relative base './', minified) and the customer
//                          display (customer.html, its own entry); loaded from
//                          file:// by Electron and served over loopback HTTP by electron/host. The browser
//                          host's WebSocket transport (and the zod it validates frames with) is its own
//                          chunk, loaded only when there is no Electron preload (renderer/src/bridge).
// The build needs only node_modules/electron/package.json (for the Node/Chrome targets), not the
// Electron binary.

const root = __dirname;

function copyMigrations(): Plugin {
  return {
    name: 'frontdesk:copy-db-migrations',
    apply: 'build',
    closeBundle() {
      const from = resolve(root, 'db/migrations');
      if (existsSync(from)) cpSync(from, resolve(root, 'out/main/migrations'), { recursive: true });
    },
  };
}

export default defineConfig({
  main: {
    plugins: [copyMigrations()],
    build: {
      outDir: resolve(root, 'out/main'),
      externalizeDeps: true,
      rolldownOptions: {
        input: { index: resolve(root, 'electron/main/index.ts') },
        external: ['better-sqlite3', 'bufferutil', 'utf-8-validate'],
      },
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      externalizeDeps: false,
      rolldownOptions: {
        // Two sandboxed preloads that share no module (a shared chunk could not be required): the register window's
        // and the customer display's, which exposes nothing but its view subscription.
        input: { index: resolve(root, 'electron/preload/index.ts'), customer: resolve(root, 'electron/preload/customer.ts') },
        output: { format: 'cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    base: './',
    plugins: [react()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      emptyOutDir: true,
      // electron-vite's renderer preset turns minify off; the window parses every byte at start, so minify
      // (Oxc for JS, Lightning CSS for CSS). Source maps stay off, as the preset has them.
      minify: true,
      rolldownOptions: {
        // The register app and the customer-facing display, each its own page and entry chunk (the display loads
        // only what it renders: the QR code, money formats and the view schema).
        input: { index: resolve(root, 'renderer/index.html'), customer: resolve(root, 'renderer/customer.html') },
      },
    },
  },
});
