import { rmSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, rowsOf, type Database } from '../../../server/src/db/database';
import { migrate } from '../../../server/src/db/migrate';
import { openPgTestCluster, type PgTestCluster } from '../../support/pg-test-server';
import { folderWithFirstMigrations, journal } from './migration-folders';

/** What each migration must leave behind: table → columns it must have. A new migration needs a new entry. */
const EXPECTED: Record<string, Record<string, string[]>> = {
  '0000_foundation': {
    locations: ['id', 'name', 'widget', 'currency', 'time_zone', 'enrollment_code_hash'],
    location_counters: ['location_id', 'last_seq', 'last_register_number', 'last_receipt'],
    roles: ['location_id', 'name', 'permissions'],
    staff: ['id', 'location_id', 'name', 'role', 'pin_hash', 'active'],
    registers: ['id', 'location_id', 'name', 'number', 'token_hash'],
    staff_sessions: ['token_hash', 'staff_id', 'register_id', 'location_id', 'expires_at'],
    clients: ['id', 'location_id', 'name', 'email', 'phone'],
    catalog_items: ['id', 'location_id', 'kind', 'name', 'price_cents', 'charge_later_allowed'],
    seats: ['id', 'item_id', 'label', 'position'],
    class_sessions: ['id', 'item_id', 'starts_at', 'duration_min', 'capacity', 'external_booked'],
    slots: ['id', 'item_id', 'starts_at', 'duration_min', 'staff_name'],
    sales: ['id', 'location_id', 'register_id', 'staff_id', 'client_id', 'receipt_number', 'lines', 'payments', 'total_cents', 'request_hash', 'created_at'],
    bookings: ['id', 'sale_id', 'item_id', 'session_id', 'slot_id', 'seat_id', 'client_id', 'starts_at'],
    events: ['location_id', 'seq', 'type', 'at', 'payload'],
    idempotency_keys: ['scope', 'key', 'request_hash', 'status', 'body'],
  },
  '0001_payment_links': {
    payment_links: [
      'id',
      'location_id',
      'cart_id',
      'client_id',
      'staff_id',
      'cart',
      'lines',
      'total_cents',
      'channels',
      'phone',
      'email',
      'status',
      'created_at',
      'expires_at',
      'opened_at',
      'paid_at',
      'canceled_at',
      'expired_at',
      'resend_count',
      'sale_id',
      'processor_intent_id',
    ],
    holds: ['id', 'link_id', 'session_id', 'slot_id', 'seat_id', 'status', 'booking_id'],
    seat_claims: ['session_id', 'seat_id', 'hold_id', 'booking_id'],
    class_sessions: ['held_count', 'booked_count'],
    slots: ['held_count', 'booked_count'],
    deliveries: ['id', 'link_id', 'kind', 'channel', 'to_address', 'status', 'error', 'attempts', 'next_attempt_at', 'claimed_until'],
    payment_attempts: ['id', 'link_id', 'intent_id', 'status', 'card_brand', 'card_last4', 'three_ds_state'],
    outbox_messages: ['id', 'delivery_id', 'link_id', 'channel', 'to_address', 'subject', 'text', 'html', 'created_at'],
    refunds: ['id', 'link_id', 'intent_id', 'amount_cents', 'status'],
    processor_events: ['id', 'type', 'received_at'],
  },
  '0002_register_sale_checks': {
    sales: ['price_check', 'receipt_number'],
  },
  '0003_retries_and_backoff': {
    payment_links: ['close_failures', 'next_close_attempt_at'],
    refunds: ['attempts', 'next_attempt_at', 'last_error', 'gave_up_at', 'updated_at'],
    refund_attempts: ['id', 'refund_id', 'attempted_at', 'outcome', 'error'],
  },
  '0004_studio_locale_and_receipts': {
    locations: ['locale', 'country'],
    receipts: ['id', 'sale_id', 'location_id', 'created_at'],
  },
  '0005_shared_limits': {
    limiter_attempts: ['id', 'scope', 'key', 'at'],
    rate_windows: ['scope', 'key', 'window_start', 'count'],
  },
};

async function columns(database: Database): Promise<Map<string, Set<string>>> {
  const rows = rowsOf<{ table_name: string; column_name: string }>(
    await database.db.execute(sql`select table_name, column_name from information_schema.columns where table_schema = 'public'`),
  );
  const map = new Map<string, Set<string>>();
  for (const row of rows) map.set(row.table_name, (map.get(row.table_name) ?? new Set()).add(row.column_name));
  return map;
}

function migrationTests(name: string, openEmpty: () => Promise<Database>) {
  describe(`migrations on ${name}`, () => {
    it('has an expectation for every migration', () => {
      expect(journal.entries.map((e) => e.tag).sort()).toEqual(Object.keys(EXPECTED).sort());
    });

    it.each(journal.entries.map((entry, index) => [entry.tag, index] as const))('%s applies on an empty database', async (tag, index) => {
      const folder = folderWithFirstMigrations(index + 1);
      const database = await openEmpty();
      try {
        expect(await migrate(database.db, folder)).toBe(index + 1);
        const found = await columns(database);
        for (const [table, expected] of Object.entries(EXPECTED[tag]!)) {
          expect([table, [...(found.get(table) ?? [])].filter((c) => expected.includes(c)).sort()]).toEqual([table, [...expected].sort()]);
        }
        expect(await migrate(database.db, folder)).toBe(0); // applying again changes nothing
      } finally {
        await database.close();
        rmSync(folder, { recursive: true, force: true });
      }
    });

    it('refuses a database written by a newer build', async () => {
      const database = await openEmpty();
      try {
        await migrate(database.db);
        await database.db.execute(sql`insert into frontdesk_migrations (folder_millis, hash) values (99999999999999, 'future')`);
        await expect(migrate(database.db)).rejects.toThrow(/newer build/);
      } finally {
        await database.close();
      }
    });
  });
}

migrationTests('PGlite', () => openDatabase({ pgliteDataDir: 'memory' }));

const { cluster, reason } = await openPgTestCluster();
if (cluster) {
  const pgCluster: PgTestCluster = cluster;
  afterAll(() => pgCluster.dispose());
  migrationTests('PostgreSQL', async () => openDatabase({ databaseUrl: await pgCluster.emptyDatabase() }));
} else {
  if (process.env.CI) throw new Error(`PostgreSQL is required under CI: ${reason}`);
  console.warn(`\n[server tests] SKIPPED migrations on PostgreSQL: ${reason}\n`);
}
