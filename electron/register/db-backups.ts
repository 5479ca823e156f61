import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { EngineClock } from './engine-clock';

// Backups of the register's database that exist when they are needed: an online copy (SQLite's backup API, so
// the register keeps selling while it runs) at start, after every N sales and at least hourly while the register
// is in use, kept in rotation under the data folder's backups/. Each copy is written under a temporary name and
// kept only once PRAGMA integrity_check says it is sound, so a kept backup is always one to start from.

const BACKUPS_FOLDER = 'backups';
const PREFIX = 'register-';
const SUFFIX = '.db';

export type BackupFile = { file: string; takenAt: number };

export type BackupSchedulerOptions = {
  /** The register's open database (the engine's own connection). */
  sqlite: Database.Database;
  dataDir: string;
  clock: EngineClock;
  /** A backup after this many sales (default 20). */
  everySales?: number;
  /** At most this long between backups while something changed (default one hour). */
  intervalMs?: number;
  /** How many backups are kept (default the last 10). */
  keep?: number;
  log?: (line: string) => void;
  /** Test hook: runs on a freshly written copy before it is checked (a test damages it here). */
  afterWrite?: (file: string) => void;
};

export type BackupScheduler = {
  /** Takes the start backup and arms the hourly check. */
  start(): Promise<void>;
  /** A sale was written: every N of them a backup is taken. */
  saleRecorded(): void;
  /** Takes a backup now; null when its copy failed its check (it was deleted and logged). */
  takeNow(reason: string): Promise<BackupFile | null>;
  /** Resolves once no backup is being written. */
  idle(): Promise<void>;
  stop(): Promise<void>;
};

function backupsFolderOf(dataDir: string): string {
  return join(dataDir, BACKUPS_FOLDER);
}

/** 2026-03-02T15:00:00.123Z → register-2026-03-02T15-00-00-123Z.db: sorts by time, valid on every file system. */
function fileNameFor(takenAt: number): string {
  return `${PREFIX}${new Date(takenAt).toISOString().replace(/[:.]/g, '-')}${SUFFIX}`;
}

function takenAtOf(name: string): number | null {
  const match = /^register-(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z(?:-\d+)?\.db$/.exec(name);
  if (!match) return null;
  const at = Date.parse(`${match[1]}T${match[2]}:${match[3]}:${match[4]}.${match[5]}Z`);
  return Number.isNaN(at) ? null : at;
}

/** The kept backups, newest first. */
function listBackups(dataDir: string): BackupFile[] {
  const folder = backupsFolderOf(dataDir);
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .flatMap((name) => {
      const takenAt = takenAtOf(name);
      return takenAt === null ? [] : [{ file: join(folder, name), takenAt }];
    })
    .sort((a, b) => b.takenAt - a.takenAt || b.file.localeCompare(a.file));
}

/** 'ok', or SQLite's first complaint about the file. */
function integrityOf(file: string): string {
  let db: Database.Database | null = null;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const rows = db.pragma('integrity_check(1)') as Array<{ integrity_check: string }>;
    return rows[0]?.integrity_check ?? 'no answer from the integrity check';
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    db?.close();
  }
}

/**
 * A fresh copy carries the register's WAL mode in its header; it is switched to a plain rollback journal, so that
 * reading it later (diagnostics, a start from it) leaves no -wal or -shm file beside it. Returns its integrity.
 */
function settleCopy(file: string): string {
  try {
    const db = new Database(file, { fileMustExist: true });
    try {
      db.pragma('journal_mode = DELETE');
    } finally {
      db.close();
    }
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  return integrityOf(file);
}

/** The newest backup that passes its integrity check now, or null. */
export function newestGoodBackup(dataDir: string): BackupFile | null {
  return listBackups(dataDir).find((backup) => integrityOf(backup.file) === 'ok') ?? null;
}

export type BackupsDescription = {
  folder: string;
  count: number;
  newestTakenAt: number | null;
  newestAgeMs: number | null;
  backups: Array<{ file: string; takenAt: number; ageMs: number; sizeBytes: number; integrity: string }>;
};

/** Where the backups are, how many, how old the newest is, and each one's integrity checked now (for diagnostics). */
export function describeBackups(dataDir: string, now: number): BackupsDescription {
  const backups = listBackups(dataDir).map((backup) => ({
    file: backup.file,
    takenAt: backup.takenAt,
    ageMs: now - backup.takenAt,
    sizeBytes: statSync(backup.file).size,
    integrity: integrityOf(backup.file),
  }));
  const newest = backups[0] ?? null;
  return {
    folder: backupsFolderOf(dataDir),
    count: backups.length,
    newestTakenAt: newest?.takenAt ?? null,
    newestAgeMs: newest ? now - newest.takenAt : null,
    backups,
  };
}

export function createBackupScheduler(options: BackupSchedulerOptions): BackupScheduler {
  const { sqlite, clock } = options;
  const log = options.log ?? (() => {});
  const everySales = options.everySales ?? 20;
  const intervalMs = options.intervalMs ?? 60 * 60_000;
  const keep = options.keep ?? 10;
  const folder = backupsFolderOf(options.dataDir);
  let salesSince = 0;
  let changesAtLast = -1;
  let running: Promise<BackupFile | null> | null = null;
  let timer: unknown = null;
  let stopped = false;

  // This connection's count of changed rows: the hourly backup is skipped while nothing changed.
  const totalChanges = () => (sqlite.prepare('SELECT total_changes() AS n').get() as { n: number }).n;

  async function write(reason: string): Promise<BackupFile | null> {
    mkdirSync(folder, { recursive: true });
    const takenAt = clock.now();
    let name = fileNameFor(takenAt);
    for (let n = 1; existsSync(join(folder, name)); n++) name = fileNameFor(takenAt).replace(SUFFIX, `-${n}${SUFFIX}`);
    const file = join(folder, name);
    const partial = `${file}.partial`;
    const changes = totalChanges();
    try {
      await sqlite.backup(partial);
      options.afterWrite?.(partial);
      const integrity = settleCopy(partial);
      if (integrity !== 'ok') {
        rmSync(partial, { force: true });
        log(`[backup] the backup written for ${reason} failed its integrity check (${integrity}); it was deleted`);
        return null;
      }
      renameSync(partial, file);
    } catch (error) {
      rmSync(partial, { force: true });
      log(`[backup] no backup for ${reason}: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    }
    changesAtLast = changes;
    for (const old of listBackups(options.dataDir).slice(keep)) rmSync(old.file, { force: true });
    log(`[backup] ${file} (${reason})`);
    return { file, takenAt };
  }

  function takeNow(reason: string): Promise<BackupFile | null> {
    // One at a time: a request while one is written waits for it, then writes its own.
    const previous = running ?? Promise.resolve(null);
    const next = previous.then(() => (stopped ? null : write(reason)));
    running = next;
    void next.finally(() => {
      if (running === next) running = null;
    });
    return next;
  }

  function arm(): void {
    if (stopped) return;
    timer = clock.setTimeout(() => {
      timer = null;
      if (!stopped && totalChanges() !== changesAtLast) void takeNow('the hourly backup');
      arm();
    }, intervalMs);
  }

  return {
    async start() {
      await takeNow('start');
      arm();
    },
    saleRecorded() {
      salesSince++;
      if (salesSince < everySales) return;
      salesSince = 0;
      void takeNow(`${everySales} sales`);
    },
    takeNow,
    async idle() {
      while (running) await running;
    },
    async stop() {
      stopped = true;
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
      while (running) await running;
    },
  };
}
