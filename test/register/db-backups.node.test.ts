import { closeSync, existsSync, openSync, readdirSync, statSync, writeSync } from 'node:fs';
import { basename, join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createBackupScheduler, describeBackups, newestGoodBackup, type BackupScheduler } from '../../electron/register/db-backups';
import { createManualClock } from './support/manual-clock';
import { openTempDatabase } from './support/temp-database';

// The backup rotation on the manual clock: when backups are taken, how many are kept, how old they are and that
// each kept one passes its integrity check (a damaged copy is deleted, not kept).

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const HOUR = 60 * 60_000;

function setup(extra: Partial<Parameters<typeof createBackupScheduler>[0]> = {}) {
  const store = openTempDatabase();
  cleanups.push(store.cleanup);
  const clock = createManualClock();
  const lines: string[] = [];
  const scheduler: BackupScheduler = createBackupScheduler({ sqlite: store.sqlite, dataDir: store.dir, clock, log: (l) => lines.push(l), ...extra });
  cleanups.push(() => scheduler.stop());
  let n = 0;
  const write = () => store.sqlite.prepare('INSERT INTO notices (id, level, message, at) VALUES (?, ?, ?, ?)').run(`n${++n}`, 'info', `note ${n}`, n);
  /** Moves the clock and waits for any backup its timers started. */
  const advance = async (ms: number) => {
    clock.advance(ms);
    await scheduler.idle();
  };
  return { store, clock, scheduler, lines, write, advance, describe: () => describeBackups(store.dir, clock.now()) };
}

describe('database backups', () => {
  it('takes one at start, every 20 sales, and hourly only while something changed; each is sound and holds the rows before it', async () => {
    const { store, scheduler, write, advance, describe, clock } = setup();
    write();
    await scheduler.start();
    expect(describe()).toMatchObject({ folder: join(store.dir, 'backups'), count: 1, newestAgeMs: 0 });
    expect(describe().backups[0]!.integrity).toBe('ok');

    for (let i = 0; i < 19; i++) scheduler.saleRecorded();
    await scheduler.idle();
    expect(describe().count).toBe(1);
    scheduler.saleRecorded();
    await scheduler.idle();
    expect(describe().count).toBe(2);

    // An hour without a change: nothing new; the age grows with the clock.
    await advance(HOUR);
    expect(describe()).toMatchObject({ count: 2, newestAgeMs: HOUR });
    write();
    await advance(HOUR);
    expect(describe()).toMatchObject({ count: 3, newestAgeMs: 0 });
    const newest = describe().backups[0]!;
    expect(newest.takenAt).toBe(clock.now());
    const copy = new Database(newest.file, { readonly: true });
    expect(copy.prepare('SELECT count(*) AS n FROM notices').get()).toEqual({ n: 2 });
    copy.close();
    expect(describe().backups.every((b) => b.integrity === 'ok' && b.sizeBytes > 0)).toBe(true);
  });

  it('keeps the last 10, oldest deleted first, with their ages on the clock', async () => {
    const { scheduler, write, advance, describe } = setup();
    await scheduler.start();
    for (let i = 0; i < 12; i++) {
      write();
      await advance(HOUR);
    }
    const description = describe();
    expect(description.count).toBe(10);
    expect(description.backups.map((b) => b.ageMs)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((h) => h * HOUR));
    expect(readdirSync(description.folder).filter((name) => name.endsWith('.partial'))).toEqual([]);
    await advance(5 * 60_000);
    expect(describe().newestAgeMs).toBe(5 * 60_000);
  });

  it('a copy that fails its integrity check is deleted and logged, and the good ones stay', async () => {
    let damage = false;
    const { scheduler, lines, describe, write } = setup({
      afterWrite: (file) => {
        if (!damage) return;
        for (let i = 0; i < 60; i++) write();
        const fd = openSync(file, 'r+');
        writeSync(fd, Buffer.alloc(4096 * 8, 0xab), 0, 4096 * 8, 4096 * 2);
        closeSync(fd);
      },
    });
    await scheduler.start();
    damage = true;
    expect(await scheduler.takeNow('a test')).toBeNull();
    expect(describe().count).toBe(1);
    expect(lines.filter((l) => /failed its integrity check/.test(l))).toEqual([
      expect.stringMatching(/for a test failed its integrity check \([\s\S]+\); it was deleted/),
    ]);
    expect(readdirSync(describe().folder)).toHaveLength(1);
    const good = newestGoodBackup(join(describe().folder, '..'));
    expect(good && basename(good.file)).toBe(basename(describe().backups[0]!.file));
    expect(existsSync(good!.file) && statSync(good!.file).size > 0).toBe(true);
  });
});
