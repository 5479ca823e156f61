import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MIGRATIONS_FOLDER } from '../../../server/src/db/migrate';

// The server's real migrations, cut short: a migration is tested by applying the ones before it, writing data of
// that older shape, then applying it.

export type Journal = { entries: Array<{ idx: number; tag: string }> };
export const journal = JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, 'meta/_journal.json'), 'utf8')) as Journal;

/** The position of a migration in the journal (-1 when unknown). */
export function migrationIndex(tag: string): number {
  return journal.entries.findIndex((entry) => entry.tag === tag);
}

/** A temporary migrations folder holding only the first `count` migrations of the real one. */
export function folderWithFirstMigrations(count: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'fd-migrations-'));
  mkdirSync(join(dir, 'meta'));
  const entries = journal.entries.slice(0, count);
  for (const entry of entries) cpSync(join(MIGRATIONS_FOLDER, `${entry.tag}.sql`), join(dir, `${entry.tag}.sql`));
  writeFileSync(join(dir, 'meta/_journal.json'), JSON.stringify({ ...journal, entries }));
  return dir;
}
