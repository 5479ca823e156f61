import { rmSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDatabase, rowsOf } from '../../../server/src/db/database';
import { migrate } from '../../../server/src/db/migrate';
import { folderWithFirstMigrations, journal } from './migration-folders';

describe('0001_payment_links on a database with bookings (PGlite)', () => {
  it('counts existing bookings into the place counters and seat claims, then enforces capacity and seats', async () => {
    const folder = folderWithFirstMigrations(1);
    const database = await openDatabase({ pgliteDataDir: 'memory' });
    const { db } = database;
    try {
      expect(await migrate(db, folder)).toBe(1);
      const setup = `
        insert into locations values ('loc', 'Studio', 'studio', 'USD', 'America/New_York', 'hash', now());
        insert into location_counters (location_id) values ('loc');
        insert into staff values ('stf', 'loc', 'Frank', 'front_desk', 'x', true, now());
        insert into catalog_items (id, location_id, kind, name, price_cents) values ('itm', 'loc', 'class', 'Reformer', 4000);
        insert into seats values ('s1', 'itm', 'R1', 1), ('s2', 'itm', 'R2', 2);
        insert into class_sessions (id, location_id, item_id, starts_at, duration_min, capacity, external_booked)
          values ('ses', 'loc', 'itm', now(), 50, 3, 1);
        insert into sales (id, location_id, staff_id, receipt_number, lines, payments, total_cents, currency, request_hash, created_at, recorded_at)
          values ('sale', 'loc', 'stf', '1-1', '[]', '[]', 8000, 'USD', 'h', now(), now());
        insert into bookings (id, location_id, sale_id, item_id, session_id, seat_id, starts_at, created_at)
          values ('b1', 'loc', 'sale', 'itm', 'ses', 's1', now(), now());
      `;
      for (const statement of setup.split(';').filter((s) => s.trim())) await db.execute(sql.raw(statement));
      expect(await migrate(db)).toBe(journal.entries.length - 1);
      const [session] = rowsOf<{ booked_count: number; held_count: number }>(
        await db.execute(sql`select booked_count, held_count from class_sessions where id = 'ses'`),
      );
      expect(session).toEqual({ booked_count: 1, held_count: 0 });
      const claims = rowsOf(await db.execute(sql`select session_id, seat_id, booking_id, hold_id from seat_claims`));
      expect(claims).toEqual([{ session_id: 'ses', seat_id: 's1', booking_id: 'b1', hold_id: null }]);
      // external 1 + booked 1 + held 1 = capacity 3: one more is refused by the CHECK itself.
      await db.execute(sql`update class_sessions set held_count = 1 where id = 'ses'`);
      await expect(db.execute(sql`update class_sessions set held_count = 2 where id = 'ses'`)).rejects.toThrow();
      await expect(db.execute(sql`insert into seat_claims (session_id, seat_id, booking_id) values ('ses', 's1', 'b1')`)).rejects.toThrow();
      await expect(db.execute(sql`insert into seat_claims (session_id, seat_id) values ('ses', 's2')`)).rejects.toThrow(); // no owner
    } finally {
      await database.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
