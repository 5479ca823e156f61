import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { Server as SocketServer } from 'socket.io';
import type { AppContext } from './app-context';
import { createApp } from './app';
import { createPinLimiter } from './auth/pin-limiter';
import { openDatabase, type Db } from './db/database';
import { migrate } from './db/migrate';
import { createEventBus } from './events/event-bus';
import { seedDemoStudio } from './seed/demo-studio';
import { attachRegistersNamespace } from './socket/registers-namespace';

export type StartServerOptions = {
  /** 0 = any free port. */
  port?: number;
  host?: string;
  /** Where PGlite keeps its data (`<dataDir>/pg`) unless pgliteDataDir or databaseUrl says otherwise. */
  dataDir?: string;
  databaseUrl?: string;
  pgliteDataDir?: 'memory' | string;
  /** A PGlite dump to start a NEW data directory from (test templates); ignored when the directory has data. */
  pgliteLoadFrom?: Blob | File;
  seed?: 'demo' | 'none';
  linkTtlSeconds?: number;
  publicUrl?: string;
  now?: () => number;
  log?: (line: string) => void;
};

export type RunningServer = { url: string; port: number; close(): Promise<void> };

/** Opens the database, migrates, seeds, and serves HTTP and Socket.IO on one port. */
export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  const { url, port, close } = await startServerWithDatabase(options);
  return { url, port, close };
}

/** startServer, also handing out the drizzle handle (tests count rows with it). */
export async function startServerWithDatabase(options: StartServerOptions = {}): Promise<RunningServer & { db: Db }> {
  const now = options.now ?? Date.now;
  const log = options.log ?? (() => {});
  const host = options.host ?? '127.0.0.1';
  const pgliteDataDir = options.databaseUrl ? undefined : resolvePgliteDir(options);
  const database = await openDatabase({
    databaseUrl: options.databaseUrl,
    pgliteDataDir,
    pgliteLoadFrom: pgliteDataDir === 'memory' || isEmptyDir(pgliteDataDir) ? options.pgliteLoadFrom : undefined,
  });
  try {
    const applied = await migrate(database.db);
    if (applied > 0) log(`applied ${applied} migration(s)`);
    if (options.seed === 'demo' && (await seedDemoStudio(database.db, now()))) log('loaded the demo studio');
  } catch (error) {
    await database.close();
    throw error;
  }

  const ctx: AppContext = {
    db: database.db,
    now,
    log,
    publicUrl: options.publicUrl ?? '',
    linkTtlSeconds: options.linkTtlSeconds ?? 900,
    events: createEventBus(),
    pinLimiter: createPinLimiter(now),
  };
  const httpServer = createServer(createApp(ctx));
  const io = new SocketServer(httpServer, { serveClient: false });
  attachRegistersNamespace(io, ctx);
  try {
    await new Promise<void>((resolveListen, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(options.port ?? 0, host, () => resolveListen());
    });
  } catch (error) {
    await database.close();
    throw error;
  }
  const port = (httpServer.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  const url = `http://${shownHost}:${port}`;
  if (!options.publicUrl) ctx.publicUrl = url;

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    db: database.db,
    close() {
      closing ??= (async () => {
        io.disconnectSockets(true);
        await new Promise<void>((done) => {
          io.close(() => done());
          httpServer.closeAllConnections();
        });
        await database.close();
      })();
      return closing;
    },
  };
}

function resolvePgliteDir(options: StartServerOptions): string {
  if (options.pgliteDataDir === 'memory') return 'memory';
  const dir = resolve(options.pgliteDataDir ?? join(options.dataDir ?? './.frontdesk/server', 'pg'));
  mkdirSync(dir, { recursive: true });
  return dir;
}

function isEmptyDir(dir: string | undefined): boolean {
  return dir !== undefined && (!existsSync(dir) || readdirSync(dir).length === 0);
}
