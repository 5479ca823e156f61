import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, safeStorage, session, shell } from 'electron';
import { appOriginFor } from './app-origin';
import { createInvokeHandler, forwardPushes, INVOKE_CHANNEL } from './ipc-bridge';
import { createSafeStorageSecretStore, type SecretStore } from './secret-store';
import { applySessionPolicy } from './session-policy';
import { guardWebContents } from './window-guards';
import { createWindowOptions } from './window-options';

// The Electron app's lifecycle: one instance, one hardened window, one IPC channel into the
// register engine, pushes back to the window, and a clean engine stop before quitting.
// The engine and the dispatcher are passed in (index.ts) so this wiring is tested with a mocked
// 'electron' and fake engines.

type Envelope = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };

type RegisterEngineLike<H> = {
  handlers: H;
  onPush(listener: (message: unknown) => void): () => void;
  start(): Promise<void>;
  stop(): Promise<void>;
};

export type MainProcessDeps<H, R extends Envelope> = {
  createEngine(options: { dataDir: string; serverUrl?: string; secretStore: SecretStore }): RegisterEngineLike<H>;
  dispatch: (handlers: H, method: unknown, input: unknown) => Promise<R>;
  paths: { preload: string; indexHtml: string };
  /** electron-vite's dev server (ELECTRON_RENDERER_URL); ignored in a packaged app. */
  devServerUrl?: string | undefined;
  serverUrl?: string | undefined;
  dataDir?: string | undefined;
};

export function startMainProcess<H, R extends Envelope>(deps: MainProcessDeps<H, R>): Promise<void> {
  app.enableSandbox();
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return Promise.resolve();
  }
  const devServerUrl = app.isPackaged ? undefined : deps.devServerUrl;
  const origin = appOriginFor({ indexUrl: pathToFileURL(deps.paths.indexHtml).href, devServerUrl });
  let window: BrowserWindow | null = null;
  let engine: RegisterEngineLike<H> | null = null;
  let stopPushes = () => {};

  const showWindow = () => {
    if (!window || window.isDestroyed()) return;
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  };
  const createWindow = () => {
    window = new BrowserWindow(createWindowOptions({ preloadPath: deps.paths.preload, devTools: !app.isPackaged }));
    window.once('ready-to-show', showWindow);
    window.on('closed', () => (window = null));
    if (origin.kind === 'dev-server' && devServerUrl) void window.loadURL(devServerUrl);
    else void window.loadFile(deps.paths.indexHtml);
  };

  app.on('second-instance', showWindow);
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, origin, (url) => shell.openExternal(url)));
  app.on('window-all-closed', () => app.quit());
  app.on('activate', () => {
    if (engine && BrowserWindow.getAllWindows().length === 0) createWindow();
  });

  let stopping = false;
  let stopped = false;
  app.on('before-quit', (event) => {
    if (stopped || !engine) return;
    event.preventDefault();
    if (stopping) return;
    stopping = true;
    stopPushes();
    ipcMain.removeHandler(INVOKE_CHANNEL);
    engine
      .stop()
      .catch((error: unknown) => console.error('[main] engine stop failed', error))
      .finally(() => {
        stopped = true;
        app.quit();
      });
  });

  return app
    .whenReady()
    .then(async () => {
      applySessionPolicy(session.defaultSession, origin);
      const started = deps.createEngine({
        dataDir: deps.dataDir ?? app.getPath('userData'),
        ...(deps.serverUrl ? { serverUrl: deps.serverUrl } : {}),
        secretStore: createSafeStorageSecretStore(safeStorage),
      });
      ipcMain.handle(INVOKE_CHANNEL, createInvokeHandler({ handlers: started.handlers, dispatch: deps.dispatch, origin }));
      stopPushes = forwardPushes(started.onPush.bind(started), () => window?.webContents ?? null);
      await started.start();
      engine = started;
      createWindow();
    })
    .catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      console.error('[main] the register could not start', error);
      dialog.showErrorBox('Frontdesk could not start', message);
      app.exit(1);
    });
}
