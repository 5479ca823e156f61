import { screen, shell, type WebContents } from 'electron';
import type { DeskPlatform, DeskSettings, DisplayInfo, PrinterInfo, UpdateState } from '../register/desk-platform';
import type { AppUpdaterHandle } from './app-updater';
import type { CustomerDisplaySetting } from './customer-window';

// What the register engine asks of Electron: the OS printers and silent printing of the register window, the screens
// for the customer display, the app updater's state, and opening a folder in the file manager. The register window
// and the updater come later than the engine (the window opens after it has started, the updater reads its
// snapshots), so they are attached when they exist.

export type ElectronDeskPlatform = DeskPlatform & {
  kind: 'electron';
  /** The updater, once the engine it watches has started; until then updates are "idle, not checked yet". */
  attachUpdater(updater: AppUpdaterHandle): void;
};

export type ElectronDeskPlatformDeps = {
  appVersion: string;
  /** The register window's contents, or null while it is closed. */
  registerContents: () => WebContents | null;
  /** Moves, opens or closes the customer display for a setting (main-process.ts). */
  showCustomerDisplay: (setting: CustomerDisplaySetting) => void;
  /**
   * FRONTDESK_CUSTOMER_DISPLAY when it is set: it overrides the Settings choice (a register set up by IT, a demo).
   * Undefined when the variable is not set.
   */
  customerDisplayOverride: CustomerDisplaySetting | undefined;
  log: (line: string) => void;
};

/** Settings' choice of customer display as the window code reads it (display ids are Electron's numbers, as text). */
export function customerDisplaySettingOf(choice: DeskSettings['customerDisplay']): CustomerDisplaySetting {
  if (choice === 'off' || choice === 'auto') return { kind: choice };
  return /^\d{1,16}$/.test(choice.displayId) ? { kind: 'display', id: Number(choice.displayId) } : { kind: 'off' };
}

/** Electron's print(), its callback as a promise: resolves with the failure reason, or null once the job was handed to the printer. */
function printSilently(contents: WebContents, deviceName: string): Promise<string | null> {
  return new Promise((resolve) => {
    contents.print({ silent: true, deviceName, printBackground: true }, (success, failureReason) =>
      resolve(success ? null : failureReason || 'Print job failed'),
    );
  });
}

export function createElectronDeskPlatform(deps: ElectronDeskPlatformDeps): ElectronDeskPlatform {
  let updater: AppUpdaterHandle | null = null;
  const updateListeners = new Set<(state: UpdateState) => void>();
  const notChecked: UpdateState = { kind: 'idle', checkedAt: null };

  return {
    kind: 'electron',
    appVersion: deps.appVersion,

    async listPrinters(): Promise<PrinterInfo[]> {
      const contents = deps.registerContents();
      if (!contents) return [];
      const printers = await contents.getPrintersAsync();
      // Electron's PrinterInfo no longer says which printer is the default everywhere; CUPS and Windows put it in options.
      return printers.map((printer) => {
        const options = (printer.options ?? {}) as Record<string, string>;
        const isDefault = (printer as { isDefault?: boolean }).isDefault === true || options['printer-is-default'] === 'true' || options.isDefault === 'true';
        return { name: printer.name, displayName: printer.displayName || printer.name, isDefault };
      });
    },

    async printReceipt({ deviceName, silent }) {
      const contents = deps.registerContents();
      // No printer chosen: the renderer opens the print dialog (window.print(), the OS dialog in Electron).
      if (!contents || !silent || !deviceName) return { printed: false };
      const failure = await printSilently(contents, deviceName);
      if (failure === null) return { printed: true };
      // The chosen printer refused (unplugged, out of paper, renamed): the dialog lets staff print elsewhere.
      deps.log(`printing a receipt on "${deviceName}" failed: ${failure}`);
      return { printed: false };
    },

    async listDisplays(): Promise<DisplayInfo[]> {
      const primaryId = screen.getPrimaryDisplay().id;
      return screen.getAllDisplays().map((display, index) => ({
        id: String(display.id),
        label: `${display.label || `Screen ${index + 1}`} (${display.bounds.width} × ${display.bounds.height})`,
        primary: display.id === primaryId,
      }));
    },

    applySettings(settings) {
      if (deps.customerDisplayOverride) return deps.showCustomerDisplay(deps.customerDisplayOverride);
      deps.showCustomerDisplay(customerDisplaySettingOf(settings.customerDisplay));
    },

    updateState: () => updater?.state() ?? notChecked,
    checkForUpdates: async () => (updater ? updater.check() : notChecked),
    onUpdateState(listener) {
      updateListeners.add(listener);
      return () => updateListeners.delete(listener);
    },

    async showFolder(path) {
      // openPath answers an error message, or '' when the file manager opened it.
      const problem = await shell.openPath(path);
      if (problem) deps.log(`could not open the folder ${path}: ${problem}`);
      return problem === '';
    },

    attachUpdater(attached) {
      updater = attached;
      attached.onState((state) => {
        for (const listener of updateListeners) listener(state);
      });
    },
  };
}
