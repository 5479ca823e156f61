import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { rowsOf, type Db } from './database';

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('./migrations', import.meta.url));
/** Any constant: several server processes starting together take turns through this advisory lock. */
const MIGRATION_LOCK_KEY = 7_714_001;

/**
 * Applies the drizzle-kit migrations that are not applied yet, in one transaction, on PGlite and PostgreSQL
 * alike. Returns how many were applied. A database that has a migration this build does not know is refused.
 * The transaction holds an advisory lock, so nodes starting together migrate one after the other: the first
 * applies, the others find nothing left to do. `whileLocked` runs in the same transaction after the migrations
 * (the demo seed: two nodes must not both find the database empty).
 */
export async function migrate(db: Db, migrationsFolder = MIGRATIONS_FOLDER, whileLocked?: (tx: Db) => Promise<void>): Promise<number> {
  const migrations = readMigrationFiles({ migrationsFolder });
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`);
    await tx.execute(sql`create table if not exists frontdesk_migrations (
      folder_millis bigint primary key, hash text not null, applied_at timestamptz not null default now())`);
    const applied = rowsOf<{ folder_millis: string | number }>(
      await tx.execute(sql`select folder_millis from frontdesk_migrations order by folder_millis`),
    ).map((row) => Number(row.folder_millis));
    const known = new Set(migrations.map((m) => m.folderMillis));
    const unknown = applied.filter((millis) => !known.has(millis));
    if (unknown.length > 0) {
      throw new Error(`The database has ${unknown.length} migration(s) this server does not know: it was written by a newer build. Upgrade the server.`);
    }
    let count = 0;
    for (const migration of migrations) {
      if (applied.includes(migration.folderMillis)) continue;
      for (const statement of migration.sql) {
        if (statement.trim()) await tx.execute(sql.raw(statement));
      }
      await tx.execute(sql`insert into frontdesk_migrations (folder_millis, hash) values (${migration.folderMillis}, ${migration.hash})`);
      count += 1;
    }
    await whileLocked?.(tx as unknown as Db);
    return count;
  });
}
