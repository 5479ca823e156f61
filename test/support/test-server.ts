import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../server/src/db/database';
import { migrate } from '../../server/src/db/migrate';
import { seedDemoStudio } from '../../server/src/seed/demo-studio';
import { startServerWithDatabase, type ServerJobs, type StartServerOptions } from '../../server/src/start';

export type TestServerOptions = {
  seed?: 'demo' | 'none';
  /** Persist PGlite here (`<dataDir>/pg`): a server restarted with the same dataDir keeps its data. */
  dataDir?: string;
  port?: number;
  now?: () => number;
  linkTtlSeconds?: number;
  log?: (line: string) => void;
  /** Anything else startServer takes (payments, notify, providers, rate limits). */
  server?: Partial<StartServerOptions>;
};
export type TestServer = { url: string; port: number; dataDir?: string; db: Db; jobs: ServerJobs; close(): Promise<void> };

const HOUR_MS = 3_600_000;
const templates = new Map<string, Promise<Blob>>();

/**
 * A migrated (and by default demo-seeded) PGlite, built once per process and per seed hour, as a data-dir dump.
 * The demo's timetable is laid out from the clock, so a test that injects another hour gets its own template.
 */
function pgliteTemplate(seed: 'demo' | 'none', nowMs: number): Promise<Blob> {
  const hour = Math.floor(nowMs / HOUR_MS) * HOUR_MS;
  const key = `${seed}:${seed === 'demo' ? hour : 0}`;
  let template = templates.get(key);
  if (!template) {
    template = (async () => {
      const database = await openDatabase({ pgliteDataDir: 'memory' });
      try {
        await migrate(database.db);
        if (seed === 'demo') await seedDemoStudio(database.db, hour);
        return await database.dump!();
      } finally {
        await database.close();
      }
    })();
    templates.set(key, template);
  }
  return template;
}

/** A real server (HTTP + Socket.IO on loopback, PGlite) started from the template: fast enough for every test. */
export async function startTestServer(opts: TestServerOptions = {}): Promise<TestServer> {
  const now = opts.now ?? Date.now;
  const pgDir = opts.dataDir ? join(opts.dataDir, 'pg') : undefined;
  const fresh = !pgDir || !existsSync(pgDir) || readdirSync(pgDir).length === 0;
  const template = fresh ? await pgliteTemplate(opts.seed ?? 'demo', now()) : undefined;
  const server = await startServerWithDatabase({
    port: opts.port ?? 0,
    pgliteDataDir: pgDir ?? 'memory',
    pgliteLoadFrom: template,
    seed: 'none',
    now,
    linkTtlSeconds: opts.linkTtlSeconds,
    log: opts.log,
    ...opts.server,
  });
  return { url: server.url, port: server.port, dataDir: opts.dataDir, db: server.db, jobs: server.jobs, close: server.close };
}
