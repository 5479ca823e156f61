import { rmSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDatabase, rowsOf } from '../../../server/src/db/database';
import { migrate } from '../../../server/src/db/migrate';
import { folderWithFirstMigrations, journal, migrationIndex } from './migration-folders';

const INDEX = migrationIndex('0005_shared_limits');

describe('0005_shared_limits on a database with registers and links (PGlite)', () => {
  it('keeps them, starts with no counted attempts, and keeps one window per scope and key', async () => {
    expect(INDEX).toBeGreaterThan(0);
    const folder = folderWithFirstMigrations(INDEX);
    const database = await openDatabase({ pgliteDataDir: 'memory' });
    const { db } = database;
    try {
      expect(await migrate(db, folder)).toBe(INDEX);
      await db.execute(sql`insert into locations (id, name, widget, currency, time_zone, enrollment_code_hash, created_at)
        values ('loc', 'Studio', 'studio', 'USD', 'America/New_York', 'hash', now())`);
      expect(await migrate(db)).toBe(journal.entries.length - INDEX);
      expect(rowsOf(await db.execute(sql`select id from locations`))).toEqual([{ id: 'loc' }]);
      expect(rowsOf(await db.execute(sql`select count(*)::int as n from limiter_attempts`))).toEqual([{ n: 0 }]);
      await db.execute(sql`insert into rate_windows (scope, key, window_start, count) values ('invoice_page', '10.0.0.1', now(), 1)`);
      await expect(db.execute(sql`insert into rate_windows (scope, key, window_start, count) values ('invoice_page', '10.0.0.1', now(), 1)`)).rejects.toThrow();
      await expect(db.execute(sql`insert into limiter_attempts (id, scope, key) values ('a', 'pin', 'reg')`)).rejects.toThrow(); // `at` is required
    } finally {
      await database.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
