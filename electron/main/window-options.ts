import type { BrowserWindowConstructorOptions } from 'electron';

// The register window's options. Every webPreferences flag that matters for security is spelled out
// even where it is Electron's default, so a future default change cannot loosen it silently.

/** The web preferences of every window of the app (the register's and the customer display's). */
export function hardenedWebPreferences(options: { preloadPath: string; devTools: boolean }): BrowserWindowConstructorOptions['webPreferences'] {
  return {
    preload: options.preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
    devTools: options.devTools,
  };
}

export function createWindowOptions(options: { preloadPath: string; devTools: boolean }): BrowserWindowConstructorOptions {
  return {
    title: 'Frontdesk',
    width: 1280,
    height: 800,
    minWidth: 1024,
    minHeight: 680,
    show: false,
    backgroundColor: '#ffffff',
    autoHideMenuBar: true,
    webPreferences: hardenedWebPreferences(options),
  };
}
