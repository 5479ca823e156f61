import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { customerDisplaySettingOf, createElectronDeskPlatform } from '../../../electron/main/electron-desk-platform';
import { startMainProcess } from '../../../electron/main/main-process';
import type { DeskPlatform, UpdateState } from '../../../electron/register/desk-platform';
import { dispatchIpc, type IpcHandlers } from '../../../shared/contract/ipc';
import * as fake from './fake-electron';

vi.mock('electron', () => import('./fake-electron').then((fake) => fake.electronModule));

// The register engine's platform in Electron: the OS printers and silent printing of the register window, the screens
// for the customer display (Settings' choice, unless FRONTDESK_CUSTOMER_DISPLAY overrides it), the updater's state, and
// the file manager; and its wiring into the main process.

const RECEIPT_PRINTER = { name: 'EPSON_TM_T20III', displayName: 'EPSON TM-T20III', description: '80 mm receipt', options: { 'printer-is-default': 'false' } };
const OFFICE_PRINTER = { name: 'HP_Office', displayName: '', description: 'A4', options: { 'printer-is-default': 'true' } };
const SECOND = { id: 2, label: 'DELL P2419H', bounds: { x: 1920, y: 0, width: 1280, height: 800 } };

function platformWith(options: { contents?: fake.FakeWebContents | null; override?: { kind: 'off' } } = {}) {
  const contents = options.contents === undefined ? new fake.FakeWebContents() : options.contents;
  const showCustomerDisplay = vi.fn();
  const log = vi.fn();
  const platform = createElectronDeskPlatform({
    appVersion: '1.4.0',
    registerContents: () => contents as never,
    showCustomerDisplay,
    customerDisplayOverride: options.override,
    log,
  });
  return { platform, contents, showCustomerDisplay, log };
}

describe('printing in Electron', () => {
  beforeEach(() => fake.resetFakeElectron());

  it('lists the OS printers of the register window, with the default one marked', async () => {
    fake.printing.printers = [RECEIPT_PRINTER, OFFICE_PRINTER];
    const { platform } = platformWith();
    await expect(platform.listPrinters()).resolves.toEqual([
      { name: 'EPSON_TM_T20III', displayName: 'EPSON TM-T20III', isDefault: false },
      { name: 'HP_Office', displayName: 'HP_Office', isDefault: true },
    ]);
    await expect(platformWith({ contents: null }).platform.listPrinters()).resolves.toEqual([]);
  });

  it('prints the receipt silently to the chosen printer and says it printed', async () => {
    const { platform, contents } = platformWith();
    await expect(platform.printReceipt({ deviceName: 'EPSON_TM_T20III', silent: true })).resolves.toEqual({ printed: true });
    expect(contents!.print).toHaveBeenCalledTimes(1);
    expect(contents!.print).toHaveBeenCalledWith({ silent: true, deviceName: 'EPSON_TM_T20III', printBackground: true }, expect.any(Function));
  });

  it('leaves the print dialog to the renderer without a chosen printer, and after the printer refused (logged)', async () => {
    const { platform, contents, log } = platformWith();
    await expect(platform.printReceipt({ deviceName: null, silent: false })).resolves.toEqual({ printed: false });
    await expect(platform.printReceipt({ deviceName: 'EPSON_TM_T20III', silent: false })).resolves.toEqual({ printed: false });
    expect(contents!.print).not.toHaveBeenCalled();
    fake.printing.answer = { success: false, failureReason: 'Print job failed' };
    await expect(platform.printReceipt({ deviceName: 'EPSON_TM_T20III', silent: true })).resolves.toEqual({ printed: false });
    expect(log).toHaveBeenCalledWith('printing a receipt on "EPSON_TM_T20III" failed: Print job failed');
    await expect(platformWith({ contents: null }).platform.printReceipt({ deviceName: 'EPSON_TM_T20III', silent: true })).resolves.toEqual({
      printed: false,
    });
  });
});

describe('screens, folders and updates in Electron', () => {
  beforeEach(() => fake.resetFakeElectron());

  it('lists the screens by id, with a label and the primary one marked', async () => {
    fake.screen.displays = [fake.screen.displays[0]!, SECOND];
    await expect(platformWith().platform.listDisplays()).resolves.toEqual([
      { id: '1', label: 'Screen 1 (1920 × 1080)', primary: true },
      { id: '2', label: 'DELL P2419H (1280 × 800)', primary: false },
    ]);
  });

  it('moves the customer display to the Settings choice, unless FRONTDESK_CUSTOMER_DISPLAY overrides it', () => {
    const { platform, showCustomerDisplay } = platformWith();
    platform.applySettings({ printerName: null, printAfterSale: false, customerDisplay: { displayId: '2' } });
    platform.applySettings({ printerName: null, printAfterSale: false, customerDisplay: 'off' });
    expect(showCustomerDisplay.mock.calls).toEqual([[{ kind: 'display', id: 2 }], [{ kind: 'off' }]]);
    const pinned = platformWith({ override: { kind: 'off' } });
    pinned.platform.applySettings({ printerName: null, printAfterSale: false, customerDisplay: 'auto' });
    expect(pinned.showCustomerDisplay.mock.calls).toEqual([[{ kind: 'off' }]]);
    expect(customerDisplaySettingOf({ displayId: 'left' })).toEqual({ kind: 'off' });
  });

  it('opens a folder in the file manager, and says when it could not', async () => {
    const { platform, log } = platformWith();
    await expect(platform.showFolder('/data/diagnostics')).resolves.toBe(true);
    expect(fake.shell.openPath).toHaveBeenCalledWith('/data/diagnostics');
    fake.shell.openPathAnswer = 'Failed to open path';
    await expect(platform.showFolder('/gone')).resolves.toBe(false);
    expect(log).toHaveBeenCalledWith('could not open the folder /gone: Failed to open path');
  });

  it("reports the updater's state once it is attached, and passes its changes on", async () => {
    const { platform } = platformWith();
    expect(platform.updateState()).toEqual({ kind: 'idle', checkedAt: null });
    const seen: UpdateState[] = [];
    platform.onUpdateState((state) => seen.push(state));
    let announce: (state: UpdateState) => void = () => {};
    const ready: UpdateState = { kind: 'ready', version: '1.5.0', releaseNotes: null, waitingForQuietMoment: true };
    platform.attachUpdater({ state: () => ready, check: async () => ready, onState: (listener) => ((announce = listener), () => {}), stop: () => {} });
    expect(platform.updateState()).toBe(ready);
    await expect(platform.checkForUpdates()).resolves.toBe(ready);
    announce(ready);
    expect(seen).toEqual([ready]);
  });
});

/** A stand-in for electron-updater's updater: what the main process sets on it and asks of it. */
class FakeUpdater extends EventEmitter {
  autoDownload = true;
  autoInstallOnAppQuit = true;
  logger: unknown = null;
  checkForUpdates = vi.fn(async () => null);
  quitAndInstall = vi.fn();
}

async function boot(options: { packaged?: boolean; customerSetting?: string } = {}) {
  fake.resetFakeElectron();
  fake.app.isPackaged = options.packaged ?? false;
  fake.screen.displays = [fake.screen.displays[0]!, SECOND];
  let platform: DeskPlatform | null = null;
  const engine = {
    handlers: { 'app.snapshot': vi.fn(async () => ({})) } as unknown as IpcHandlers,
    onPush: vi.fn(() => () => undefined),
    start: vi.fn(async () => platform!.applySettings({ printerName: null, printAfterSale: false, customerDisplay: 'off' })),
    stop: vi.fn(async () => {}),
  };
  const updater = new FakeUpdater();
  const feed = { current: vi.fn(async () => ({})), subscribe: vi.fn(() => () => {}), stop: vi.fn() };
  await startMainProcess({
    createEngine: (engineOptions) => ((platform = engineOptions.platform), engine),
    dispatch: dispatchIpc,
    paths: { preload: '/app/out/preload/index.js', indexHtml: '/app/out/renderer/index.html' },
    customerDisplay: {
      paths: { preload: '/app/out/preload/customer.js', html: '/app/out/renderer/customer.html' },
      setting: options.customerSetting,
      createFeed: () => feed,
    },
    updater: () => updater as never,
  });
  const customerWindows = () => fake.BrowserWindow.instances.filter((w) => !w.destroyed && w.options.webPreferences.preload === '/app/out/preload/customer.js');
  const registerWindow = fake.BrowserWindow.instances.find((w) => w.options.webPreferences.preload === '/app/out/preload/index.js')!;
  return { platform: platform!, updater, engine, customerWindows, registerWindow };
}

describe('the platform in the main process', () => {
  it('gives the engine the Electron platform, which prints the register window (not the customer display)', async () => {
    const { platform, registerWindow } = await boot({ customerSetting: 'auto' });
    expect(platform.kind).toBe('electron');
    expect(platform.appVersion).toBe('0.1.0');
    await platform.printReceipt({ deviceName: 'EPSON_TM_T20III', silent: true });
    expect(registerWindow.webContents.print).toHaveBeenCalledTimes(1);
  });

  it('applies the Settings choice of customer display at start and when it changes', async () => {
    const { platform, customerWindows } = await boot();
    // The engine's start applied "off": no customer window although a second screen is there.
    expect(customerWindows()).toHaveLength(0);
    platform.applySettings({ printerName: null, printAfterSale: false, customerDisplay: { displayId: '2' } });
    expect(customerWindows()).toHaveLength(1);
    expect(customerWindows()[0]!.options).toMatchObject({ x: 1920, y: 0, width: 1280, height: 800 });
    // Saving the same choice again leaves the window as it is; "off" closes it.
    platform.applySettings({ printerName: null, printAfterSale: false, customerDisplay: { displayId: '2' } });
    expect(fake.BrowserWindow.instances.filter((w) => w.options.webPreferences.preload === '/app/out/preload/customer.js')).toHaveLength(1);
    platform.applySettings({ printerName: null, printAfterSale: false, customerDisplay: 'off' });
    expect(customerWindows()).toHaveLength(0);
  });

  it('keeps FRONTDESK_CUSTOMER_DISPLAY over the Settings choice', async () => {
    const { platform, customerWindows } = await boot({ customerSetting: '2' });
    expect(customerWindows()).toHaveLength(1);
    platform.applySettings({ printerName: null, printAfterSale: false, customerDisplay: 'off' });
    expect(customerWindows()).toHaveLength(1);
  });

  it('has no updater in a development build, and says why', async () => {
    const { platform, updater } = await boot();
    expect(platform.updateState()).toEqual({ kind: 'unavailable', reason: expect.stringContaining('development build') });
    expect(updater.checkForUpdates).not.toHaveBeenCalled();
  });

  it("uses electron-updater's updater in a packaged app: checks at start, never installs on quit, stops with the app", async () => {
    const { platform, updater } = await boot({ packaged: true });
    expect(updater.checkForUpdates).toHaveBeenCalledTimes(1);
    expect(updater.autoInstallOnAppQuit).toBe(false);
    expect(platform.updateState()).toEqual({ kind: 'idle', checkedAt: null });
    expect(updater.listenerCount('update-downloaded')).toBe(1);
    // Stopped as the quit begins, before the engine stops: nothing installs on the way out.
    fake.app.quit();
    expect(updater.listenerCount('update-downloaded')).toBe(0);
    expect(updater.quitAndInstall).not.toHaveBeenCalled();
  });
});
