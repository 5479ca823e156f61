import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

// A stand-in for the parts of the 'electron' module the main process uses. Tests install it with
// vi.mock('electron', () => import('./fake-electron').then((m) => m.electronModule)) and read the
// same instance (import it normally) to see what the main process did; resetFakeElectron() between tests.

type Preventable = { defaultPrevented: boolean; preventDefault(): void; url?: string };
export function preventable(url?: string): Preventable {
  return {
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true;
    },
    ...(url ? { url } : {}),
  };
}

/** The OS printers a test installs (Electron's PrinterInfo), and what the next print() answers. */
export const printing = {
  printers: [] as Array<{ name: string; displayName: string; description: string; options: Record<string, string>; isDefault?: boolean }>,
  answer: { success: true, failureReason: '' },
};

export class FakeWebContents extends EventEmitter {
  send = vi.fn();
  getPrintersAsync = vi.fn(async () => printing.printers);
  print = vi.fn((_options: Record<string, unknown>, callback?: (success: boolean, failureReason: string) => void) =>
    callback?.(printing.answer.success, printing.answer.failureReason),
  );
  isDestroyed = vi.fn(() => false);
  openHandler: ((details: { url: string }) => { action: string }) | null = null;
  setWindowOpenHandler = vi.fn((handler: (details: { url: string }) => { action: string }) => {
    this.openHandler = handler;
  });
}

class FakeApp extends EventEmitter {
  isPackaged = false;
  singleInstance = true;
  quitCompleted = false;
  enableSandbox = vi.fn();
  requestSingleInstanceLock = vi.fn(() => this.singleInstance);
  whenReady = vi.fn(() => Promise.resolve());
  getPath = vi.fn((name: string) => `/tmp/fake-${name}`);
  getVersion = vi.fn(() => '0.1.0');
  exit = vi.fn();
  quit = vi.fn(() => {
    const event = preventable();
    this.emit('before-quit', event);
    if (!event.defaultPrevented) this.quitCompleted = true;
  });
}

export const app = new FakeApp();

export class BrowserWindow extends EventEmitter {
  static instances: BrowserWindow[] = [];
  static getAllWindows = vi.fn(() => BrowserWindow.instances.filter((w) => !w.destroyed));
  destroyed = false;
  webContents = new FakeWebContents();
  loadFile = vi.fn(async (_path: string) => {});
  loadURL = vi.fn(async (_url: string) => {});
  show = vi.fn();
  focus = vi.fn();
  restore = vi.fn();
  isMinimized = vi.fn(() => false);
  isDestroyed = vi.fn(() => this.destroyed);
  showInactive = vi.fn();
  setBounds = vi.fn();
  close = vi.fn(() => {
    this.destroyed = true;
    this.emit('closed');
  });
  readonly options: Record<string, any>;
  constructor(options: Record<string, any>) {
    super();
    this.options = options;
    BrowserWindow.instances.push(this);
    app.emit('web-contents-created', {}, this.webContents);
  }
}

type Handler = (event: unknown, payload: unknown) => Promise<unknown>;
export const ipcMain = {
  handlers: new Map<string, Handler>(),
  handle: vi.fn((channel: string, handler: Handler) => void ipcMain.handlers.set(channel, handler)),
  removeHandler: vi.fn((channel: string) => void ipcMain.handlers.delete(channel)),
};

export const defaultSession = {
  permissionRequestHandler: null as null | ((contents: unknown, permission: string, callback: (granted: boolean) => void, details: unknown) => void),
  permissionCheckHandler: null as null | ((...args: unknown[]) => boolean),
  deviceHandler: null as null | ((...args: unknown[]) => boolean),
  headersListener: null as
    null | ((details: { responseHeaders?: Record<string, string[]> }, callback: (response: { responseHeaders?: Record<string, string[]> }) => void) => void),
  setPermissionRequestHandler: vi.fn((handler) => void (defaultSession.permissionRequestHandler = handler)),
  setPermissionCheckHandler: vi.fn((handler) => void (defaultSession.permissionCheckHandler = handler)),
  setDevicePermissionHandler: vi.fn((handler) => void (defaultSession.deviceHandler = handler)),
  webRequest: { onHeadersReceived: vi.fn((listener) => void (defaultSession.headersListener = listener)) },
};

export const safeStorage = {
  available: true,
  isEncryptionAvailable: vi.fn(() => safeStorage.available),
  encryptString: vi.fn((plain: string) => Buffer.from(`sealed:${plain}`)),
  decryptString: vi.fn((sealed: Buffer) => sealed.toString().replace(/^sealed:/, '')),
};

/** Electron's screen: the displays a test plugs in and out (`display-added` / `display-removed` are emitted by the test). */
class FakeScreen extends EventEmitter {
  displays: Array<{ id: number; bounds: { x: number; y: number; width: number; height: number } }> = [
    { id: 1, bounds: { x: 0, y: 0, width: 1920, height: 1080 } },
  ];
  primaryId = 1;
  getAllDisplays = vi.fn(() => this.displays);
  getPrimaryDisplay = vi.fn(() => this.displays.find((d) => d.id === this.primaryId)!);
}
export const screen = new FakeScreen();

/** openPath answers '' when the folder opened, or an error message (the test sets `openPathAnswer`). */
export const shell = {
  openPathAnswer: '',
  openExternal: vi.fn(async (_url: string) => {}),
  openPath: vi.fn(async (_path: string) => shell.openPathAnswer),
};
export const dialog = { showErrorBox: vi.fn() };

/** Electron's net: its fetch answers what a test tells it to. */
export const net = { fetch: vi.fn(async (_input: string | Request, _init?: RequestInit) => new Response('{"ok":true}', { status: 200 })) };

export const electronModule = { app, BrowserWindow, ipcMain, session: { defaultSession }, safeStorage, shell, dialog, screen, net };

/** Back to a freshly started Electron: no listeners, windows, handlers or recorded calls. */
export function resetFakeElectron(): void {
  vi.clearAllMocks();
  app.removeAllListeners();
  app.isPackaged = false;
  app.singleInstance = true;
  app.quitCompleted = false;
  BrowserWindow.instances = [];
  ipcMain.handlers.clear();
  defaultSession.permissionRequestHandler = null;
  defaultSession.permissionCheckHandler = null;
  defaultSession.deviceHandler = null;
  defaultSession.headersListener = null;
  safeStorage.available = true;
  screen.removeAllListeners();
  screen.displays = [{ id: 1, bounds: { x: 0, y: 0, width: 1920, height: 1080 } }];
  screen.primaryId = 1;
  printing.printers = [];
  printing.answer = { success: true, failureReason: '' };
  shell.openPathAnswer = '';
}
