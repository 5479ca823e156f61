import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Dev-only: builds the renderer to out/renderer when the toolchain's electron.vite.config.ts is not there yet.
const repo = resolve(import.meta.dirname, '../../..');
export default defineConfig({
  root: resolve(repo, 'renderer'),
  base: './',
  plugins: [react()],
  build: { outDir: resolve(repo, 'out/renderer'), emptyOutDir: true },
});
