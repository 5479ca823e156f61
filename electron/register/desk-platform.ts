export type PrinterInfo = { name: string; displayName: string; isDefault: boolean };
export type DisplayInfo = { id: string; label: string; primary: boolean };
/** The app updater's state as Settings shows it. */
export type UpdateState =
  | { kind: 'unavailable'; reason: string }
  | { kind: 'idle'; checkedAt: number | null }
  | { kind: 'checking' }
  | { kind: 'downloading'; version: string; percent: number }
  | { kind: 'ready'; version: string; releaseNotes: string | null; waitingForQuietMoment: boolean }
  | { kind: 'error'; message: string; checkedAt: number };
export type DeskSettings = { printerName: string | null; printAfterSale: boolean; customerDisplay: 'off' | 'auto' | { displayId: string } };
/** What the register engine asks of the program that hosts it (Electron's main process, or the browser host). */
export type DeskPlatform = {
  kind: 'electron' | 'browser-host';
  appVersion: string;
  listPrinters(): Promise<PrinterInfo[]>;
  /** Prints the register window's receipt view. `printed: false` tells the renderer to open the browser's own print dialog. */
  printReceipt(options: { deviceName: string | null; silent: boolean }): Promise<{ printed: boolean }>;
  listDisplays(): Promise<DisplayInfo[]>;
  /** Applied at start and whenever Settings saves them. */
  applySettings(settings: DeskSettings): void;
  updateState(): UpdateState;
  checkForUpdates(): Promise<UpdateState>;
  onUpdateState(listener: (state: UpdateState) => void): () => void;
  /** Opens a folder in the OS file manager (Electron), or returns false where it cannot (browser host prints the path). */
  showFolder(path: string): Promise<boolean>;
};

/**
 * A host with no printers, screens or updater of its own (the browser host, and an engine started without a
 * platform): receipts go to the browser's print dialog, the customer display is a page of its own, and a folder
 * cannot be opened, so Settings shows its path.
 */
export function devicelessPlatform(options: { appVersion: string; updatesUnavailableReason: string }): DeskPlatform {
  const update: UpdateState = { kind: 'unavailable', reason: options.updatesUnavailableReason };
  return {
    kind: 'browser-host',
    appVersion: options.appVersion,
    listPrinters: async () => [],
    printReceipt: async () => ({ printed: false }),
    listDisplays: async () => [],
    applySettings: () => {},
    updateState: () => update,
    checkForUpdates: async () => update,
    onUpdateState: () => () => {},
    showFolder: async () => false,
  };
}
