import type { DeskPlatform, DeskSettings } from '../../../electron/register/desk-platform';

/** A host with one receipt printer and one customer screen that records what the engine asks of it. */
export function recordingPlatform() {
  const applied: DeskSettings[] = [];
  const printed: Array<{ deviceName: string | null; silent: boolean }> = [];
  const shownFolders: string[] = [];
  const platform: DeskPlatform = {
    kind: 'electron',
    appVersion: '9.8.7',
    listPrinters: async () => [{ name: 'EPSON_TM_T88', displayName: 'EPSON TM-T88', isDefault: true }],
    printReceipt: async (options) => (printed.push(options), { printed: true }),
    listDisplays: async () => [{ id: '2', label: 'Customer screen', primary: false }],
    applySettings: (settings) => applied.push(settings),
    updateState: () => ({ kind: 'idle', checkedAt: null }),
    checkForUpdates: async () => ({ kind: 'idle', checkedAt: 1 }),
    onUpdateState: () => () => {},
    showFolder: async (path) => (shownFolders.push(path), true),
  };
  return { platform, applied, printed, shownFolders };
}
