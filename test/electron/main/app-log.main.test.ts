import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startMainProcess } from '../../../electron/main/main-process';
import { dispatchIpc, type IpcHandlers } from '../../../shared/contract/ipc';
import * as fake from './fake-electron';

// The app's log file gathers the engine's lines, the renderer's errors and a crashed window, redacted.

vi.mock('electron', () => import('./fake-electron').then((fake) => fake.electronModule));

let dataDir = '';
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

describe("the Electron app's log file", () => {
  it('holds the engine log, renderer errors (not its info) and a crashed window, with no token in it', async () => {
    fake.resetFakeElectron();
    dataDir = mkdtempSync(join(tmpdir(), 'frontdesk-app-log-'));
    vi.spyOn(console, 'error').mockImplementation(() => {});
    let engineLog: (line: string) => void = () => undefined;
    const engine = {
      handlers: { 'app.snapshot': vi.fn(async () => ({})) } as unknown as IpcHandlers,
      onPush: vi.fn(() => () => undefined),
      start: vi.fn(async () => {}),
      stop: vi.fn(async () => {}),
    };
    const createEngine = vi.fn((options: { log: (line: string) => void }) => ((engineLog = options.log), engine));
    await startMainProcess({
      createEngine,
      dispatch: dispatchIpc,
      paths: { preload: '/p.js', indexHtml: '/i.html' },
      serverUrl: 'https://cloud.example',
      dataDir,
    });

    engineLog('sync: socket connected with Bearer abc.def.ghi');
    const contents = fake.BrowserWindow.instances[0]!.webContents;
    contents.emit('console-message', { level: 'error', message: 'Uncaught TypeError: boom', sourceId: 'app://index.js', lineNumber: 12 });
    contents.emit('console-message', { level: 'info', message: 'just chatter', sourceId: 'app://index.js', lineNumber: 1 });
    contents.emit('render-process-gone', {}, { reason: 'crashed' });

    const text = readFileSync(join(dataDir, 'logs', 'frontdesk.log'), 'utf8');
    expect(text).toContain('[register] sync: socket connected with Bearer [redacted]');
    expect(text).toContain('[renderer] Uncaught TypeError: boom (app://index.js:12)');
    expect(text).not.toContain('just chatter');
    expect(text).toContain("[main] the register window's process ended (crashed)");
    expect(text).not.toContain('abc.def.ghi');
  });
});
