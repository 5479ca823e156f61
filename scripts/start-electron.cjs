#!/usr/bin/env node
// `npm start`: build the app and run it in Electron.
//
// Why this is a script and not one command:
// - The Electron binary is downloaded by node_modules/electron/install.js, which this repo does not
//   run at `npm install` time (package.json allowScripts) and which needs the internet. Without the
//   binary the register still runs in a browser: `npm run start:browser`.
// - better-sqlite3 is a native module compiled for ONE Node ABI. Electron's ABI differs from the
//   Node that runs the tests, so before launching we rebuild it for Electron
//   (`electron-builder install-app-deps`) and after Electron exits we rebuild it for Node again
//   (`npm rebuild better-sqlite3`); otherwise `npm test` would fail with NODE_MODULE_VERSION errors.
'use strict';

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');

/** The Electron executable, or null when it is not installed (require('electron') returns its path under Node). */
function electronBinary() {
  try {
    const id = require.resolve('electron');
    delete require.cache[id];
    const executable = require(id);
    return typeof executable === 'string' && fs.existsSync(executable) ? executable : null;
  } catch {
    return null;
  }
}

/** Runs a package's bin script with this Node (no shell, works the same on Windows). */
function runBin(pkg, bin, args) {
  const manifest = require(`${pkg}/package.json`);
  const relative = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin[bin];
  const script = path.join(path.dirname(require.resolve(`${pkg}/package.json`)), relative);
  return run(process.execPath, [script, ...args]);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.error) console.error(result.error.message);
  return result.status ?? 1;
}

function npm(args) {
  // Under `npm start`, npm_execpath is npm's own CLI script; run it with this Node.
  const npmCli = process.env.npm_execpath;
  if (npmCli && /\.c?js$/.test(npmCli)) return run(process.execPath, [npmCli, ...args]);
  return run(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, { shell: process.platform === 'win32' });
}

function main() {
  let electron = electronBinary();
  if (!electron) {
    const installer = path.join(path.dirname(require.resolve('electron/package.json')), 'install.js');
    console.log('Electron binary missing; trying to download it ...');
    // Quiet: when there is no internet the installer prints a long stack trace; one sentence follows instead.
    run(process.execPath, [installer], { timeout: 5 * 60 * 1000, stdio: 'ignore' });
    electron = electronBinary();
  }
  if (!electron) {
    // One sentence, then the same product in the browser host, so `npm start` always runs the register.
    console.error('The Electron binary could not be downloaded, so the register opens in the browser host instead (`npm run start:browser`).');
    return npm(['run', 'start:browser']);
  }

  // From here on better-sqlite3 may be built for Electron: always put it back for Node at the end,
  // whether the build, the launch or the rebuild itself failed.
  const status = buildAndLaunch(electron);
  console.log('Rebuilding better-sqlite3 for Node so the tests keep working ...');
  if (npm(['rebuild', 'better-sqlite3']) !== 0) {
    console.error('`npm rebuild better-sqlite3` failed; run it by hand before `npm test`.');
    return 1;
  }
  return status;
}

function buildAndLaunch(electron) {
  if (runBin('electron-builder', 'electron-builder', ['install-app-deps']) !== 0) {
    console.error('Could not rebuild native modules (better-sqlite3) for Electron.');
    return 1;
  }
  if (runBin('electron-vite', 'electron-vite', ['build']) !== 0) return 1;
  // Ctrl-C reaches Electron too (same process group); this script stays alive to rebuild afterwards.
  const ignore = () => {};
  process.on('SIGINT', ignore);
  process.on('SIGTERM', ignore);
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  const status = run(electron, ['.'], { env });
  process.off('SIGINT', ignore);
  process.off('SIGTERM', ignore);
  return status;
}

process.exitCode = main();
