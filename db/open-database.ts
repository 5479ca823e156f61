import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import { applyMigrations, planMigrations, readMigrations } from './migrator';
import * as schema from './schema';

// Opens the register's database: refuses a corrupt file or one written by a newer build, takes a backup
// before migrating an existing database, then applies pending migrations (DESIGN.md section 6).

/** The database or a transaction on it: both run the same synchronous queries. */
export type LocalDb = BaseSQLiteDatabase<'sync', Database.RunResult, typeof schema>;

export type LocalDatabaseErrorCode = 'database_corrupt' | 'database_newer' | 'database_migration_failed';

/** A database the register cannot use, with a sentence for the person at the desk or IT. */
export class LocalDatabaseError extends Error {
  readonly code: LocalDatabaseErrorCode;
  readonly details: Record<string, unknown> | undefined;
  constructor(code: LocalDatabaseErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'LocalDatabaseError';
    this.code = code;
    this.details = details;
  }
}

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
  const existed = existsSync(options.file) && statSync(options.file).size > 0;
  const migrations = readMigrations(options.migrationsFolder ?? defaultMigrationsFolder());
  let sqlite: Database.Database;
  try {
    sqlite = new Database(options.file);
  } catch (error) {
    throw corrupt(options.file, error);
  }
  try {
    checkIntegrity(sqlite, options.file);
    sqlite.pragma('journal_mode = WAL');
    // These rows are money: a committed sale must survive a power cut.
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');

    const plan = planMigrations(sqlite, migrations);
    if (plan.unknown.length > 0) {
      throw new LocalDatabaseError(
        'database_newer',
        `This register's data was written by a newer version of Frontdesk (it knows the change "${plan.unknown[0]}"). ` +
          'Install that version or a later one; this version will not open it, so nothing is lost.',
        { unknown: plan.unknown, file: options.file },
      );
    }
    let backupPath: string | null = null;
    if (plan.pending.length > 0 && existed && plan.applied.length > 0) {
      backupPath = `${options.file}.before-${plan.pending[0]!.tag}.${now()}.bak`;
      // VACUUM INTO writes a consistent copy (WAL included) synchronously.
      sqlite.prepare('VACUUM INTO ?').run(backupPath);
    }
    let appliedNow: string[];
    try {
      appliedNow = applyMigrations(sqlite, plan.pending, { now: now() });
    } catch (error) {
      throw new LocalDatabaseError(
        'database_migration_failed',
        `Updating this register's data failed (${describe(error)}). ${backupPath ? `A backup is at ${backupPath}.` : ''}`.trim(),
        { backupPath },
      );
    }
    const db = drizzle(sqlite, { schema });
    return { sqlite, db, file: options.file, backupPath, appliedNow, close: () => sqlite.close() };
  } catch (error) {
    sqlite.close();
    if (error instanceof LocalDatabaseError) throw error;
    throw corrupt(options.file, error);
  }
}

function checkIntegrity(sqlite: Database.Database, file: string): void {
  const rows = sqlite.pragma('integrity_check') as Array<{ integrity_check: string }>;
  const problems = rows.map((r) => r.integrity_check).filter((r) => r !== 'ok');
  if (problems.length > 0) {
    throw new LocalDatabaseError(
      'database_corrupt',
      `This register's data file is damaged and was not opened (${problems[0]}). Restore it from a backup or contact support.`,
      { file, problems: problems.slice(0, 10) },
    );
  }
}

function corrupt(file: string, error: unknown): LocalDatabaseError {
  return new LocalDatabaseError(
    'database_corrupt',
    `This register's data file could not be read and was not opened (${describe(error)}). Restore it from a backup or contact support.`,
    { file },
  );
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
