import type { BrowserWindowConstructorOptions } from 'electron';
import { chooseCustomerDisplay, CUSTOMER_VIEW_CHANNEL, customerWindowOptions, type CustomerDisplaySetting, type DisplayLike } from './customer-window';

// The customer display window's life: opened on the display the setting names when it is there, moved or closed as
// displays come and go (Electron's screen events), and fed every customer view. Electron's screen and BrowserWindow
// are passed in (main-process.ts), so this is tested with fakes.

type ScreenEvent = 'display-added' | 'display-removed' | 'display-metrics-changed';
type ScreenLike = {
  getAllDisplays: () => DisplayLike[];
  getPrimaryDisplay: () => DisplayLike;
  on: (event: ScreenEvent, listener: () => void) => unknown;
  removeListener: (event: ScreenEvent, listener: () => void) => unknown;
};

type CustomerWindowLike = {
  webContents: {
    send: (channel: string, message: unknown) => void;
    isDestroyed: () => boolean;
    on: (event: 'did-finish-load', listener: () => void) => unknown;
  };
  once: (event: 'ready-to-show', listener: () => void) => unknown;
  on: (event: 'closed', listener: () => void) => unknown;
  isDestroyed: () => boolean;
  showInactive: () => void;
  setBounds: (bounds: DisplayLike['bounds']) => void;
  close: () => void;
};

export type CustomerFeedLike<V> = { current: () => Promise<V>; subscribe: (listener: (view: V) => void) => () => void };

export type CustomerDisplayDeps<V> = {
  setting: CustomerDisplaySetting;
  screen: ScreenLike;
  createWindow: (options: BrowserWindowConstructorOptions) => CustomerWindowLike;
  /** Loads the customer page into the window (file in production, the dev server in development). */
  load: (window: CustomerWindowLike) => void;
  feed: CustomerFeedLike<V>;
  preloadPath: string;
  devTools: boolean;
};

const EVENTS: readonly ScreenEvent[] = ['display-added', 'display-removed', 'display-metrics-changed'];

export function startCustomerDisplay<V>(deps: CustomerDisplayDeps<V>): { stop: () => void } {
  let shown: { window: CustomerWindowLike; displayId: number } | null = null;
  let stopped = false;

  const send = (view: V) => {
    const contents = shown && !shown.window.isDestroyed() ? shown.window.webContents : null;
    if (contents && !contents.isDestroyed()) contents.send(CUSTOMER_VIEW_CHANNEL, view);
  };
  // A fresh view (its countdown measured now) once the page is up; messages sent before it loaded are lost.
  const sendCurrent = () => void deps.feed.current().then(send, (error: unknown) => console.error('[main] customer display: no view', error));

  const close = () => {
    const current = shown;
    shown = null;
    if (current && !current.window.isDestroyed()) current.window.close();
  };

  const open = (display: DisplayLike) => {
    const window = deps.createWindow(customerWindowOptions({ preloadPath: deps.preloadPath, bounds: display.bounds, devTools: deps.devTools }));
    shown = { window, displayId: display.id };
    window.once('ready-to-show', () => window.showInactive());
    window.webContents.on('did-finish-load', sendCurrent);
    window.on('closed', () => {
      if (shown?.window === window) shown = null;
    });
    deps.load(window);
  };

  const place = () => {
    if (stopped) return;
    const target = chooseCustomerDisplay(deps.setting, deps.screen.getAllDisplays(), deps.screen.getPrimaryDisplay().id);
    if (!target) return close();
    if (shown && shown.displayId === target.id && !shown.window.isDestroyed()) return shown.window.setBounds(target.bounds);
    close();
    open(target);
  };

  const stopFeed = deps.feed.subscribe(send);
  for (const event of EVENTS) deps.screen.on(event, place);
  place();

  return {
    stop() {
      if (stopped) return;
      stopped = true;
      stopFeed();
      for (const event of EVENTS) deps.screen.removeListener(event, place);
      close();
    },
  };
}
