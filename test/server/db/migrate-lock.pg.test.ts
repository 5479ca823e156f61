import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../../server/src/db/database';
import { startServerWithDatabase } from '../../../server/src/start';
import { openPgTestCluster } from '../../support/pg-test-server';
import { journal } from './migration-folders';

// Nodes that start together on a fresh database: the migrations run once, under an advisory lock, and every node
// starts on the migrated schema.

const { cluster, reason } = await openPgTestCluster();
if (cluster) {
  afterAll(() => cluster.dispose());
  describe('migrating at start under an advisory lock (PostgreSQL)', () => {
    it('two nodes started at once on an empty database: one applies every migration, the other none, both serve', async () => {
      const databaseUrl = await cluster.emptyDatabase();
      const logs: string[][] = [[], []];
      const nodes = await Promise.all(logs.map((lines) => startServerWithDatabase({ port: 0, databaseUrl, seed: 'demo', log: (line) => lines.push(line) })));
      try {
        const applied = logs.map((lines) => lines.filter((line) => /^applied \d+ migration/.test(line)));
        expect(applied.flat()).toEqual([`applied ${journal.entries.length} migration(s)`]);
        const rows = rowsOf<{ n: number }>(await nodes[0]!.db.execute(sql`select count(*)::int as n from frontdesk_migrations`));
        expect(Number(rows[0]!.n)).toBe(journal.entries.length);
        // The demo studio is seeded once too (the seed runs after the migration, and refuses a non-empty database).
        const locations = rowsOf<{ n: number }>(await nodes[1]!.db.execute(sql`select count(*)::int as n from locations`));
        expect(Number(locations[0]!.n)).toBe(1);
        for (const node of nodes) expect((await fetch(`${node.url}/api/v1/health`)).status).toBe(200);
      } finally {
        await Promise.all(nodes.map((node) => node.close()));
      }
    });
  });
} else {
  if (process.env.CI) throw new Error(`PostgreSQL is required under CI: ${reason}`);
  console.warn(`\n[server tests] SKIPPED migrating under an advisory lock on PostgreSQL: ${reason}\n`);
  describe.skip('migrating under an advisory lock (PostgreSQL unreachable)', () => it('needs PostgreSQL', () => {}));
}
