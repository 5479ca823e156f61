// Where the app's own page lives, and the pure decisions that depend on it: which IPC senders are
// trusted and where the window may navigate. No Electron import, so it is unit-tested under Node.

/** The renderer is either the built file (production) or electron-vite's dev server (development). */
export type AppOrigin = { kind: 'file'; indexUrl: string } | { kind: 'dev-server'; origin: string };

function parse(url: unknown): URL | null {
  if (typeof url !== 'string' || url.length === 0) return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** `indexUrl` is the file:// URL of out/renderer/index.html; `devServerUrl` is set only in development. */
export function appOriginFor(options: { indexUrl: string; devServerUrl?: string | undefined }): AppOrigin {
  const dev = parse(options.devServerUrl);
  if (dev && (dev.protocol === 'http:' || dev.protocol === 'https:')) return { kind: 'dev-server', origin: dev.origin };
  const index = parse(options.indexUrl);
  if (!index || index.protocol !== 'file:') throw new Error(`The renderer entry must be a file:// URL, got ${options.indexUrl}`);
  return { kind: 'file', indexUrl: index.href };
}

/** True when `url` is the app's own page: the exact index file, or any page of the dev server's origin. */
function isAppUrl(url: unknown, origin: AppOrigin): boolean {
  const parsed = parse(url);
  if (!parsed) return false;
  if (origin.kind === 'dev-server') return parsed.origin === origin.origin;
  const index = new URL(origin.indexUrl);
  return parsed.protocol === 'file:' && parsed.host === index.host && parsed.pathname === index.pathname;
}

/** IPC is answered only for the app's own top-level page; iframes and foreign pages are refused. */
export function isAllowedSender(frame: { url: string; isTopLevel: boolean } | null | undefined, origin: AppOrigin): boolean {
  return !!frame && frame.isTopLevel && isAppUrl(frame.url, origin);
}

/** The register is a single page: the only navigation allowed is (re)loading that page itself. */
export function isAllowedNavigation(url: unknown, origin: AppOrigin): boolean {
  return isAppUrl(url, origin);
}

/**
 * New windows are always denied. A plain https:// link (for example a payment link a staff member
 * clicks to check it) is handed to the OS browser instead; every other scheme is dropped.
 */
export function decideWindowOpen(url: unknown): { action: 'deny'; openExternally: boolean } {
  const parsed = parse(url);
  return { action: 'deny', openExternally: !!parsed && parsed.protocol === 'https:' && parsed.username === '' && parsed.password === '' };
}
