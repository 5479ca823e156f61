import { afterAll, describe, it } from 'vitest';
import { openPgTestCluster } from './pg-test-server';
import { startTestServer, type TestServer, type TestServerOptions } from './test-server';

/** Where a server suite runs: embedded PGlite, or the machine's real PostgreSQL. */
export type ServerBackend = {
  name: 'pglite' | 'pg';
  start(opts?: TestServerOptions): Promise<TestServer>;
  /** PostgreSQL only: a second server process on the database of a started one. */
  startAnother?(databaseUrl: string, opts?: TestServerOptions): Promise<TestServer>;
};

export const pgliteBackend: ServerBackend = { name: 'pglite', start: startTestServer };

/**
 * Runs `define` against PostgreSQL when reachable; otherwise skips with a visible notice (and fails under CI,
 * where PostgreSQL must be there).
 */
export async function onPostgres(title: string, define: (backend: ServerBackend) => void): Promise<void> {
  const { cluster, reason } = await openPgTestCluster();
  if (!cluster) {
    if (process.env.CI) throw new Error(`PostgreSQL is required under CI: ${reason}`);
    console.warn(`\n[server tests] SKIPPED on PostgreSQL (${title}): ${reason}\n`);
    describe.skip(`${title} (PostgreSQL unreachable)`, () => it('needs PostgreSQL', () => {}));
    return;
  }
  afterAll(() => cluster.dispose());
  define({ name: 'pg', start: cluster.start, startAnother: cluster.startOn });
}
