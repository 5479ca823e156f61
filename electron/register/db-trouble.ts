import { dirname } from 'node:path';
import { LocalDatabaseError } from '../../db/database-errors';
import { newestGoodBackup } from './db-backups';

// A data file the register cannot open, as the hosts show it (Electron's dialog, the terminal and page of the
// browser host): the code, the sentence naming the file, its folder to show, and, only for a damaged file, the
// newest good backup to start from.

export type DatabaseTrouble = {
  code: LocalDatabaseError['code'];
  message: string;
  file: string;
  folder: string;
  /** Offered only when the file is damaged: a healthy file is never replaced by an older copy. */
  backup: { file: string; takenAt: number } | null;
};

export function databaseTroubleOf(error: unknown): DatabaseTrouble | null {
  if (!(error instanceof LocalDatabaseError)) return null;
  const file = error.details.file;
  const backup = error.code === 'database_corrupt' ? newestGoodBackup(dirname(file)) : null;
  return { code: error.code, message: error.message, file, folder: dirname(file), backup };
}

/** "Start from the backup of 2 March 2026, 15:00" in the PC's own language and time. */
export function backupLabel(takenAt: number, locale?: string): string {
  const when = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short' }).format(takenAt);
  return `Start from the backup of ${when}`;
}
