import type { BrowserWindowConstructorOptions } from 'electron';
import { z } from 'zod';
import { hardenedWebPreferences } from './window-options';

// The customer display window's pure parts: its setting, which display it goes on, and its hardened options. No
// Electron value is imported (types only), so they are unit-tested under Node. Channel name repeated in
// electron/preload/customer-api.ts (the preload may not import electron/main); a test checks that they agree.
export const CUSTOMER_VIEW_CHANNEL = 'frontdesk:customer-view';

/**
 * FRONTDESK_CUSTOMER_DISPLAY: `off`; `auto` (the default: the first display that is not the primary one, when there
 * is one); or a display id (as Electron's screen.getAllDisplays() numbers them) to use that display only.
 */
export type CustomerDisplaySetting = { kind: 'off' } | { kind: 'auto' } | { kind: 'display'; id: number };

const SettingSchema = z.union([z.enum(['off', 'auto']), z.string().regex(/^\d{1,16}$/)]);

/** The setting, or `off` with the sentence to log when it is not one: a typo must not keep the register from starting. */
export function readCustomerDisplaySetting(raw: string | undefined): { setting: CustomerDisplaySetting; problem?: string } {
  const text = raw?.trim().toLowerCase() || 'auto';
  const parsed = SettingSchema.safeParse(text);
  if (!parsed.success) {
    return { setting: { kind: 'off' }, problem: `FRONTDESK_CUSTOMER_DISPLAY must be off, auto or a display id, not "${raw}": the customer display stays off.` };
  }
  if (parsed.data === 'off' || parsed.data === 'auto') return { setting: { kind: parsed.data } };
  return { setting: { kind: 'display', id: Number(parsed.data) } };
}

export type DisplayLike = { id: number; bounds: { x: number; y: number; width: number; height: number } };

/** Where the customer window goes now, or null for no window (off, a single screen, the chosen one unplugged). */
export function chooseCustomerDisplay<D extends DisplayLike>(setting: CustomerDisplaySetting, displays: readonly D[], primaryId: number): D | null {
  switch (setting.kind) {
    case 'off':
      return null;
    case 'auto':
      // The register's own window is on the primary display; the client faces another one.
      return displays.find((display) => display.id !== primaryId) ?? null;
    case 'display':
      return displays.find((display) => display.id === setting.id) ?? null;
  }
}

/** Full screen and frameless on its display; never focused (the client cannot type into it); sandboxed like the register. */
export function customerWindowOptions(options: { preloadPath: string; bounds: DisplayLike['bounds']; devTools: boolean }): BrowserWindowConstructorOptions {
  const { x, y, width, height } = options.bounds;
  return {
    title: 'Frontdesk — customer display',
    x,
    y,
    width,
    height,
    show: false,
    frame: false,
    fullscreen: true,
    focusable: false,
    skipTaskbar: true,
    resizable: false,
    movable: false,
    backgroundColor: '#f4f5f7',
    autoHideMenuBar: true,
    webPreferences: hardenedWebPreferences(options),
  };
}
