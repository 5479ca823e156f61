import type Database from 'better-sqlite3';
import type { SettingsInfo } from '../../shared/contract/desk-settings';
import type { Staff } from '../../shared/contract/entities';
import { AppError } from '../../shared/contract/errors';
import type { IpcHandlers } from '../../shared/contract/ipc';
import type { RegisterSnapshot } from '../../shared/contract/register-view';
import { appliedMigrationTags } from '../../db/migrator';
import type { LocalDb } from '../../db/open-database';
import type { DeskPlatform, DeskSettings } from './desk-platform';
import { saveDiagnostics } from './diagnostics';
import type { EngineClock } from './engine-clock';
import { getMeta, setMeta } from './meta-store';
import type { SettingsAccess } from './settings-access';
import { testServerConnection } from './settings-connection';
import { reenrollBlock, renameRegister, type RenameDeps } from './settings-enrollment';
import type { ReceiptPrinter } from './settings-printing';
import { readDeskSettings } from './settings-store';

// The settings.* methods of the IPC contract and receipt.print. Every settings method but open needs Settings open
// (settings-access.ts); what they change is applied to the host (DeskPlatform) as it is saved.

export type SettingsMethod =
  | 'settings.open'
  | 'settings.close'
  | 'settings.read'
  | 'settings.testConnection'
  | 'settings.save'
  | 'settings.renameRegister'
  | 'settings.reenroll'
  | 'settings.checkForUpdates'
  | 'settings.saveDiagnostics'
  | 'settings.showDiagnostics'
  | 'receipt.print';

export type SettingsCore = RenameDeps & {
  db: LocalDb;
  sqlite: Database.Database;
  databaseFile: string;
  dataDir: string;
  platform: DeskPlatform;
  clock: EngineClock;
  fetch: typeof fetch;
  access: SettingsAccess;
  printer: ReceiptPrinter;
  /** The server the engine talks to now. */
  serverUrl(): string | null;
  /** not_signed_in (and not_enrolled) unless someone is signed in. */
  requireSignedIn(): void;
  snapshot(): RegisterSnapshot;
  changed(): void;
  /** Enrolls with another server (or code) and goes online with it; refused while anything could be stranded. */
  reenroll(input: { serverUrl: string; code: string; name: string }): Promise<void>;
  describeBackups: (() => unknown) | null;
};

function checkSettings(settings: DeskSettings, printers: ReadonlyArray<{ name: string }>, displays: ReadonlyArray<{ id: string }>): void {
  if (settings.printerName !== null && !printers.some((p) => p.name === settings.printerName)) {
    throw new AppError('invalid_request', `The printer "${settings.printerName}" is not installed on this computer. Choose one from the list.`, {
      field: 'printerName',
    });
  }
  const display = settings.customerDisplay;
  if (typeof display === 'object' && !displays.some((d) => d.id === display.displayId)) {
    throw new AppError('invalid_request', 'That screen is not connected to this computer. Choose one from the list, or "Automatic".', {
      field: 'customerDisplay',
    });
  }
}

export function createSettingsHandlers(core: SettingsCore): Pick<IpcHandlers, SettingsMethod> {
  const { db, platform } = core;
  let lastDiagnostics: string | null = null;

  async function info(openedBy: Staff): Promise<SettingsInfo> {
    const enrollment = getMeta(db, 'enrollment');
    const [printers, displays] = await Promise.all([platform.listPrinters().catch(() => []), platform.listDisplays().catch(() => [])]);
    return {
      openedBy: { id: openedBy.id, name: openedBy.name, role: openedBy.role },
      host: platform.kind,
      serverUrl: core.serverUrl(),
      register: enrollment
        ? {
            id: enrollment.register.id,
            name: enrollment.register.name,
            number: enrollment.register.number,
          }
        : null,
      locationName: enrollment?.location.name ?? null,
      appVersion: platform.appVersion,
      schemaVersion: appliedMigrationTags(core.sqlite).at(-1) ?? null,
      update: platform.updateState(),
      printers,
      displays,
      settings: readDeskSettings(db),
      reenrollBlocked: reenrollBlock(db),
    };
  }

  return {
    'settings.open': async ({ pin }) => info(await core.access.open(pin)),
    'settings.close': async () => {
      core.access.close();
      return { ok: true as const };
    },
    'settings.read': async () => info(core.access.require()),
    'settings.testConnection': async ({ serverUrl }) => {
      core.access.require();
      return testServerConnection({ fetch: core.fetch, clock: core.clock }, serverUrl);
    },
    'settings.save': async (settings) => {
      const staff = core.access.require();
      checkSettings(settings, await platform.listPrinters(), await platform.listDisplays());
      setMeta(db, 'deskSettings', settings);
      platform.applySettings(settings);
      return info(staff);
    },
    'settings.renameRegister': async ({ name }) => {
      const staff = core.access.require();
      const renamed = await renameRegister(core, name);
      core.changed();
      return { ...renamed, info: await info(staff), snapshot: core.snapshot() };
    },
    'settings.reenroll': async (input) => {
      core.access.require();
      await core.reenroll(input);
      core.access.close();
      core.changed();
      return core.snapshot();
    },
    'settings.checkForUpdates': async () => {
      const staff = core.access.require();
      await platform.checkForUpdates();
      return info(staff);
    },
    'settings.saveDiagnostics': async () => {
      core.access.require();
      const enrollment = getMeta(db, 'enrollment');
      const path = saveDiagnostics({
        sqlite: core.sqlite,
        db,
        databaseFile: core.databaseFile,
        dataDir: core.dataDir,
        now: core.clock.now(),
        timeZone: enrollment?.location.timeZone ?? 'UTC',
        app: {
          appVersion: platform.appVersion,
          host: platform.kind,
          register: enrollment ? { id: enrollment.register.id, name: enrollment.register.name, number: enrollment.register.number } : null,
          locationName: enrollment?.location.name ?? null,
          serverUrl: core.serverUrl(),
        },
        describeBackups: core.describeBackups,
      });
      lastDiagnostics = path;
      return { path, shown: await platform.showFolder(path).catch(() => false) };
    },
    'settings.showDiagnostics': async () => {
      core.access.require();
      return { shown: lastDiagnostics ? await platform.showFolder(lastDiagnostics).catch(() => false) : false };
    },
    'receipt.print': async (input) => {
      core.requireSignedIn();
      return core.printer.print(input);
    },
  };
}
