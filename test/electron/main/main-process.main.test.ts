import { pathToFileURL } from 'node:url';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { startMainProcess } from '../../../electron/main/main-process';
import { dispatchIpc, type IpcHandlers } from '../../../shared/contract/ipc';
import * as fake from './fake-electron';

vi.mock('electron', () => import('./fake-electron').then((fake) => fake.electronModule));

const PATHS = { preload: '/app/out/preload/index.js', indexHtml: '/app/out/renderer/index.html' };
const INDEX_URL = pathToFileURL(PATHS.indexHtml).href;

async function boot(options: { singleInstance?: boolean; devServerUrl?: string; failStart?: boolean } = {}) {
  fake.resetFakeElectron();
  fake.app.singleInstance = options.singleInstance ?? true;
  let pushListener: ((message: unknown) => void) | null = null;
  const snapshot = vi.fn(() => Promise.resolve({ screen: 'fake' }));
  const engine = {
    handlers: { 'app.snapshot': snapshot } as unknown as IpcHandlers,
    onPush: vi.fn((listener: (message: unknown) => void) => ((pushListener = listener), () => (pushListener = null))),
    start: vi.fn(() => (options.failStart ? Promise.reject(new Error('This database was written by a newer Frontdesk.')) : Promise.resolve())),
    stop: vi.fn(async () => {}),
  };
  const createEngine = vi.fn(
    (_options: { dataDir: string; serverUrl?: string; secretStore: { encrypt(s: string): string; decrypt(s: string): string }; fetch: typeof fetch }) => engine,
  );
  const dispatch = vi.fn(dispatchIpc);
  await startMainProcess({ createEngine, dispatch, paths: PATHS, devServerUrl: options.devServerUrl, serverUrl: 'https://cloud.example' });
  return { engine, createEngine, dispatch, snapshot, push: (message: unknown) => pushListener?.(message) };
}

describe('Electron main process wiring', () => {
  beforeEach(() => {
    vi.restoreAllMocks();
    vi.spyOn(console, 'warn').mockImplementation(() => {});
  });

  it('quits at once when another instance holds the lock', async () => {
    const { createEngine } = await boot({ singleInstance: false });
    expect(fake.app.quit).toHaveBeenCalled();
    expect(createEngine).not.toHaveBeenCalled();
    expect(fake.BrowserWindow.instances).toHaveLength(0);
  });

  it('enables the sandbox for all renderers and opens one hardened window on the built page', async () => {
    await boot();
    expect(fake.app.enableSandbox).toHaveBeenCalled();
    expect(fake.BrowserWindow.instances).toHaveLength(1);
    const window = fake.BrowserWindow.instances[0]!;
    expect(window.options.webPreferences).toMatchObject({
      preload: PATHS.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    });
    expect(window.loadFile).toHaveBeenCalledWith(PATHS.indexHtml);
    expect(window.loadURL).not.toHaveBeenCalled();
  });

  it('starts the engine with the user-data folder, the server URL and a safeStorage secret store', async () => {
    const { createEngine, engine } = await boot();
    const options = createEngine.mock.calls[0]![0];
    expect(options.dataDir).toBe('/tmp/fake-userData');
    expect(options.serverUrl).toBe('https://cloud.example');
    expect(options.secretStore.decrypt(options.secretStore.encrypt('tok'))).toBe('tok');
    expect(fake.safeStorage.encryptString).toHaveBeenCalledWith('tok');
    expect(engine.start).toHaveBeenCalled();
  });

  it("gives the engine Electron's net.fetch, so its HTTP uses the system proxy and certificate store", async () => {
    const { createEngine } = await boot();
    const { fetch } = createEngine.mock.calls[0]![0];
    const answer = await fetch(new URL('https://cloud.example/api/v1/health'), { method: 'GET' });
    expect(await answer.json()).toEqual({ ok: true });
    expect(fake.net.fetch).toHaveBeenCalledWith('https://cloud.example/api/v1/health', { method: 'GET' });
  });

  it('denies permission requests and navigation for the window it creates', async () => {
    await boot();
    let granted: boolean | undefined;
    fake.defaultSession.permissionRequestHandler?.({}, 'media', (value) => (granted = value), {});
    expect(granted).toBe(false);
    const contents = fake.BrowserWindow.instances[0]!.webContents;
    const away = fake.preventable('https://evil.example/');
    contents.emit('will-navigate', away, 'https://evil.example/');
    expect(away.defaultPrevented).toBe(true);
    expect(contents.openHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
  });

  it('routes frontdesk:invoke from the app page through dispatchIpc to the engine', async () => {
    const { dispatch, snapshot, engine } = await boot();
    const handler = fake.ipcMain.handlers.get('frontdesk:invoke')!;
    const result = await handler({ senderFrame: { url: INDEX_URL, parent: null } }, { method: 'app.snapshot', input: {} });
    expect(dispatch).toHaveBeenCalledWith(engine.handlers, 'app.snapshot', {});
    expect(snapshot).toHaveBeenCalledWith({});
    expect(result).toEqual({ ok: true, value: { screen: 'fake' } });
    const unknown = await handler({ senderFrame: { url: INDEX_URL, parent: null } }, { method: 'fs.readFile', input: {} });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
  });

  it('refuses frontdesk:invoke from a foreign page', async () => {
    const { dispatch, snapshot } = await boot();
    const handler = fake.ipcMain.handlers.get('frontdesk:invoke')!;
    const result = await handler({ senderFrame: { url: 'https://evil.example/', parent: null } }, { method: 'app.snapshot', input: {} });
    expect(result).toMatchObject({ ok: false, error: { code: 'permission_denied' } });
    expect(dispatch).not.toHaveBeenCalled();
    expect(snapshot).not.toHaveBeenCalled();
  });

  it('forwards engine pushes to the window on frontdesk:push', async () => {
    const { push } = await boot();
    push({ type: 'snapshot' });
    expect(fake.BrowserWindow.instances[0]!.webContents.send).toHaveBeenCalledWith('frontdesk:push', { type: 'snapshot' });
  });

  it('stops the engine once before quitting', async () => {
    const { engine } = await boot();
    fake.app.quit();
    expect(fake.app.quitCompleted).toBe(false);
    fake.app.quit();
    await vi.waitFor(() => expect(fake.app.quitCompleted).toBe(true));
    expect(engine.stop).toHaveBeenCalledTimes(1);
    expect(fake.ipcMain.handlers.has('frontdesk:invoke')).toBe(false);
  });

  it('uses the dev server in development', async () => {
    await boot({ devServerUrl: 'http://localhost:5173' });
    expect(fake.BrowserWindow.instances[0]!.loadURL).toHaveBeenCalledWith('http://localhost:5173');
  });

  it('explains a failed start and exits', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    await boot({ failStart: true });
    expect(fake.dialog.showErrorBox).toHaveBeenCalledWith('Frontdesk could not start', 'This database was written by a newer Frontdesk.');
    expect(fake.app.exit).toHaveBeenCalledWith(1);
    expect(fake.BrowserWindow.instances).toHaveLength(0);
  });
});
