import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, resolve, sep } from 'node:path';
import { contentSecurityPolicy, isOwnHost, secretMatches, SECURITY_HEADERS } from './host-security';

// Serves the built renderer. Its two pages need their secret: the register (/, /index.html) the run's, the customer
// display (/customer, /customer.html) its own. Hashed assets do not (they are the same public build for everyone
// and carry no data).

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.map': 'application/json',
};

type Page = { file: string; secret: 'register' | 'customer' };
const PAGES: Record<string, Page> = {
  '/': { file: '/index.html', secret: 'register' },
  '/index.html': { file: '/index.html', secret: 'register' },
  '/customer': { file: '/customer.html', secret: 'customer' },
  '/customer.html': { file: '/customer.html', secret: 'customer' },
};

function send(res: ServerResponse, status: number, body: string | Buffer, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', ...headers });
  res.end(body);
}

export function createStaticHandler(options: { rendererDir: string; secret: string; customerSecret: string; port: () => number }) {
  const root = resolve(options.rendererDir);

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const port = options.port();
    if (!isOwnHost(req.headers.host, port)) return send(res, 403, 'Forbidden: wrong host.');
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed.', { Allow: 'GET, HEAD' });
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const page = Object.prototype.hasOwnProperty.call(PAGES, url.pathname) ? PAGES[url.pathname] : undefined;
    if (page && !secretMatches(page.secret === 'register' ? options.secret : options.customerSecret, url.searchParams.get('secret'))) {
      return send(res, 403, 'Forbidden: open the address printed by the register (it includes the secret).');
    }
    let path: string;
    try {
      path = resolve(root, `.${decodeURIComponent(page ? page.file : url.pathname)}`);
    } catch {
      return send(res, 400, 'Bad request.');
    }
    if (path !== root && !path.startsWith(root + sep)) return send(res, 404, 'Not found.');
    // Every HTML file is a page: only the ones above, with their secret.
    if (!page && extname(path) === '.html') return send(res, 404, 'Not found.');
    try {
      const info = await stat(path);
      if (!info.isFile()) return send(res, 404, 'Not found.');
      const body = await readFile(path);
      const headers: Record<string, string> = { 'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream' };
      if (page) headers['Content-Security-Policy'] = contentSecurityPolicy(port);
      res.writeHead(200, { ...SECURITY_HEADERS, ...headers });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      send(res, 404, page ? 'The register UI is not built yet: run `npm run build`.' : 'Not found.');
    }
  };
}
