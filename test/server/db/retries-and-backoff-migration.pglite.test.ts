import { rmSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDatabase, rowsOf } from '../../../server/src/db/database';
import { migrate } from '../../../server/src/db/migrate';
import { folderWithFirstMigrations, journal, migrationIndex } from './migration-folders';

const INDEX = migrationIndex('0003_retries_and_backoff');

describe('0003_retries_and_backoff on a database with links and refunds (PGlite)', () => {
  it('keeps them; a refund that failed before it is due for a retry, a pending link has no close failures', async () => {
    expect(INDEX).toBeGreaterThan(0);
    const folder = folderWithFirstMigrations(INDEX);
    const database = await openDatabase({ pgliteDataDir: 'memory' });
    const { db } = database;
    try {
      expect(await migrate(db, folder)).toBe(INDEX);
      const setup = `
        insert into locations values ('loc', 'Studio', 'studio', 'USD', 'America/New_York', 'hash', now());
        insert into staff values ('stf', 'loc', 'Frank', 'front_desk', 'x', true, now());
        insert into clients (id, location_id, name, created_at) values ('cli', 'loc', 'Maya', now());
        insert into payment_links (id, location_id, cart_id, client_id, staff_id, cart, lines, total_cents, currency, channels, status, created_at, expires_at, processor)
          values ('lnk', 'loc', 'crt', 'cli', 'stf', '{}', '[]', 100, 'USD', '[]', 'canceled', now(), now(), 'stripe'),
                 ('lnk2', 'loc', 'crt2', 'cli', 'stf', '{}', '[]', 100, 'USD', '[]', 'pending', now(), now(), 'stripe');
        insert into refunds (id, link_id, intent_id, amount_cents, reason, status, created_at) values ('rfd', 'lnk', 'pi_1', 100, 'link canceled', 'failed', now())
      `;
      for (const statement of setup.split(';').filter((s) => s.trim())) await db.execute(sql.raw(statement));
      expect(await migrate(db)).toBe(journal.entries.length - INDEX);
      expect(rowsOf(await db.execute(sql`select id, status, attempts, next_attempt_at, gave_up_at from refunds`))).toEqual([
        { id: 'rfd', status: 'failed', attempts: 0, next_attempt_at: null, gave_up_at: null },
      ]);
      expect(rowsOf(await db.execute(sql`select id, close_failures, next_close_attempt_at from payment_links order by id`))).toEqual([
        { id: 'lnk', close_failures: 0, next_close_attempt_at: null },
        { id: 'lnk2', close_failures: 0, next_close_attempt_at: null },
      ]);
      await expect(db.execute(sql`insert into refund_attempts (id, refund_id, attempted_at, outcome) values ('a', 'nope', now(), 'failed')`)).rejects.toThrow();
    } finally {
      await database.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
