import { existsSync, mkdtempSync, openSync, rmSync, statSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open-database';
import { refusal } from './support/refusal';
import { migrationsWithExtra } from './support/next-migrations';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'fd-open-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('openDatabase', () => {
  it('opens a new database with WAL, synchronous=FULL and foreign keys, and takes no backup', () => {
    const dir = tempDir();
    const opened = openDatabase({ file: join(dir, 'register.db') });
    expect(opened.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(opened.sqlite.pragma('synchronous', { simple: true })).toBe(2);
    expect(opened.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(opened.appliedNow.length).toBeGreaterThan(0);
    expect(opened.backupPath).toBeNull();
    opened.close();
    const again = openDatabase({ file: join(dir, 'register.db') });
    expect(again.appliedNow).toEqual([]);
    expect(again.backupPath).toBeNull();
    again.close();
  });

  it('backs up an existing database before applying a pending migration', () => {
    const dir = tempDir();
    const file = join(dir, 'register.db');
    const first = openDatabase({ file });
    first.sqlite.prepare(`INSERT INTO meta (key, value) VALUES ('lastSeq', '7')`).run();
    first.close();

    const next = openDatabase({ file, migrationsFolder: migrationsWithExtra(dir), now: () => 1234 });
    expect(next.appliedNow).toEqual(['9999_test_extra']);
    expect(next.backupPath).toBe(`${file}.before-9999_test_extra.1234.bak`);
    expect(existsSync(next.backupPath!)).toBe(true);
    next.close();

    const backup = new Database(`${file}.before-9999_test_extra.1234.bak`, { readonly: true });
    expect(backup.prepare(`SELECT value FROM meta WHERE key = 'lastSeq'`).get()).toEqual({ value: '7' });
    expect(backup.prepare(`SELECT name FROM sqlite_master WHERE name = 'extra'`).get()).toBeUndefined();
    backup.close();
  });

  it('refuses a database written by a newer build, and leaves it as it was', () => {
    const dir = tempDir();
    const file = join(dir, 'register.db');
    const newer = openDatabase({ file, migrationsFolder: migrationsWithExtra(dir) });
    newer.close();
    const sizeBefore = statSync(file).size;
    const error = refusal(() => openDatabase({ file }));
    expect(error.code).toBe('database_newer');
    expect(error.message).toMatch(/newer version of Frontdesk/);
    expect(error.message).toMatch(/9999_test_extra/);
    expect(statSync(file).size).toBe(sizeBefore);
  });

  it('refuses a file that is not a database', () => {
    const file = join(tempDir(), 'register.db');
    writeFileSync(file, 'this is not a database, just text that someone saved here'.repeat(100));
    const error = refusal(() => openDatabase({ file }));
    expect(error.code).toBe('database_corrupt');
    expect(error.message).toMatch(/could not be read|damaged/);
  });

  it('refuses a database whose pages are damaged', () => {
    const file = join(tempDir(), 'register.db');
    const opened = openDatabase({ file });
    const insert = opened.sqlite.prepare('INSERT INTO notices (id, level, message, at) VALUES (?, ?, ?, ?)');
    for (let i = 0; i < 400; i++) insert.run(`n${i}`, 'info', `message ${i} `.repeat(20), i);
    opened.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    opened.sqlite.pragma('journal_mode = DELETE');
    opened.close();
    // Overwrite the middle of the file (table and index pages) with garbage.
    const size = statSync(file).size;
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(8192, 0xab), 0, 8192, Math.floor(size / 2));
    closeSync(fd);
    const error = refusal(() => openDatabase({ file }));
    expect(error.code).toBe('database_corrupt');
  });
});
