import { AppError } from '../../../shared/contract/errors';
import type { IpcHandlers } from '../../../shared/contract/ipc';
import type { SettingsMethod } from '../../../electron/register/settings-handlers';

// The fake engine has no Settings: every settings method is refused as a closed Settings, and receipts print through
// the browser's dialog, as in the browser host.

const closed = async (): Promise<never> => {
  throw new AppError('settings_locked', 'The fake register has no Settings.');
};

export const fakeSettingsHandlers: Pick<IpcHandlers, SettingsMethod> = {
  'settings.open': closed,
  'settings.close': async () => ({ ok: true }),
  'settings.read': closed,
  'settings.testConnection': closed,
  'settings.save': closed,
  'settings.renameRegister': closed,
  'settings.reenroll': closed,
  'settings.checkForUpdates': closed,
  'settings.saveDiagnostics': closed,
  'settings.showDiagnostics': closed,
  'receipt.print': async () => ({ printed: false, openDialog: true }),
};
