import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase } from '../../server/src/db/database';
import { migrate } from '../../server/src/db/migrate';
import { seedDemoStudio } from '../../server/src/seed/demo-studio';
import { startServerWithDatabase } from '../../server/src/start';
import type { TestServer, TestServerOptions } from './test-server';

// The same server on the machine's real PostgreSQL: one fresh database per test run (frontdesk_test_<random>),
// seeded once and copied per server with CREATE DATABASE ... TEMPLATE, all dropped at the end.

const PG_ADMIN_URL = process.env.FRONTDESK_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const HOUR_MS = 3_600_000;

export type PgTestCluster = {
  // Function properties, not methods: server-backends.ts hands `start`/`startOn` on unbound.
  start: (opts?: TestServerOptions) => Promise<TestServer & { databaseUrl: string }>;
  /** Another server process on an existing database (several processes on one PostgreSQL). */
  startOn: (databaseUrl: string, opts?: TestServerOptions) => Promise<TestServer & { databaseUrl: string }>;
  /** A new empty database (no migrations) for migration tests. */
  emptyDatabase(): Promise<string>;
  dispose(): Promise<void>;
};

function urlFor(database: string): string {
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Connects to PostgreSQL, or answers undefined (with the reason) when none is reachable. */
export async function openPgTestCluster(): Promise<{ cluster?: PgTestCluster; reason?: string }> {
  const admin = new pg.Pool({ connectionString: PG_ADMIN_URL, max: 2, connectionTimeoutMillis: 2000 });
  admin.on('error', () => {});
  try {
    await admin.query('select 1');
  } catch (error) {
    await admin.end().catch(() => {});
    return { reason: `${PG_ADMIN_URL} is not reachable (${(error as Error).message})` };
  }
  const prefix = `frontdesk_test_${randomBytes(5).toString('hex')}`;
  const created: string[] = [];
  const templates = new Map<string, Promise<string>>();
  let n = 0;
  const createDatabase = async (template?: string) => {
    const name = `${prefix}_${(n += 1)}`;
    await admin.query(`create database ${name}${template ? ` template ${template}` : ''}`);
    created.push(name);
    return name;
  };
  const template = (seed: 'demo' | 'none', nowMs: number) => {
    const hour = Math.floor(nowMs / HOUR_MS) * HOUR_MS;
    const key = `${seed}:${seed === 'demo' ? hour : 0}`;
    let found = templates.get(key);
    if (!found) {
      found = (async () => {
        const name = await createDatabase();
        const database = await openDatabase({ databaseUrl: urlFor(name) });
        try {
          await migrate(database.db);
          if (seed === 'demo') await seedDemoStudio(database.db, hour);
        } finally {
          await database.close(); // a template database must have no connections
        }
        return name;
      })();
      templates.set(key, found);
    }
    return found;
  };
  const startOn = async (databaseUrl: string, opts: TestServerOptions) => {
    const server = await startServerWithDatabase({
      port: opts.port ?? 0,
      databaseUrl,
      seed: 'none',
      now: opts.now,
      log: opts.log,
      linkTtlSeconds: opts.linkTtlSeconds,
      ...opts.server,
    });
    return { url: server.url, port: server.port, db: server.db, jobs: server.jobs, close: server.close, databaseUrl };
  };
  return {
    cluster: {
      async start(opts = {}) {
        const now = opts.now ?? Date.now;
        const name = await createDatabase(await template(opts.seed ?? 'demo', now()));
        const databaseUrl = urlFor(name);
        return startOn(databaseUrl, opts);
      },
      async startOn(databaseUrl, opts = {}) {
        return startOn(databaseUrl, opts);
      },
      async emptyDatabase() {
        return urlFor(await createDatabase());
      },
      async dispose() {
        for (const name of created.reverse()) {
          await admin.query(`drop database if exists ${name} with (force)`).catch(() => {});
        }
        await admin.end();
      },
    },
  };
}
