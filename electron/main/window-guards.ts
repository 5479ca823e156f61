import type { WebContents } from 'electron';
import { decideWindowOpen, isAllowedNavigation, type AppOrigin } from './app-origin';

// Applied to every WebContents the app creates (app 'web-contents-created'): the page may not
// navigate away, open windows, redirect elsewhere or attach <webview>s.

type Preventable = { preventDefault(): void; url?: string };

export function guardWebContents(contents: WebContents, origin: AppOrigin, openExternal: (url: string) => unknown): void {
  const denyForeign = (event: Preventable, legacyUrl?: string) => {
    const url = event.url ?? legacyUrl;
    if (!isAllowedNavigation(url, origin)) {
      event.preventDefault();
      console.warn(`[security] navigation refused: ${String(url)}`);
    }
  };
  contents.on('will-navigate', (event, url) => denyForeign(event, url));
  contents.on('will-frame-navigate', (event) => denyForeign(event));
  contents.on('will-redirect', (event, url) => denyForeign(event, url));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const decision = decideWindowOpen(url);
    if (decision.openExternally) void Promise.resolve(openExternal(url)).catch(() => undefined);
    return { action: decision.action };
  });
}
