import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type OpenedDatabase } from '../../../db/open-database';

/** A real SQLite file in a temp folder, migrated; `cleanup` closes and deletes it. */
export function openTempDatabase(): OpenedDatabase & { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'fd-reg-'));
  const opened = openDatabase({ file: join(dir, 'register.db') });
  return {
    ...opened,
    dir,
    cleanup() {
      try {
        opened.close();
      } catch {
        // already closed
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function tempDir(prefix = 'fd-eng-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
