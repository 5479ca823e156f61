import { beforeEach, describe, expect, it, vi } from 'vitest';
import { startMainProcess } from '../../../electron/main/main-process';
import { chooseCustomerDisplay, CUSTOMER_VIEW_CHANNEL, readCustomerDisplaySetting } from '../../../electron/main/customer-window';
import { CUSTOMER_VIEW_CHANNEL as PRELOAD_CHANNEL } from '../../../electron/preload/customer-api';
import { dispatchIpc, type IpcHandlers } from '../../../shared/contract/ipc';
import * as fake from './fake-electron';

vi.mock('electron', () => import('./fake-electron').then((fake) => fake.electronModule));

// The customer display window: where it goes (the setting, the displays), how it is hardened, what it is fed, and
// that it follows displays being plugged in and out and the register window closing.

const PATHS = { preload: '/app/out/preload/index.js', indexHtml: '/app/out/renderer/index.html' };
const CUSTOMER = { preload: '/app/out/preload/customer.js', html: '/app/out/renderer/customer.html' };
const SECOND = { id: 2, bounds: { x: 1920, y: 0, width: 1280, height: 800 } };
const THIRD = { id: 3, bounds: { x: -1024, y: 0, width: 1024, height: 768 } };

async function boot(setting: string | undefined, displays = [fake.screen.displays[0]!, SECOND]) {
  fake.resetFakeElectron();
  fake.screen.displays = displays;
  const listeners = new Set<(view: unknown) => void>();
  let views = 0;
  const feed = {
    current: vi.fn(async () => ({ kind: 'idle', n: ++views })),
    subscribe: vi.fn((listener: (view: unknown) => void) => (listeners.add(listener), () => listeners.delete(listener))),
    stop: vi.fn(),
  };
  const engine = {
    handlers: { 'app.snapshot': vi.fn() } as unknown as IpcHandlers,
    onPush: vi.fn(() => () => undefined),
    start: vi.fn(async () => {}),
    stop: vi.fn(async () => {}),
  };
  const createFeed = vi.fn(() => feed);
  await startMainProcess({
    createEngine: () => engine,
    dispatch: dispatchIpc,
    paths: PATHS,
    customerDisplay: { paths: CUSTOMER, setting, createFeed },
  });
  const customerWindows = () => fake.BrowserWindow.instances.filter((w) => w.options.webPreferences.preload === CUSTOMER.preload);
  return { feed, engine, createFeed, customerWindows, publish: (view: unknown) => listeners.forEach((l) => l(view)), listeners };
}

describe('customer display setting and choice of display', () => {
  it('reads off, auto (the default) and a display id; anything else is off, with a sentence', () => {
    expect(readCustomerDisplaySetting(undefined)).toEqual({ setting: { kind: 'auto' } });
    expect(readCustomerDisplaySetting(' OFF ')).toEqual({ setting: { kind: 'off' } });
    expect(readCustomerDisplaySetting('2779098405')).toEqual({ setting: { kind: 'display', id: 2779098405 } });
    const bad = readCustomerDisplaySetting('left screen');
    expect(bad.setting).toEqual({ kind: 'off' });
    expect(bad.problem).toContain('FRONTDESK_CUSTOMER_DISPLAY must be off, auto or a display id');
  });

  it('auto takes the first display that is not the primary one; a chosen one only while it is plugged in', () => {
    const primary = { id: 1, bounds: { x: 0, y: 0, width: 1920, height: 1080 } };
    expect(chooseCustomerDisplay({ kind: 'auto' }, [primary], 1)).toBeNull();
    expect(chooseCustomerDisplay({ kind: 'auto' }, [primary, SECOND, THIRD], 1)).toBe(SECOND);
    expect(chooseCustomerDisplay({ kind: 'auto' }, [SECOND, primary], 1)).toBe(SECOND);
    expect(chooseCustomerDisplay({ kind: 'display', id: 3 }, [primary, SECOND, THIRD], 1)).toBe(THIRD);
    expect(chooseCustomerDisplay({ kind: 'display', id: 3 }, [primary, SECOND], 1)).toBeNull();
    expect(chooseCustomerDisplay({ kind: 'off' }, [primary, SECOND], 1)).toBeNull();
  });

  it('the main process and the preload name the same channel', () => {
    expect(PRELOAD_CHANNEL).toBe(CUSTOMER_VIEW_CHANNEL);
  });
});

describe('the customer display window', () => {
  beforeEach(() => {
    vi.restoreAllMocks();
    vi.spyOn(console, 'warn').mockImplementation(() => {});
  });

  it('opens full screen, frameless and unfocusable on the second display, sandboxed with its own preload, on customer.html', async () => {
    const { customerWindows } = await boot(undefined);
    expect(fake.BrowserWindow.instances).toHaveLength(2);
    const [window] = customerWindows();
    expect(window!.options).toMatchObject({ ...SECOND.bounds, fullscreen: true, frame: false, focusable: false, skipTaskbar: true, show: false });
    expect(window!.options.webPreferences).toMatchObject({ preload: CUSTOMER.preload, contextIsolation: true, sandbox: true, nodeIntegration: false });
    expect(window!.loadFile).toHaveBeenCalledWith(CUSTOMER.html);
    window!.emit('ready-to-show');
    expect(window!.showInactive).toHaveBeenCalled();
    expect(window!.show).not.toHaveBeenCalled();
  });

  it('gets a fresh view when its page has loaded, then every view the feed makes', async () => {
    const { customerWindows, publish } = await boot('auto');
    const contents = customerWindows()[0]!.webContents;
    contents.emit('did-finish-load');
    await vi.waitFor(() => expect(contents.send).toHaveBeenCalledWith(CUSTOMER_VIEW_CHANNEL, { kind: 'idle', n: 1 }));
    publish({ kind: 'cart' });
    expect(contents.send).toHaveBeenLastCalledWith(CUSTOMER_VIEW_CHANNEL, { kind: 'cart' });
    // The register window gets no customer view, and the customer window no register push.
    expect(fake.BrowserWindow.instances[0]!.webContents.send).not.toHaveBeenCalledWith(CUSTOMER_VIEW_CHANNEL, expect.anything());
  });

  it('is not opened when off, on a single screen, or when the chosen display is not there', async () => {
    expect((await boot('off')).customerWindows()).toHaveLength(0);
    expect((await boot(undefined, [fake.screen.displays[0]!])).customerWindows()).toHaveLength(0);
    expect((await boot('3')).customerWindows()).toHaveLength(0);
    const chosen = await boot('3', [fake.screen.displays[0]!, SECOND, THIRD]);
    expect(chosen.customerWindows()[0]!.options).toMatchObject(THIRD.bounds);
  });

  it('follows displays: opens when one is plugged in, closes when it is unplugged, moves with its metrics', async () => {
    const { customerWindows } = await boot(undefined, [{ id: 1, bounds: { x: 0, y: 0, width: 1920, height: 1080 } }]);
    expect(customerWindows()).toHaveLength(0);
    fake.screen.displays = [...fake.screen.displays, SECOND];
    fake.screen.emit('display-added', {}, SECOND);
    expect(customerWindows()).toHaveLength(1);
    const moved = { ...SECOND, bounds: { ...SECOND.bounds, width: 1920, height: 1080 } };
    fake.screen.displays = [fake.screen.displays[0]!, moved];
    fake.screen.emit('display-metrics-changed', {}, moved, ['bounds']);
    expect(customerWindows()[0]!.setBounds).toHaveBeenCalledWith(moved.bounds);
    fake.screen.displays = [fake.screen.displays[0]!];
    fake.screen.emit('display-removed', {}, moved);
    expect(customerWindows()[0]!.close).toHaveBeenCalled();
    expect(fake.BrowserWindow.getAllWindows()).toHaveLength(1);
  });

  it('closes with the register window, and stops its feed before quitting', async () => {
    const { customerWindows, feed, listeners } = await boot(undefined);
    const register = fake.BrowserWindow.instances[0]!;
    register.destroyed = true;
    register.emit('closed');
    expect(customerWindows()[0]!.close).toHaveBeenCalled();
    expect(listeners.size).toBe(0);
    // Plugging a display in later opens nothing: the register window is gone.
    fake.screen.emit('display-added', {}, THIRD);
    expect(customerWindows()).toHaveLength(1);
    fake.app.quit();
    await vi.waitFor(() => expect(feed.stop).toHaveBeenCalled());
  });
});
