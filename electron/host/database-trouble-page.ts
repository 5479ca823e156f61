import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DatabaseTrouble } from '../register/db-trouble';
import { backupLabel } from '../register/db-trouble';
import { isOwnHost, secretMatches, SECURITY_HEADERS } from './host-security';

// When the data file cannot be opened there is no engine to host, but the browser staff use still shows why: one
// plain page (no script) on the host's port with the sentence naming the file, its folder, and, for a damaged file
// with a good backup, a form that starts from that backup. The form needs the run's secret, like the register page.

export type TroublePage = { url: string; port: number; close(): Promise<void> };

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function pageHtml(trouble: DatabaseTrouble, secret: string, note: string | null): string {
  const offer = trouble.backup
    ? `<form method="post" action="/start-from-backup?secret=${encodeURIComponent(secret)}"><button type="submit">${escapeHtml(backupLabel(trouble.backup.takenAt))}</button></form>
<p>The damaged file is kept beside the new one; sales that can still be read from it are listed for you to send again.</p>`
    : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Frontdesk cannot open its data</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:44rem;margin:3rem auto;padding:0 1rem}code{word-break:break-all}button{font:inherit;min-height:44px;padding:0 1rem}</style></head>
<body><main><h1>Frontdesk cannot open its data</h1>
${note ? `<p role="status">${escapeHtml(note)}</p>` : ''}
<p role="alert">${escapeHtml(trouble.message)}</p>
<p>Data folder: <code>${escapeHtml(trouble.folder)}</code></p>
<p>Error code: <code>${escapeHtml(trouble.code)}</code></p>
${offer}</main></body></html>`;
}

export async function startTroublePage(options: {
  trouble: DatabaseTrouble;
  port: number;
  secret: string;
  /** Staff chose to start from the backup; the page is closed by the caller once the register is up. */
  onStartFromBackup(): void;
}): Promise<TroublePage> {
  let port = 0;
  let chosen = false;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const headers = { ...SECURITY_HEADERS, 'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'" };
    if (!isOwnHost(req.headers.host, port) || !secretMatches(options.secret, url.searchParams.get('secret'))) {
      res.writeHead(403, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Forbidden');
      return;
    }
    if (req.method === 'POST' && url.pathname === '/start-from-backup' && options.trouble.backup) {
      if (!chosen) {
        chosen = true;
        options.onStartFromBackup();
      }
      // The register comes up on this same port with the same secret: the page reloads into it.
      res.writeHead(303, { ...headers, Location: `/?secret=${encodeURIComponent(options.secret)}` });
      res.end();
      return;
    }
    res.writeHead(200, { ...headers, 'Content-Type': 'text/html; charset=utf-8', ...(chosen ? { Refresh: '2' } : {}) });
    res.end(pageHtml(options.trouble, options.secret, chosen ? 'Starting from the backup…' : null));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?secret=${options.secret}`,
    port,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
