import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { WebContents } from 'electron';
import { appOriginFor, decideWindowOpen, isAllowedNavigation, isAllowedSender } from '../../../electron/main/app-origin';
import { guardWebContents } from '../../../electron/main/window-guards';
import { FakeWebContents, preventable } from './fake-electron';

beforeEach(() => {
  vi.restoreAllMocks();
  vi.spyOn(console, 'warn').mockImplementation(() => {});
});

const INDEX = 'file:///opt/Frontdesk/resources/app.asar/out/renderer/index.html';
const fileOrigin = appOriginFor({ indexUrl: INDEX });
const devOrigin = appOriginFor({ indexUrl: INDEX, devServerUrl: 'http://localhost:5173/' });

describe('app origin decisions', () => {
  it('accepts only the exact index file in production', () => {
    expect(isAllowedNavigation(INDEX, fileOrigin)).toBe(true);
    expect(isAllowedNavigation(`${INDEX}#/sales`, fileOrigin)).toBe(true);
    expect(isAllowedNavigation('file:///etc/passwd', fileOrigin)).toBe(false);
    expect(isAllowedNavigation('file:///opt/Frontdesk/resources/app.asar/out/renderer/other.html', fileOrigin)).toBe(false);
    expect(isAllowedNavigation('https://evil.example/', fileOrigin)).toBe(false);
    expect(isAllowedNavigation('javascript:alert(1)', fileOrigin)).toBe(false);
    expect(isAllowedNavigation('not a url', fileOrigin)).toBe(false);
    expect(isAllowedNavigation(undefined, fileOrigin)).toBe(false);
  });

  it('accepts the dev server origin in development and nothing else', () => {
    expect(isAllowedNavigation('http://localhost:5173/index.html', devOrigin)).toBe(true);
    expect(isAllowedNavigation('http://localhost:5174/', devOrigin)).toBe(false);
    expect(isAllowedNavigation(INDEX, devOrigin)).toBe(false);
  });

  it('refuses a renderer entry that is not a file URL', () => {
    expect(() => appOriginFor({ indexUrl: 'https://example.com/index.html' })).toThrow(/file:\/\//);
  });

  it('trusts only the top-level app page as an IPC sender', () => {
    expect(isAllowedSender({ url: INDEX, isTopLevel: true }, fileOrigin)).toBe(true);
    expect(isAllowedSender({ url: INDEX, isTopLevel: false }, fileOrigin)).toBe(false);
    expect(isAllowedSender({ url: 'https://evil.example/', isTopLevel: true }, fileOrigin)).toBe(false);
    expect(isAllowedSender(null, fileOrigin)).toBe(false);
  });

  it('always denies new windows, handing only plain https links to the OS browser', () => {
    expect(decideWindowOpen('https://pay.example/demo-studio/i/abc')).toEqual({ action: 'deny', openExternally: true });
    expect(decideWindowOpen('http://pay.example/')).toEqual({ action: 'deny', openExternally: false });
    expect(decideWindowOpen('file:///etc/passwd')).toEqual({ action: 'deny', openExternally: false });
    expect(decideWindowOpen('javascript:alert(1)')).toEqual({ action: 'deny', openExternally: false });
    expect(decideWindowOpen('https://user:pw@evil.example/')).toEqual({ action: 'deny', openExternally: false });
  });
});

describe('guardWebContents', () => {
  function guarded() {
    const contents = new FakeWebContents();
    const openExternal = vi.fn(async () => {});
    guardWebContents(contents as unknown as WebContents, fileOrigin, openExternal);
    return { contents, openExternal };
  }

  it('prevents navigation to a foreign page', () => {
    const { contents } = guarded();
    const away = preventable('https://evil.example/');
    contents.emit('will-navigate', away, 'https://evil.example/');
    expect(away.defaultPrevented).toBe(true);
    const reload = preventable(INDEX);
    contents.emit('will-navigate', reload, INDEX);
    expect(reload.defaultPrevented).toBe(false);
  });

  it('prevents foreign frame navigations and redirects, and every webview', () => {
    const { contents } = guarded();
    const frame = preventable('https://evil.example/frame');
    contents.emit('will-frame-navigate', frame);
    expect(frame.defaultPrevented).toBe(true);
    const redirect = preventable();
    contents.emit('will-redirect', redirect, 'https://evil.example/');
    expect(redirect.defaultPrevented).toBe(true);
    const webview = preventable();
    contents.emit('will-attach-webview', webview, {}, {});
    expect(webview.defaultPrevented).toBe(true);
  });

  it('denies window.open and opens only https links externally', () => {
    const { contents, openExternal } = guarded();
    expect(contents.openHandler?.({ url: 'https://pay.example/x' })).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledWith('https://pay.example/x');
    expect(contents.openHandler?.({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(contents.openHandler?.({ url: 'http://localhost:1/' })).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledTimes(1);
  });
});
