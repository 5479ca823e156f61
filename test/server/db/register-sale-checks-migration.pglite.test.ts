import { rmSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDatabase, rowsOf } from '../../../server/src/db/database';
import { migrate } from '../../../server/src/db/migrate';
import { folderWithFirstMigrations, journal, migrationIndex } from './migration-folders';

const INDEX = migrationIndex('0002_register_sale_checks');

describe('0002_register_sale_checks on a database with sales (PGlite)', () => {
  it('keeps every sale, renames receipt numbers recorded twice, then refuses a reused receipt number', async () => {
    expect(INDEX).toBeGreaterThan(0);
    const folder = folderWithFirstMigrations(INDEX);
    const database = await openDatabase({ pgliteDataDir: 'memory' });
    const { db } = database;
    try {
      expect(await migrate(db, folder)).toBe(INDEX);
      const setup = `
        insert into locations values ('loc', 'Studio', 'studio', 'USD', 'America/New_York', 'hash', now());
        insert into locations values ('loc2', 'Other', 'other', 'USD', 'America/New_York', 'hash2', now());
        insert into staff values ('stf', 'loc', 'Frank', 'front_desk', 'x', true, now());
        insert into staff values ('stf2', 'loc2', 'Olga', 'owner', 'x', true, now());
        insert into sales (id, location_id, staff_id, receipt_number, lines, payments, total_cents, currency, request_hash, created_at, recorded_at) values
          ('a', 'loc', 'stf', '1-1', '[]', '[]', 100, 'USD', 'h', now(), '2026-01-01T10:00:00Z'),
          ('b', 'loc', 'stf', '1-1', '[]', '[]', 200, 'USD', 'h', now(), '2026-01-01T11:00:00Z'),
          ('c', 'loc', 'stf', '1-2', '[]', '[]', 300, 'USD', 'h', now(), '2026-01-01T12:00:00Z'),
          ('d', 'loc2', 'stf2', '1-1', '[]', '[]', 400, 'USD', 'h', now(), '2026-01-01T09:00:00Z')
      `;
      for (const statement of setup.split(';').filter((s) => s.trim())) await db.execute(sql.raw(statement));
      expect(await migrate(db)).toBe(journal.entries.length - INDEX);
      const rows = rowsOf<{ id: string; receipt_number: string; price_check: string }>(
        await db.execute(sql`select id, receipt_number, price_check from sales order by id`),
      );
      expect(rows).toEqual([
        { id: 'a', receipt_number: '1-1', price_check: 'catalog' },
        { id: 'b', receipt_number: '1-1/b', price_check: 'catalog' },
        { id: 'c', receipt_number: '1-2', price_check: 'catalog' },
        { id: 'd', receipt_number: '1-1', price_check: 'catalog' }, // another location may have its own 1-1
      ]);
      await expect(
        db.execute(sql`insert into sales (id, location_id, staff_id, receipt_number, lines, payments, total_cents, currency, request_hash, created_at, recorded_at)
          values ('e', 'loc', 'stf', '1-2', '[]', '[]', 1, 'USD', 'h', now(), now())`),
      ).rejects.toThrow();
    } finally {
      await database.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
