import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, net, safeStorage, screen, session, shell } from 'electron';
import type { DeskPlatform } from '../register/desk-platform';
import { systemClock } from '../register/engine-clock';
import type { RegisterSnapshot } from '../../shared/contract/register-view';
import { appOriginFor } from './app-origin';
import { startAppUpdater, type AppUpdaterHandle, type UpdaterLike } from './app-updater';
import { startCustomerDisplay, type CustomerFeedLike } from './customer-display';
import { readCustomerDisplaySetting, type CustomerDisplaySetting } from './customer-window';
import { createElectronDeskPlatform } from './electron-desk-platform';
import { readMachineConfig, type MachineConfigReading } from './machine-config';
import { offerDatabaseRecovery } from './database-trouble-dialog';
import { createInvokeHandler, forwardPushes, INVOKE_CHANNEL } from './ipc-bridge';
import { createRotatingLog, type RotatingLog } from './rotating-log';
import { createSafeStorageSecretStore, type SecretStore } from './secret-store';
import { applySessionPolicy } from './session-policy';
import { guardWebContents } from './window-guards';
import { createWindowOptions } from './window-options';

// The Electron app's lifecycle: one instance, one hardened window, one IPC channel into the
// register engine, pushes back to the window, and a clean engine stop before quitting. A second,
// read-only window faces the client on another display when there is one (customer-display.ts); it
// lives and dies with the register window.
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
  /** `fetch` is Electron's net.fetch: the system proxy and the OS certificate store that studio firewalls rely on. */
  /** `log` writes to the app's log file (logs/frontdesk.log in the data folder), redacted. */
  createEngine(options: {
    dataDir: string;
    serverUrl?: string;
    secretStore: SecretStore;
    fetch: typeof fetch;
    log: (line: string) => void;
    /** Printers, screens, updates and folders (electron-desk-platform.ts). */
    platform: DeskPlatform;
  }): RegisterEngineLike<H>;
  dispatch: (handlers: H, method: unknown, input: unknown) => Promise<R>;
  paths: { preload: string; indexHtml: string };
  /** The customer-facing display: its page, its preload, its setting, and its views made from the engine. */
  customerDisplay?: {
    paths: { preload: string; html: string };
    /** FRONTDESK_CUSTOMER_DISPLAY (see customer-window.ts). */
    setting: string | undefined;
    createFeed: (engine: RegisterEngineLike<H>) => CustomerFeedLike<unknown> & { stop: () => void };
  };
  /** electron-vite's dev server (ELECTRON_RENDERER_URL); ignored in a packaged app. */
  devServerUrl?: string | undefined;
  serverUrl?: string | undefined;
  /**
   * The embedded demo cloud service (PGlite, demo studio), started when no server URL is given in a repository
   * checkout (`npm start`), stopped when the app quits; a packaged app never starts it.
   */
  demoServer?: {
    start: (options: { dataDir: string; log: (line: string) => void }) => Promise<{ url: string; stop: () => Promise<void> }>;
    enrollmentCode: string;
  };
  dataDir?: string | undefined;
  /** IT's machine-wide config.json (machine-config.ts): a register not enrolled yet enrolls with its server and code. */
  machineConfigPath?: string | undefined;
  /** electron-updater's updater (asked for only in a packaged app: it reads the app-update.yml a build writes). */
  updater?: () => UpdaterLike;
};

const DEVELOPMENT_BUILD_UPDATES = 'This is a development build (npm start); an installed Frontdesk updates itself.';
const MANAGED_UPDATES = "Updates are installed by your IT department's deployment tool (the machine configuration says so).";

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
  let customerDisplay: { stop: () => void } | null = null;
  let customerFeed: (CustomerFeedLike<unknown> & { stop: () => void }) | null = null;
  let demo: { url: string; stop: () => Promise<void> } | null = null;
  let fileLog: RotatingLog | null = null;
  /** What went wrong in the app, on the console and in the log file for support. */
  const report = (line: string, error?: unknown) => {
    console.error(`[main] ${line}`, error ?? '');
    fileLog?.write('main', error instanceof Error ? `${line}: ${error.message}` : line);
  };
  let updater: AppUpdaterHandle | null = null;
  const customer = deps.customerDisplay;
  // FRONTDESK_CUSTOMER_DISPLAY, when set, overrides the Settings choice; the Settings choice arrives with the engine's start.
  const customerOverride = customer?.setting?.trim() ? readCustomerDisplaySetting(customer.setting) : null;
  if (customerOverride?.problem) console.warn(`[main] ${customerOverride.problem}`);
  let customerSetting: CustomerDisplaySetting = customerOverride?.setting ?? { kind: 'auto' };

  const startCustomerWindow = () => {
    if (!customer || !customerFeed || customerDisplay) return;
    const html = customer.paths.html;
    customerDisplay = startCustomerDisplay({
      setting: customerSetting,
      // Electron's screen (usable once the app is ready), its three display events told apart by name only.
      screen: {
        getAllDisplays: () => screen.getAllDisplays(),
        getPrimaryDisplay: () => screen.getPrimaryDisplay(),
        on: (event, listener) => screen.on(event as 'display-added', listener),
        removeListener: (event, listener) => screen.removeListener(event as 'display-added', listener),
      },
      createWindow: (options) => new BrowserWindow(options),
      load: (target) => {
        const loading = target as BrowserWindow;
        if (origin.kind === 'dev-server' && devServerUrl) void loading.loadURL(new URL('customer.html', devServerUrl).href);
        else void loading.loadFile(html);
      },
      feed: customerFeed,
      preloadPath: customer.paths.preload,
      devTools: !app.isPackaged,
    });
  };
  const stopCustomerWindow = () => {
    customerDisplay?.stop();
    customerDisplay = null;
  };
  /** A new choice of screen (Settings saved): the window moves there, or closes for off. */
  const showCustomerDisplay = (setting: CustomerDisplaySetting) => {
    if (JSON.stringify(setting) === JSON.stringify(customerSetting)) return;
    customerSetting = setting;
    if (!customerDisplay) return;
    stopCustomerWindow();
    startCustomerWindow();
  };

  const showWindow = () => {
    if (!window || window.isDestroyed()) return;
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  };
  const createWindow = () => {
    window = new BrowserWindow(createWindowOptions({ preloadPath: deps.paths.preload, devTools: !app.isPackaged }));
    window.once('ready-to-show', showWindow);
    // The renderer's errors and a crashed window go to the log file too: support reads them there.
    window.webContents.on('console-message', (details) => {
      if (details.level === 'error') fileLog?.write('renderer', `${details.message} (${details.sourceId}:${details.lineNumber})`);
    });
    window.webContents.on('render-process-gone', (_event, details) => report(`the register window's process ended (${details.reason})`));
    window.on('closed', () => {
      window = null;
      stopCustomerWindow();
    });
    if (origin.kind === 'dev-server' && devServerUrl) void window.loadURL(devServerUrl);
    else void window.loadFile(deps.paths.indexHtml);
    startCustomerWindow();
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
    updater?.stop();
    stopCustomerWindow();
    customerFeed?.stop();
    ipcMain.removeHandler(INVOKE_CHANNEL);
    engine
      .stop()
      .catch((error: unknown) => report('engine stop failed', error))
      // The demo server goes after the engine, which may still be sending it what it holds.
      .then(() => demo?.stop())
      .catch((error: unknown) => report('demo server stop failed', error))
      .finally(() => {
        stopped = true;
        app.quit();
      });
  });

  return app
    .whenReady()
    .then(async () => {
      applySessionPolicy(session.defaultSession, origin);
      const dataDir = deps.dataDir ?? app.getPath('userData');
      const log = createRotatingLog({ dir: join(dataDir, 'logs'), now: () => Date.now() });
      fileLog = log;
      const machine: MachineConfigReading | null = deps.machineConfigPath ? readMachineConfig(deps.machineConfigPath) : null;
      if (machine?.kind === 'invalid') report(`${machine.code}: ${machine.message}`);
      // A machine IT configured joins its studio: no demo server there.
      if (!deps.serverUrl && machine?.kind !== 'present' && deps.demoServer && !app.isPackaged) {
        demo = await deps.demoServer.start({ dataDir: join(dataDir, 'demo-server'), log: (line) => log.write('demo-server', line) });
      }
      const serverUrl = deps.serverUrl ?? demo?.url;
      const platform = createElectronDeskPlatform({
        appVersion: app.getVersion(),
        registerContents: () => (window && !window.isDestroyed() ? window.webContents : null),
        showCustomerDisplay,
        customerDisplayOverride: customerOverride?.setting,
        log: (line) => log.write('main', line),
      });
      const started = deps.createEngine({
        dataDir,
        ...(serverUrl ? { serverUrl } : {}),
        secretStore: createSafeStorageSecretStore(safeStorage),
        fetch: (input, init) => net.fetch(input instanceof URL ? input.href : input, init),
        log: (line) => log.write('register', line),
        platform,
      });
      ipcMain.handle(INVOKE_CHANNEL, createInvokeHandler({ handlers: started.handlers, dispatch: deps.dispatch, origin }));
      stopPushes = forwardPushes(started.onPush.bind(started), () => window?.webContents ?? null);
      await started.start();
      engine = started;
      if (demo && deps.demoServer)
        await enrollIfNew(started.handlers, deps.dispatch, { serverUrl: demo.url, code: deps.demoServer.enrollmentCode, name: 'Front desk' }, report);
      else if (machine?.kind === 'present') {
        const { serverUrl: machineServerUrl, enrollmentCode, registerName } = machine.config;
        await enrollIfNew(started.handlers, deps.dispatch, { serverUrl: machineServerUrl, code: enrollmentCode, name: registerName ?? 'Front desk' }, report);
      }
      if (customer) customerFeed = customer.createFeed(started);
      updater = startAppUpdater({
        updater:
          machine?.kind === 'present' && machine.config.updates === 'managed'
            ? { unavailable: MANAGED_UPDATES }
            : app.isPackaged && deps.updater
              ? deps.updater()
              : { unavailable: DEVELOPMENT_BUILD_UPDATES },
        register: { snapshot: () => deps.dispatch(started.handlers, 'app.snapshot', {}).then(snapshotValue), onPush: started.onPush.bind(started) },
        clock: systemClock,
        log: (line) => log.write('updates', line),
      });
      platform.attachUpdater(updater);
      createWindow();
    })
    .catch(async (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      report('the register could not start', error);
      await demo?.stop().catch(() => undefined);
      // The data file's own trouble gets its dialog (Show the folder, start from a backup); the rest this box.
      const recovery = await offerDatabaseRecovery(error);
      if (recovery === 'relaunch') app.relaunch();
      if (recovery === 'not_database') dialog.showErrorBox('Frontdesk could not start', message);
      app.exit(recovery === 'relaunch' ? 0 : 1);
    });
}

/**
 * A register not enrolled yet joins a studio: the demo studio (as the browser host's demo does), or the one IT's machine
 * config names. One that is enrolled stays as it is. A refusal leaves the enrollment screen, and says why in the log.
 */
async function enrollIfNew<H, R extends Envelope>(
  handlers: H,
  dispatch: MainProcessDeps<H, R>['dispatch'],
  input: { serverUrl: string; code: string; name: string },
  report: (line: string) => void,
): Promise<void> {
  const snapshot = await dispatch(handlers, 'app.snapshot', {});
  const unenrolled = snapshot.ok && (snapshot.value as { enrollment?: { kind?: string } }).enrollment?.kind === 'unenrolled';
  if (!unenrolled) return;
  const enrolled = await dispatch(handlers, 'register.enroll', input);
  if (!enrolled.ok) report(`enroll_failed: could not enroll with ${input.serverUrl}: ${enrolled.error.code}: ${enrolled.error.message}`);
}

/** The snapshot inside the dispatcher's answer (the quiet-moment rule reads it). */
function snapshotValue(answer: Envelope): RegisterSnapshot {
  if (!answer.ok) throw new Error(answer.error.message);
  return answer.value as RegisterSnapshot;
}
