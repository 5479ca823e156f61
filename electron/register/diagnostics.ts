import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { sql } from 'drizzle-orm';
import type { LocalDb } from '../../db/open-database';
import { appliedMigrationTags } from '../../db/migrator';
import { outbox } from '../../db/schema';
import { wallClockInZone } from '../../shared/domain/studio-time';

// Save diagnostics: one folder support can be sent, with what they ask for first (the logs, the versions, the
// database's own integrity check, what the outbox holds). Nothing secret goes in, by construction: the secret
// store is never read, no token column, PIN hash, command body or staff row is selected, and the server URL loses
// any credentials and query. The log files are copied as written; the app's log masks secrets as it writes.

export type DiagnosticsInput = {
  sqlite: Database.Database;
  db: LocalDb;
  databaseFile: string;
  /** The register's data folder: logs/ is copied from it, and diagnostics/ is made in it unless `targetDir` is given. */
  dataDir: string;
  targetDir?: string;
  now: number;
  /** The studio's time zone, for the folder's name (the time staff and support talk about). */
  timeZone: string;
  app: {
    appVersion: string;
    host: 'electron' | 'browser-host';
    register: { id: string; name: string; number: number } | null;
    locationName: string | null;
    serverUrl: string | null;
  };
  /**
   * What the database backups are (the backup module's own summary). Null while this build has none: backups.json
   * then says so.
   */
  describeBackups: (() => unknown) | null;
};

/** The URL as support may see it: no user name, password, query or fragment (a token could hide in any). */
export function withoutCredentials(url: string | null): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return '(not a valid URL)';
  }
}

/** `2026-03-02T10-15-30` in the studio's zone: sorts by time and is a valid file name everywhere. */
export function studioTimeStamp(epochMs: number, timeZone: string): string {
  const wall = wallClockInZone(epochMs, timeZone);
  return `${wall.year}-${wall.month}-${wall.day}T${wall.hour}-${wall.minute}-${wall.second}`;
}

function databaseReport(input: DiagnosticsInput) {
  const pragma = (name: string) => input.sqlite.pragma(name, { simple: true }) as unknown;
  const integrity = (input.sqlite.pragma('integrity_check') as Array<{ integrity_check: string }>).map((row) => row.integrity_check);
  const fileSize = (path: string) => (existsSync(path) ? statSync(path).size : 0);
  const migrations = appliedMigrationTags(input.sqlite);
  return {
    integrityCheck: integrity.length === 1 && integrity[0] === 'ok' ? 'ok' : integrity,
    pageCount: pragma('page_count'),
    pageSize: pragma('page_size'),
    freelistCount: pragma('freelist_count'),
    journalMode: pragma('journal_mode'),
    fileBytes: fileSize(input.databaseFile),
    walBytes: fileSize(`${input.databaseFile}-wal`),
    schemaVersion: migrations.at(-1) ?? null,
    migrations,
  };
}

function outboxReport(input: DiagnosticsInput) {
  const rows = input.db
    .select({
      kind: outbox.kind,
      status: outbox.status,
      count: sql<number>`count(*)`,
      oldestAt: sql<number>`min(${outbox.createdAt})`,
      maxAttempts: sql<number>`max(${outbox.attempts})`,
    })
    .from(outbox)
    .groupBy(outbox.kind, outbox.status)
    .all();
  const pending = rows.filter((row) => row.status === 'pending');
  const oldestPendingAt = pending.length > 0 ? Math.min(...pending.map((row) => row.oldestAt)) : null;
  return {
    byKindAndState: rows.map((row) => ({ kind: row.kind, state: row.status, count: row.count, maxAttempts: row.maxAttempts })),
    pending: pending.reduce((sum, row) => sum + row.count, 0),
    oldestPendingAgeMs: oldestPendingAt === null ? null : Math.max(0, input.now - oldestPendingAt),
  };
}

/** The log files as they are, and a note where a host keeps none (the browser host logs to its console). */
function copyLogs(from: string, to: string): { copied: string[]; note?: string } {
  if (!existsSync(from)) return { copied: [], note: 'This host keeps no log files here (the browser host writes its log to the console).' };
  mkdirSync(to, { recursive: true });
  const copied: string[] = [];
  for (const name of readdirSync(from)) {
    const source = join(from, name);
    if (!statSync(source).isFile()) continue;
    copyFileSync(source, join(to, name));
    copied.push(name);
  }
  return { copied };
}

const writeJson = (path: string, value: unknown) => writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);

/** Writes the folder and returns its path. */
export function saveDiagnostics(input: DiagnosticsInput): string {
  const parent = input.targetDir ?? join(input.dataDir, 'diagnostics');
  const base = `frontdesk-diagnostics-${studioTimeStamp(input.now, input.timeZone)}`;
  let folder = join(parent, base);
  // Two saves within a second each get a folder of their own.
  for (let n = 2; existsSync(folder); n += 1) folder = join(parent, `${base}-${n}`);
  mkdirSync(folder, { recursive: true });

  const database = databaseReport(input);
  const logs = copyLogs(join(input.dataDir, 'logs'), join(folder, 'logs'));
  writeJson(join(folder, 'app.json'), {
    savedAt: new Date(input.now).toISOString(),
    appVersion: input.app.appVersion,
    host: input.app.host,
    electronVersion: process.versions.electron ?? null,
    nodeVersion: process.versions.node,
    platform: process.platform,
    arch: process.arch,
    schemaVersion: database.schemaVersion,
    register: input.app.register,
    location: input.app.locationName,
    serverUrl: withoutCredentials(input.app.serverUrl),
    studioTimeZone: input.timeZone,
    logFiles: logs.copied,
    ...(logs.note ? { logNote: logs.note } : {}),
  });
  writeJson(join(folder, 'database.json'), database);
  writeJson(join(folder, 'outbox.json'), outboxReport(input));
  writeJson(
    join(folder, 'backups.json'),
    input.describeBackups ? input.describeBackups() : { available: false, reason: 'This build keeps no database backups of its own yet.' },
  );
  return folder;
}
