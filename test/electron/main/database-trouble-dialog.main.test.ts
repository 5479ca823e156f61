import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { notWritable } from '../../../db/database-errors';
import { createBackupScheduler } from '../../../electron/register/db-backups';
import { systemClock } from '../../../electron/register/engine-clock';
import { DATABASE_FILE, openRegisterStore } from '../../../electron/register/register-store';
import { overwritePages, pagesOf } from '../../register/support/damage-pages';

// The Electron dialog for a data file that cannot be opened: the sentence with the file and the code, "Show the
// folder" (the file selected in the file manager, then the dialog again), and "Start from the backup of <time>"
// only for a damaged file with a good backup; choosing it puts the backup in place for the relaunch.

const electron = vi.hoisted(() => ({
  responses: [] as number[],
  dialog: {
    showMessageBox: vi.fn(async (_options: { buttons: string[]; detail: string; cancelId: number }) => ({ response: electron.responses.shift() ?? 0 })),
    showErrorBox: vi.fn(),
  },
  shell: { showItemInFolder: vi.fn() },
}));
vi.mock('electron', () => ({ dialog: electron.dialog, shell: electron.shell }));

const { offerDatabaseRecovery, showDatabaseTrouble } = await import('../../../electron/main/database-trouble-dialog');

const dirs: string[] = [];
beforeEach(() => {
  vi.clearAllMocks();
  electron.responses = [];
});
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A data folder whose register.db is damaged and which holds one good backup. */
async function damagedFolderWithBackup(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'fd-dialog-'));
  dirs.push(dir);
  const store = openRegisterStore(dir);
  const insert = store.sqlite.prepare('INSERT INTO notices (id, level, message, at) VALUES (?, ?, ?, ?)');
  for (let i = 0; i < 300; i++) insert.run(`n${i}`, 'info', 'x'.repeat(300), i);
  const backups = createBackupScheduler({ sqlite: store.sqlite, dataDir: dir, clock: systemClock });
  await backups.takeNow('a test');
  await backups.stop();
  store.close();
  const file = join(dir, DATABASE_FILE);
  overwritePages(
    file,
    pagesOf(file)
      .filter((p) => p.name === 'notices')
      .map((p) => p.pageno)
      .slice(1, 4),
  );
  return dir;
}

function openingError(dir: string): unknown {
  try {
    openRegisterStore(dir).close();
  } catch (error) {
    return error;
  }
  throw new Error('expected the data file to be refused');
}

describe('the database trouble dialog', () => {
  it('a damaged file: the message, Show the folder (then the dialog again), and Start from the backup puts the backup in place', async () => {
    const dir = await damagedFolderWithBackup();
    const error = openingError(dir);
    electron.responses = [1, 0]; // Show the folder, then Start from the backup
    expect(await offerDatabaseRecovery(error)).toBe('relaunch');
    const shown = electron.dialog.showMessageBox.mock.calls[0]![0];
    expect(shown.buttons).toEqual([expect.stringMatching(/^Start from the backup of /), 'Show the folder', 'Quit']);
    expect(shown.detail).toContain(`The data file ${join(dir, DATABASE_FILE)} is damaged`);
    expect(shown.detail).toContain('Error code: database_corrupt');
    expect(electron.shell.showItemInFolder).toHaveBeenCalledWith(join(dir, DATABASE_FILE));
    expect(electron.dialog.showMessageBox).toHaveBeenCalledTimes(2);
    // The damaged file is kept beside the restored one, which opens.
    expect(readdirSync(dir).some((name) => /^register\.db\.damaged-\d{8}-\d{6}$/.test(name))).toBe(true);
    openRegisterStore(dir).close();
  });

  it('a healthy file in a read-only folder: no backup offered, only Show the folder and Quit', async () => {
    const file = '/srv/frontdesk/register.db';
    electron.responses = [1];
    const trouble = {
      code: 'database_not_writable' as const,
      message: notWritable(file, 'the folder /srv/frontdesk').message,
      file,
      folder: '/srv/frontdesk',
      backup: null,
    };
    expect(await showDatabaseTrouble(trouble)).toBe('quit');
    const shown = electron.dialog.showMessageBox.mock.calls[0]![0];
    expect(shown.buttons).toEqual(['Show the folder', 'Quit']);
    expect(shown.cancelId).toBe(1);
    expect(shown.detail).toMatch(/Nothing is lost/);
    expect(shown.detail).not.toMatch(/backup/i);
  });

  it('Quit changes nothing; an error that is not about the data file is left to the caller', async () => {
    const dir = await damagedFolderWithBackup();
    electron.responses = [2];
    expect(await offerDatabaseRecovery(openingError(dir))).toBe('quit');
    expect(existsSync(join(dir, DATABASE_FILE))).toBe(true);
    expect(readdirSync(dir).some((name) => name.includes('.damaged-'))).toBe(false);
    expect(await offerDatabaseRecovery(new Error('the demo server could not start'))).toBe('not_database');
    expect(electron.dialog.showMessageBox).toHaveBeenCalledTimes(1);
  });
});
