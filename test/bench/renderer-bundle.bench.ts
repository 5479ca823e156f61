import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { resolveConfig } from 'electron-vite';
import { build, mergeConfig, type InlineConfig } from 'vite';
import { startBrowserHost } from '../../electron/host/browser-host';
import playwrightConfig from '../../playwright.config';
import { createFakeEngine } from '../host/support/fake-engine';
import { ms, percentile, type BenchModule } from './bench-module';

const START_BUDGET_BYTES = 150_000;
const LOADS = 7;
const AREA = 'renderer bundle';

/**
 * The renderer as `npm run build` makes it (electron.vite.config.ts), written to a temporary folder so the
 * figures are of the current sources and out/renderer (which the e2e tests serve) is left alone.
 */
async function buildRenderer(outDir: string): Promise<void> {
  process.env.NODE_ENV_ELECTRON_VITE = 'production'; // what electron-vite's own `build` sets first
  const resolved = await resolveConfig({}, 'build', 'production');
  const renderer = resolved.config?.renderer;
  if (!renderer) throw new Error('electron.vite.config.ts has no renderer config');
  await build(mergeConfig(renderer as InlineConfig, { logLevel: 'warn', build: { outDir, emptyOutDir: true } }));
}

/**
 * What a window fetches before the app runs: the scripts, stylesheets and module preloads index.html names,
 * and every chunk those scripts import statically. A dynamic import("./x.js") is left out on purpose: that is
 * how the browser-host-only transport is loaded (renderer/src/bridge/choose-transport.ts).
 */
function startFiles(outDir: string): string[] {
  const html = readFileSync(join(outDir, 'index.html'), 'utf8');
  const named = [...html.matchAll(/<(?:script|link)\b[^>]*?\b(?:src|href)="(\.\/assets\/[^"]+)"/g)].map((m) => join(outDir, m[1]!));
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    if (!file.endsWith('.js')) return;
    // Minified ESM: `import{a as b}from"./chunk.js"` or `import"./chunk.js"`; `import(` never matches.
    for (const m of readFileSync(file, 'utf8').matchAll(/\bimport\s*(?:[\w$*{},\s]*?from\s*)?["'`](\.\.?\/[^"'`]+)["'`]/g)) {
      visit(resolve(dirname(file), m[1]!));
    }
  };
  named.forEach(visit);
  return [...seen];
}

const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`;

/**
 * Installed before the page's scripts: notes performance.now() (ms since the navigation started) the first
 * time the sign-in keypad's digits are all rendered, visible and enabled, i.e. staff can start typing a PIN.
 */
const WATCH_KEYPAD = `(() => {
  const check = () => {
    const keys = [...document.querySelectorAll('[role="group"][aria-label="Number pad"] button')];
    if (keys.length < 10 || !keys.every((b) => !b.disabled && b.checkVisibility())) return false;
    window.__keypadReadyAt = performance.now();
    return true;
  };
  const observer = new MutationObserver(() => check() && observer.disconnect());
  observer.observe(document, { subtree: true, childList: true, attributes: true });
})();`;

async function timeToKeypad(outDir: string): Promise<number[]> {
  const host = await startBrowserHost({ engine: createFakeEngine(), rendererDir: outDir });
  const browser = await chromium.launch(playwrightConfig.use?.launchOptions);
  try {
    const samples: number[] = [];
    for (let i = 0; i <= LOADS; i += 1) {
      // A fresh context each time: no HTTP cache, like a register window opening at the start of a day.
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.addInitScript({ content: WATCH_KEYPAD });
      await page.goto(host.url);
      // A function, not a string: the page's CSP forbids eval.
      const readyAt = await page.waitForFunction(() => (globalThis as { __keypadReadyAt?: number }).__keypadReadyAt, undefined, { timeout: 15_000 });
      if (i > 0) samples.push((await readyAt.jsonValue()) as number); // the first load warms the host and Chromium
      await context.close();
    }
    return samples.sort((a, b) => a - b);
  } finally {
    await browser.close();
    await host.close();
  }
}

/** How heavy the renderer is to start: gzipped bytes the Electron window loads, and time to the sign-in keypad. */
export const rendererBundleBench: BenchModule = {
  name: 'renderer-bundle',
  async run() {
    const outDir = mkdtempSync(join(tmpdir(), 'fd-renderer-bench-'));
    try {
      await buildRenderer(outDir);
      const files = startFiles(outDir).map((file) => readFileSync(file));
      const raw = files.reduce((sum, bytes) => sum + bytes.length, 0);
      const gzipped = files.reduce((sum, bytes) => sum + gzipSync(bytes, { level: 9 }).length, 0);
      const loads = await timeToKeypad(outDir);
      return [
        {
          area: AREA,
          metric: `Electron start load, gzip -9 (entry JS + CSS, ${files.length} files; raw ${kb(raw)})`,
          value: kb(gzipped),
          budget: `≤ ${kb(START_BUDGET_BYTES)}`,
          ok: gzipped <= START_BUDGET_BYTES,
        },
        {
          area: AREA,
          metric: `navigation → sign-in keypad interactive, p50 of ${loads.length} (Chromium, browser host, fake engine)`,
          value: ms(percentile(loads, 50)),
        },
      ];
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  },
};
