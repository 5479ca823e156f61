import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { z } from 'zod';

// Applies the SQL that drizzle-kit generated (db/migrations, with its journal) and records each applied
// migration by tag, so a build can tell a database that knows migrations it does not (a newer build's).

export type Migration = { idx: number; tag: string; when: number; statements: string[] };

const JournalSchema = z.object({
  entries: z.array(z.object({ idx: z.number().int(), tag: z.string().min(1), when: z.number(), breakpoints: z.boolean() })),
});

const MIGRATIONS_TABLE = '_migrations';

export function readMigrations(folder: string): Migration[] {
  const journal = JournalSchema.parse(JSON.parse(readFileSync(join(folder, 'meta', '_journal.json'), 'utf8')));
  return [...journal.entries]
    .sort((a, b) => a.idx - b.idx)
    .map((entry) => {
      const sql = readFileSync(join(folder, `${entry.tag}.sql`), 'utf8');
      const statements = sql
        .split('--> statement-breakpoint')
        .map((s) => s.trim())
        .filter((s) => s.length > 0);
      return { idx: entry.idx, tag: entry.tag, when: entry.when, statements };
    });
}

function ensureMigrationsTable(sqlite: Database.Database): void {
  sqlite.exec(`CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (tag TEXT PRIMARY KEY NOT NULL, idx INTEGER NOT NULL, applied_at INTEGER NOT NULL)`);
}

export function appliedMigrationTags(sqlite: Database.Database): string[] {
  ensureMigrationsTable(sqlite);
  const rows = sqlite.prepare(`SELECT tag FROM ${MIGRATIONS_TABLE} ORDER BY idx`).all() as Array<{ tag: string }>;
  return rows.map((row) => row.tag);
}

export type MigrationPlan = { pending: Migration[]; unknown: string[]; applied: string[] };

export function planMigrations(sqlite: Database.Database, migrations: readonly Migration[]): MigrationPlan {
  const applied = appliedMigrationTags(sqlite);
  const known = new Set(migrations.map((m) => m.tag));
  const appliedSet = new Set(applied);
  return {
    applied,
    unknown: applied.filter((tag) => !known.has(tag)),
    pending: migrations.filter((m) => !appliedSet.has(m.tag)),
  };
}

/** Applies each migration in its own transaction, in journal order. `upTo` (a tag) stops after that one. */
export function applyMigrations(
  sqlite: Database.Database,
  migrations: readonly Migration[],
  options: { now: number; upTo?: string } = { now: Date.now() },
): string[] {
  ensureMigrationsTable(sqlite);
  const done: string[] = [];
  const record = sqlite.prepare(`INSERT INTO ${MIGRATIONS_TABLE} (tag, idx, applied_at) VALUES (?, ?, ?)`);
  for (const migration of migrations) {
    const already = sqlite.prepare(`SELECT 1 FROM ${MIGRATIONS_TABLE} WHERE tag = ?`).get(migration.tag);
    if (!already) {
      sqlite.transaction(() => {
        for (const statement of migration.statements) sqlite.exec(statement);
        record.run(migration.tag, migration.idx, options.now);
        // user_version mirrors the count of applied migrations, for anyone inspecting the file by hand.
        sqlite.pragma(`user_version = ${migration.idx + 1}`);
      })();
      done.push(migration.tag);
    }
    if (options.upTo === migration.tag) break;
  }
  return done;
}
