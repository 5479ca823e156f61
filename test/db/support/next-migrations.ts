import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultMigrationsFolder } from '../../../db/open-database';

/** A copy of the build's migrations plus one more, as a later build would ship them. */
export function migrationsWithExtra(dir: string): string {
  const folder = join(dir, 'migrations-next');
  cpSync(defaultMigrationsFolder(), folder, { recursive: true });
  const journalPath = join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8'));
  const last = journal.entries.at(-1);
  journal.entries.push({ idx: last.idx + 1, version: '6', when: last.when + 1, tag: '9999_test_extra', breakpoints: true });
  writeFileSync(journalPath, JSON.stringify(journal));
  writeFileSync(join(folder, '9999_test_extra.sql'), 'CREATE TABLE `extra` (`id` text PRIMARY KEY NOT NULL);');
  return folder;
}
