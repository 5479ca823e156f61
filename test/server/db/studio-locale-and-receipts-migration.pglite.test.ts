import { rmSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDatabase, rowsOf } from '../../../server/src/db/database';
import { migrate } from '../../../server/src/db/migrate';
import { folderWithFirstMigrations, journal, migrationIndex } from './migration-folders';

const INDEX = migrationIndex('0004_studio_locale_and_receipts');

describe('0004_studio_locale_and_receipts on a database with a studio and a paid sale (PGlite)', () => {
  it('gives the studio en-US and US, refuses malformed tags, and keeps one receipt per sale', async () => {
    expect(INDEX).toBeGreaterThan(0);
    const folder = folderWithFirstMigrations(INDEX);
    const database = await openDatabase({ pgliteDataDir: 'memory' });
    const { db } = database;
    try {
      expect(await migrate(db, folder)).toBe(INDEX);
      const setup = `
        insert into locations values ('loc', 'Studio', 'studio', 'USD', 'America/New_York', 'hash', now());
        insert into staff values ('stf', 'loc', 'Frank', 'front_desk', 'x', true, now());
        insert into sales (id, location_id, staff_id, receipt_number, lines, payments, total_cents, currency, request_hash, created_at, recorded_at)
          values ('sale', 'loc', 'stf', 'S-1', '[]', '[]', 100, 'USD', 'h', now(), now())
      `;
      for (const statement of setup.split(';').filter((s) => s.trim())) await db.execute(sql.raw(statement));
      expect(await migrate(db)).toBe(journal.entries.length - INDEX);
      expect(rowsOf(await db.execute(sql`select id, locale, country from locations`))).toEqual([{ id: 'loc', locale: 'en-US', country: 'US' }]);
      await db.execute(sql`update locations set locale = 'en-GB', country = 'GB'`);
      await expect(db.execute(sql`update locations set country = 'gb'`)).rejects.toThrow();
      await expect(db.execute(sql`update locations set locale = 'en_GB'`)).rejects.toThrow();
      await db.execute(sql`insert into receipts values ('rcp_1', 'sale', 'loc', now())`);
      await expect(db.execute(sql`insert into receipts values ('rcp_2', 'sale', 'loc', now())`)).rejects.toThrow();
      await expect(db.execute(sql`insert into receipts values ('rcp_3', 'nope', 'loc', now())`)).rejects.toThrow();
    } finally {
      await database.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
