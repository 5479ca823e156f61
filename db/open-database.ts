import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import { damaged, describeError, LocalDatabaseError, notWritable, openingFailure, storageFailureOf, unwritablePart } from './database-errors';
import { lockDatabaseFile, type DatabaseLock } from './database-lock';
import { applyMigrations, planMigrations, readMigrations } from './migrator';
import * as schema from './schema';

// Opens the register's database: one register per file (database-lock.ts), refuses a file this user cannot
// write, a damaged file or one written by a newer build, each with its own code and sentence (database-errors.ts),
// takes a backup before migrating an existing database, then applies pending migrations (DESIGN.md section 6).

/** The database or a transaction on it: both run the same synchronous queries. */
export type LocalDb = BaseSQLiteDatabase<'sync', Database.RunResult, typeof schema>;

export type OpenedDatabase = {
  sqlite: Database.Database;
  db: LocalDb;
  file: string;
  /** Where the pre-migration backup went, when one was taken this time. */
  backupPath: string | null;
  appliedNow: string[];
  close(): void;
};

export type OpenDatabaseOptions = {
  file: string;
  migrationsFolder?: string;
  now?: () => number;
};

export function defaultMigrationsFolder(): string {
  return join(dirname(fileURLToPath(import.meta.url)), 'migrations');
}

export function openDatabase(options: OpenDatabaseOptions): OpenedDatabase {
  const now = options.now ?? Date.now;
  const file = options.file;
  const existed = existsSync(file) && statSync(file).size > 0;
  const migrations = readMigrations(options.migrationsFolder ?? defaultMigrationsFolder());
  // Before SQLite touches anything: SQLite would open a read-only file read-only and fail later, on the first
  // write, with a message that sounds like damage.
  const unwritable = unwritablePart(file);
  if (unwritable) throw notWritable(file, unwritable);
  let lock: DatabaseLock;
  try {
    lock = lockDatabaseFile(file);
  } catch (error) {
    throw openingFailure(file, error);
  }
  let sqlite: Database.Database;
  try {
    sqlite = new Database(file);
  } catch (error) {
    lock.release();
    throw openingFailure(file, error);
  }
  const close = () => {
    sqlite.close();
    lock.release();
  };
  try {
    checkIntegrity(sqlite, file);
    sqlite.pragma('journal_mode = WAL');
    // These rows are money: a committed sale must survive a power cut.
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');

    const plan = planMigrations(sqlite, migrations);
    if (plan.unknown.length > 0) {
      throw new LocalDatabaseError(
        'database_newer',
        `The data file ${file} was written by a newer version of Frontdesk (it knows the change "${plan.unknown[0]}"). ` +
          'Install that version or a later one; this version will not open it, so nothing is lost.',
        { unknown: plan.unknown, file },
      );
    }
    let backupPath: string | null = null;
    if (plan.pending.length > 0 && existed && plan.applied.length > 0) {
      backupPath = `${file}.before-${plan.pending[0]!.tag}.${now()}.bak`;
      // VACUUM INTO writes a consistent copy (WAL included) synchronously.
      sqlite.prepare('VACUUM INTO ?').run(backupPath);
    }
    let appliedNow: string[];
    try {
      appliedNow = applyMigrations(sqlite, plan.pending, { now: now() });
    } catch (error) {
      // A full disk or a read-only folder is said as such; the migration itself is only blamed when it failed.
      if (storageFailureOf(error) !== null && storageFailureOf(error) !== 'damaged') throw openingFailure(file, error);
      throw new LocalDatabaseError(
        'database_migration_failed',
        `Updating the data file ${file} failed (${describeError(error)}). ${backupPath ? `A backup is at ${backupPath}.` : ''}`.trim(),
        { backupPath, file },
      );
    }
    const db = drizzle(sqlite, { schema });
    return { sqlite, db, file, backupPath, appliedNow, close };
  } catch (error) {
    close();
    throw openingFailure(file, error);
  }
}

function checkIntegrity(sqlite: Database.Database, file: string): void {
  const rows = sqlite.pragma('integrity_check') as Array<{ integrity_check: string }>;
  const problems = rows.map((r) => r.integrity_check).filter((r) => r !== 'ok');
  if (problems.length > 0) throw damaged(file, problems[0]!, problems);
}
