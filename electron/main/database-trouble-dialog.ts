import { dialog, shell } from 'electron';
import { startFromNewestBackup } from '../register/db-recovery';
import { backupLabel, databaseTroubleOf, type DatabaseTrouble } from '../register/db-trouble';

// The Electron app's answer to a data file it cannot open: a dialog with the sentence that names the file and says
// what to do, a "Show the folder" button (the file selected in the OS file manager), and for a damaged file with a
// good backup, "Start from the backup of <time>". The start from the backup happens before the app relaunches, so
// the relaunched app opens the restored file like any other and lists what was salvaged from the damaged one.

export type TroubleChoice = 'start_from_backup' | 'quit';

export async function showDatabaseTrouble(trouble: DatabaseTrouble): Promise<TroubleChoice> {
  const buttons = [...(trouble.backup ? [backupLabel(trouble.backup.takenAt)] : []), 'Show the folder', 'Quit'];
  const showIndex = buttons.length - 2;
  const quitIndex = buttons.length - 1;
  for (;;) {
    const { response } = await dialog.showMessageBox({
      type: 'error',
      title: 'Frontdesk cannot open its data',
      message: 'Frontdesk cannot open its data',
      detail: `${trouble.message}\n\nData file: ${trouble.file}\nError code: ${trouble.code}`,
      buttons,
      defaultId: 0,
      cancelId: quitIndex,
      noLink: true,
    });
    if (response === showIndex) {
      // The dialog comes back, so the choice is still there once the folder was looked at.
      shell.showItemInFolder(trouble.file);
      continue;
    }
    return trouble.backup && response === 0 ? 'start_from_backup' : 'quit';
  }
}

/**
 * For a start that failed: 'not_database' when the data file is not the cause (the caller shows its own error),
 * 'relaunch' when staff chose the backup and it is in place, 'quit' otherwise.
 */
export async function offerDatabaseRecovery(
  error: unknown,
  recover: (folder: string) => void = (folder) => startFromNewestBackup(folder, { now: () => Date.now() }).store.close(),
): Promise<'not_database' | 'relaunch' | 'quit'> {
  const trouble = databaseTroubleOf(error);
  if (!trouble) return 'not_database';
  if ((await showDatabaseTrouble(trouble)) !== 'start_from_backup') return 'quit';
  try {
    recover(trouble.folder);
    return 'relaunch';
  } catch (failure) {
    dialog.showErrorBox('Frontdesk could not start from the backup', failure instanceof Error ? failure.message : String(failure));
    return 'quit';
  }
}
