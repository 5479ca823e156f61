import { accessSync, constants, existsSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ErrorCode } from '../shared/contract/errors';

// Why the register's data file cannot be used, told apart: each cause has its own code and a sentence that
// names the file and says what to do. Only a damaged file is a reason to go back to a backup; a full disk, a
// read-only folder or a second register leave the file healthy, and their sentences say that nothing is lost.

export type LocalDatabaseErrorCode = Extract<ErrorCode, `database_${string}`>;

/** A database the register cannot use, with a sentence for the person at the desk or IT. `details.file` names it. */
export class LocalDatabaseError extends Error {
  readonly code: LocalDatabaseErrorCode;
  readonly details: Record<string, unknown> & { file: string };
  constructor(code: LocalDatabaseErrorCode, message: string, details: Record<string, unknown> & { file: string }) {
    super(message);
    this.name = 'LocalDatabaseError';
    this.code = code;
    this.details = details;
  }
}

/** The causes a failed SQLite or file-system call can have, from its error code. */
export type StorageFailure = 'not_writable' | 'disk_full' | 'io_error' | 'locked' | 'damaged';

export function storageFailureOf(error: unknown): StorageFailure | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return null;
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN') || code === 'SQLITE_PERM') return 'not_writable';
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return 'not_writable';
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') return 'disk_full';
  if (code.startsWith('SQLITE_IOERR') || code === 'EIO') return 'io_error';
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED') || code === 'EBUSY') return 'locked';
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return 'damaged';
  return null;
}

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Which of the folder and the files SQLite writes (the database, its WAL and shared memory) this user cannot change. */
export function unwritablePart(file: string): string | null {
  const folder = dirname(file);
  if (!canWrite(folder)) return `the folder ${folder}`;
  for (const part of [file, `${file}-wal`, `${file}-shm`]) {
    if (existsSync(part) && !canWrite(part)) return `the file ${part}`;
  }
  return null;
}

function canWrite(path: string): boolean {
  try {
    accessSync(path, constants.R_OK | constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

export function notWritable(file: string, part: string | null, cause?: unknown): LocalDatabaseError {
  const what = part ?? `the folder ${dirname(file)} or the file itself`;
  return new LocalDatabaseError(
    'database_not_writable',
    `Frontdesk cannot save to its data file ${file}: ${what} is read-only for this user. Nothing is lost; the file is intact. ` +
      `Give this user permission to change the folder ${dirname(file)} (or ask IT to), then start Frontdesk again.`,
    { file, ...(cause ? { cause: describeError(cause) } : {}) },
  );
}

function diskFull(file: string, cause: unknown): LocalDatabaseError {
  return new LocalDatabaseError(
    'database_disk_full',
    `The disk that holds the data file ${file} is full, so Frontdesk cannot save and did not start. Nothing is lost. ` +
      'Free some space on that disk (empty the recycle bin, move large files away), then start Frontdesk again.',
    { file, cause: describeError(cause) },
  );
}

function ioError(file: string, cause: unknown): LocalDatabaseError {
  return new LocalDatabaseError(
    'database_io_error',
    `The disk reported an error while Frontdesk read or wrote its data file ${file} (${describeError(cause)}). Nothing was changed. ` +
      'Check the disk or network drive it is on and start Frontdesk again; if it keeps happening, contact support.',
    { file, cause: describeError(cause) },
  );
}

function lockedByAnother(file: string): LocalDatabaseError {
  return new LocalDatabaseError(
    'database_locked',
    `Another Frontdesk register is already running with the data file ${file} (on this PC, or on another one using the same folder). ` +
      'Use that one, or close it and start this one again. Nothing was changed.',
    { file },
  );
}

export function damaged(file: string, problem: string, problems: string[] = [problem]): LocalDatabaseError {
  return new LocalDatabaseError(
    'database_corrupt',
    `The data file ${file} is damaged (${problem}) and was not opened; it is kept as it is. ` +
      'Frontdesk can start from its newest good backup and then list the sales it can still read from the damaged file, ' +
      'so they can be sent again. If there is no backup, keep the file and contact support.',
    { file, problems: problems.slice(0, 10) },
  );
}

/** The error for a failed opening step, by its cause; a cause SQLite does not name is treated as damage. */
export function openingFailure(file: string, error: unknown): LocalDatabaseError {
  if (error instanceof LocalDatabaseError) return error;
  switch (storageFailureOf(error)) {
    case 'not_writable':
      return notWritable(file, unwritablePart(file), error);
    case 'disk_full':
      return diskFull(file, error);
    case 'io_error':
      return ioError(file, error);
    case 'locked':
      return lockedByAnother(file);
    default:
      return damaged(file, describeError(error));
  }
}
