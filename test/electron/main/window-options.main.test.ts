import { describe, expect, it } from 'vitest';
import { createWindowOptions } from '../../../electron/main/window-options';

describe('register window options', () => {
  const options = createWindowOptions({ preloadPath: '/app/out/preload/index.js', devTools: false });
  const prefs = options.webPreferences ?? {};

  it('isolates the page from Node and Electron', () => {
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
  });

  it('keeps web security on and exotic features off', () => {
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs.webviewTag).toBe(false);
    expect(prefs.experimentalFeatures).toBe(false);
    expect(prefs.navigateOnDragDrop).toBe(false);
  });

  it('loads the given preload and honours the devTools switch', () => {
    expect(prefs.preload).toBe('/app/out/preload/index.js');
    expect(prefs.devTools).toBe(false);
    expect(createWindowOptions({ preloadPath: 'p', devTools: true }).webPreferences?.devTools).toBe(true);
  });

  it('stays hidden until the first paint', () => {
    expect(options.show).toBe(false);
  });
});
