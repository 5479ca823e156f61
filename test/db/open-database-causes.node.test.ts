import { createHash } from 'node:crypto';
import { chmodSync, chownSync, closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { LocalDatabaseError } from '../../db/database-errors';
import { openDatabase } from '../../db/open-database';
import { refusal } from './support/refusal';
import { canMountSmallDisk, mountSmallDisk } from './support/small-disk';
import { migrationsWithExtra } from './support/next-migrations';
import { OTHER_USER, openInChild } from './support/open-in-child';

// Each way the data file cannot be used gives its own code and a sentence naming the file, with real files: a
// folder or file this user cannot write (checked as an ordinary user, since root ignores file modes), a disk that
// fills, damaged pages, a second register on the same file. A healthy file is never sent to a backup, and the
// file is left exactly as it was.

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'fd-causes-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
const digest = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** A healthy register database holding a value, checkpointed so the whole of it is in the one file. */
function healthyDatabase(file: string): void {
  const opened = openDatabase({ file });
  opened.sqlite.prepare(`INSERT INTO meta (key, value) VALUES ('lastSeq', '7')`).run();
  opened.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  opened.close();
}
const lastSeqOf = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(`SELECT value FROM meta WHERE key = 'lastSeq'`).get();
  } finally {
    db.close();
  }
};
const neverAdvisesBackup = (error: LocalDatabaseError) => expect(error.message).not.toMatch(/backup|restore/i);

const mayMount = process.getuid?.() === 0 && canMountSmallDisk();

describe('opening the register database tells the causes apart', () => {
  it('a folder this user cannot write: database_not_writable, names the folder, says nothing is lost, leaves the file as it was', () => {
    const dir = tempDir();
    const file = join(dir, 'register.db');
    healthyDatabase(file);
    const before = digest(file);
    // The folder and the file belong to root; the register runs as an ordinary user who may only read them.
    chmodSync(dir, 0o755);
    const result = openInChild(file, { asOtherUser: true });
    expect(result).toMatchObject({ opened: false, code: 'database_not_writable', details: { file } });
    const message = (result as { message: string }).message;
    expect(message).toContain(file);
    expect(message).toContain(`the folder ${dir}`);
    expect(message).toMatch(/Nothing is lost/);
    expect(message).not.toMatch(/backup|restore|damaged|could not be read/i);
    expect(digest(file)).toBe(before);
    // Healthy all along: as a user who may write, it opens with its data.
    expect(lastSeqOf(file)).toEqual({ value: '7' });
  });

  it('a data file made read-only in a folder the user owns: database_not_writable names the file', () => {
    const dir = tempDir();
    chmodSync(dir, 0o755);
    const folder = join(dir, 'register');
    mkdirSync(folder);
    const file = join(folder, 'register.db');
    healthyDatabase(file);
    chownSync(folder, OTHER_USER.uid, OTHER_USER.gid);
    chownSync(file, OTHER_USER.uid, OTHER_USER.gid);
    chmodSync(file, 0o444);
    const before = digest(file);
    const result = openInChild(file, { asOtherUser: true });
    expect(result).toMatchObject({ opened: false, code: 'database_not_writable' });
    expect((result as { message: string }).message).toContain(`the file ${file} is read-only`);
    expect(digest(file)).toBe(before);
    chmodSync(file, 0o644);
    expect(openInChild(file, { asOtherUser: true })).toEqual({ opened: true });
  });

  it.skipIf(!mayMount)('a disk that is full: database_disk_full for a new register and for an update, and all opens once space is freed', () => {
    const disk = mountSmallDisk(1024);
    cleanups.push(() => disk.unmount());
    const file = join(disk.dir, 'register.db');
    disk.fill();
    const full = refusal(() => openDatabase({ file }));
    expect(full.code).toBe('database_disk_full');
    expect(full.message).toContain(file);
    expect(full.message).toMatch(/disk that holds the data file .* is full.*Nothing is lost.*Free some space/);
    neverAdvisesBackup(full);
    disk.free();
    healthyDatabase(file);
    const before = digest(file);
    disk.fill();
    // An existing register on a disk that filled while it was closed, and a new build to update it.
    const migrationsFolder = migrationsWithExtra(tempDir());
    const again = refusal(() => openDatabase({ file, migrationsFolder }));
    expect(again.code).toBe('database_disk_full');
    expect(digest(file)).toBe(before);
    disk.free();
    const updated = openDatabase({ file, migrationsFolder });
    expect(updated.appliedNow).toEqual(['9999_test_extra']);
    updated.close();
    expect(lastSeqOf(file)).toEqual({ value: '7' });
  });

  it('damaged pages: database_corrupt names the file and offers the backup, and the file is kept as it was', () => {
    const file = join(tempDir(), 'register.db');
    const opened = openDatabase({ file });
    const insert = opened.sqlite.prepare('INSERT INTO notices (id, level, message, at) VALUES (?, ?, ?, ?)');
    for (let i = 0; i < 300; i++) insert.run(`n${i}`, 'info', `message ${i} `.repeat(20), i);
    opened.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    opened.close();
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(8192, 0xab), 0, 8192, Math.floor(statSync(file).size / 2));
    closeSync(fd);
    const before = digest(file);
    const error = refusal(() => openDatabase({ file }));
    expect(error.code).toBe('database_corrupt');
    expect(error.message).toContain(`The data file ${file} is damaged`);
    expect(error.message).toMatch(/kept as it is/);
    expect(error.message).toMatch(/newest good backup/);
    expect(digest(file)).toBe(before);
  });

  it('a text file where the database should be: database_corrupt, naming the file', () => {
    const file = join(tempDir(), 'register.db');
    const fd = openSync(file, 'w');
    writeSync(fd, 'these are notes someone saved over the register data. '.repeat(200));
    closeSync(fd);
    const error = refusal(() => openDatabase({ file }));
    expect(error.code).toBe('database_corrupt');
    expect(error.message).toContain(file);
  });

  it('a second register on the same file, in this process or another: database_locked, and the first keeps working', () => {
    const file = join(tempDir(), 'register.db');
    const first = openDatabase({ file });
    const second = refusal(() => openDatabase({ file }));
    expect(second.code).toBe('database_locked');
    expect(second.message).toContain(file);
    expect(second.message).toMatch(/Another Frontdesk register is already running/);
    neverAdvisesBackup(second);
    const other = openInChild(file);
    expect(other).toMatchObject({ opened: false, code: 'database_locked' });
    // The first register still writes; once it closes, the next one opens.
    first.sqlite.prepare(`INSERT INTO meta (key, value) VALUES ('lastSeq', '9')`).run();
    first.close();
    expect(openInChild(file)).toEqual({ opened: true });
    expect(lastSeqOf(file)).toEqual({ value: '9' });
  });
});
