import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { CUSTOMER_VIEW_PATH } from '../../shared/contract/customer-view';
import { BRIDGE_PATH, type IpcHandlers } from '../../shared/contract/ipc';
import type { PushMessage } from '../../shared/contract/register-view';
import { createCustomerViewFeed } from '../register/customer-view-feed';
import { pushFrame, serveBridgeConnection } from './bridge-connection';
import { serveCustomerConnection } from './customer-connection';
import { customerSecretOf, isOwnHost, isOwnOrigin, newSecret, secretMatches } from './host-security';
import { createStaticHandler } from './static-files';

// The browser host: the register UI in an ordinary browser, for development, end-to-end tests and machines
// without the Electron binary. Loopback only; the page and its socket both need the per-run secret. The customer
// display (/customer) has a secret of its own and a socket of its own that only sends customer views.

type HostedEngine = { handlers: IpcHandlers; onPush(listener: (message: PushMessage) => void): () => void };

export type BrowserHostOptions = {
  engine: HostedEngine;
  port?: number;
  host?: '127.0.0.1';
  secret?: string;
  rendererDir: string;
  /** Largest accepted frame; the contract's inputs are small. */
  maxFrameBytes?: number;
};

export type BrowserHost = {
  url: string;
  /** The customer-facing display's page, for a second screen or a browser facing the client. */
  customerUrl: string;
  port: number;
  close(): Promise<void>;
};

const DEFAULT_MAX_FRAME_BYTES = 64 * 1024;

function refuseUpgrade(socket: Duplex, status: 400 | 403 | 404, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${text.length}\r\n\r\n${text}`);
}

export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const secret = options.secret ?? newSecret();
  const customerSecret = customerSecretOf(secret);
  const host = options.host ?? '127.0.0.1';
  let port = 0;
  const serveStatic = createStaticHandler({ rendererDir: options.rendererDir, secret, customerSecret, port: () => port });
  // The handler answers every request itself, errors included.
  const server = createServer((req, res) => void serveStatic(req, res));
  const sockets = new WebSocketServer({ noServer: true, maxPayload: options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES });
  const clients = new Set<WebSocket>();
  const displays = new Set<WebSocket>();
  const customerFeed = createCustomerViewFeed({ snapshot: () => options.engine.handlers['app.snapshot']({}), onPush: (l) => options.engine.onPush(l) });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const customer = url.pathname === CUSTOMER_VIEW_PATH;
    if (url.pathname !== BRIDGE_PATH && !customer) return refuseUpgrade(socket, 404, 'Not Found');
    if (!secretMatches(customer ? customerSecret : secret, url.searchParams.get('secret'))) return refuseUpgrade(socket, 403, 'Forbidden');
    if (!isOwnHost(req.headers.host, port) || !isOwnOrigin(req.headers.origin, port)) return refuseUpgrade(socket, 403, 'Forbidden');
    if (customer) {
      return sockets.handleUpgrade(req, socket, head, (ws) => {
        displays.add(ws);
        ws.on('close', () => displays.delete(ws));
        ws.on('error', () => ws.terminate());
        serveCustomerConnection(ws, customerFeed);
      });
    }
    sockets.handleUpgrade(req, socket, head, (ws) => {
      clients.add(ws);
      ws.on('close', () => clients.delete(ws));
      ws.on('error', () => ws.terminate());
      serveBridgeConnection(ws, options.engine.handlers);
    });
  });

  const stopPush = options.engine.onPush((message) => {
    const frame = pushFrame(message);
    for (const client of clients) if (client.readyState === client.OPEN) client.send(frame);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://${host}:${port}/?secret=${secret}`,
    customerUrl: `http://${host}:${port}/customer?secret=${customerSecret}`,
    port,
    async close() {
      stopPush();
      customerFeed.stop();
      for (const client of [...clients, ...displays]) client.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
