import { copyFileSync, existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { LocalDatabaseError } from '../../db/database-errors';
import type { OpenedDatabase } from '../../db/open-database';
import { outbox, sales } from '../../db/schema';
import { formatMoney } from '../../shared/domain/money';
import type { RecoveryItem } from '../../shared/contract/recovery';
import { SALE_COMMAND } from './command-kinds';
import { newestGoodBackup, type BackupFile } from './db-backups';
import type { RecoveryEntry, StoredRecovery } from './db-recovery-record';
import { salvageDatabase, type Salvage, type SalvagedCommand, type SalvagedSale } from './db-salvage';
import { getMeta, setMeta } from './meta-store';
import { DATABASE_FILE, openRegisterStore, type RegisterStoreOptions } from './register-store';

// Starting again from the newest good backup after the data file was found damaged: the damaged file (with its
// WAL) is renamed beside the new one and never written to, the backup is copied in and opened, and then what can
// be read from the damaged file is compared with it. Every sale and command the damaged file holds that the backup
// lacks and the server was not known to have is kept in the new database as a list for staff (db-recovery-store.ts).

export type StartFromBackup = { store: OpenedDatabase; backup: BackupFile; damagedFile: string; recovery: StoredRecovery };

/** 2026-03-02T15:00:00.000Z → 20260302-150000 */
function stampOf(at: number): string {
  return new Date(at).toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

export function startFromNewestBackup(dataDir: string, options: RegisterStoreOptions & { now: () => number }): StartFromBackup {
  const file = join(dataDir, DATABASE_FILE);
  const backup = newestGoodBackup(dataDir);
  if (!backup) {
    throw new LocalDatabaseError(
      'database_corrupt',
      `There is no good backup of ${file} in ${join(dataDir, 'backups')}. Keep the damaged file as it is and contact support.`,
      { file },
    );
  }
  const at = options.now();
  let damagedFile = `${file}.damaged-${stampOf(at)}`;
  for (let n = 2; existsSync(damagedFile); n++) damagedFile = `${file}.damaged-${stampOf(at)}-${n}`;
  // The WAL and shared memory go with it: the WAL may hold the last committed sales.
  for (const suffix of ['-wal', '-shm', '']) {
    if (existsSync(`${file}${suffix}`)) renameSync(`${file}${suffix}`, `${damagedFile}${suffix}`);
  }
  copyFileSync(backup.file, file);
  const store = openRegisterStore(dataDir, options);
  const salvage = salvageDatabase(damagedFile);
  const recovery: StoredRecovery = {
    damagedFile,
    backupFile: backup.file,
    backupTakenAt: backup.takenAt,
    recoveredAt: at,
    entries: lostEntries(salvage, store, damagedFile),
  };
  store.db.transaction((tx) => {
    setMeta(tx, 'recovery', recovery);
    // New sales must not take the receipt numbers of sales the backup does not know.
    const counter = Math.max(getMeta(tx, 'receiptCounter') ?? 0, salvage.receiptCounter ?? 0, ...salvage.sales.map((s) => receiptSeq(s.receiptNumber)));
    setMeta(tx, 'receiptCounter', counter);
  });
  return { store, backup, damagedFile, recovery };
}

function receiptSeq(receiptNumber: string): number {
  const n = Number(receiptNumber.split('-').at(-1));
  return Number.isInteger(n) && n >= 0 ? n : 0;
}

/** What the damaged file holds that the backup lacks and the server was not known to have. */
function lostEntries(salvage: Salvage, store: OpenedDatabase, damagedFile: string): RecoveryEntry[] {
  const known = {
    sales: new Set(
      store.db
        .select({ id: sales.id })
        .from(sales)
        .all()
        .map((r) => r.id),
    ),
    commands: new Set(
      store.db
        .select({ id: outbox.id })
        .from(outbox)
        .all()
        .map((r) => r.id),
    ),
  };
  const entries: RecoveryEntry[] = [];
  const commandOfSale = new Map(salvage.commands.filter((c) => c.kind === SALE_COMMAND && c.subjectId).map((c) => [c.subjectId!, c]));
  for (const sale of salvage.sales) {
    if (sale.origin !== 'local' || sale.uploadStatus !== 'pending' || known.sales.has(sale.id)) continue;
    const command = commandOfSale.get(sale.id);
    // Settled by the server already (its answer was recorded): the server has it.
    if (command && command.status !== 'pending') continue;
    entries.push(saleEntry(sale, command ?? null));
  }
  for (const command of salvage.commands) {
    if (command.status !== 'pending' || known.commands.has(command.id)) continue;
    if (command.kind === SALE_COMMAND && command.subjectId && salvage.sales.some((s) => s.id === command.subjectId)) continue;
    entries.push(commandEntry(command));
  }
  if (salvage.unopenable) {
    entries.push(unreadableEntry('whole-file', `The damaged file ${damagedFile} could not be read at all (${salvage.unopenable}).`));
  }
  for (const rows of salvage.unreadable.filter((r) => r.table === 'sales' || r.table === 'outbox')) {
    entries.push(
      unreadableEntry(
        `${rows.table}-${rows.fromRowid}`,
        `Some ${rows.table === 'sales' ? 'sales' : 'commands to the server'} in the damaged file could not be read (${rows.error}). ` +
          "Compare today's sales with the cash drawer and re-enter any that are missing; the damaged file is kept for support.",
      ),
    );
  }
  return entries;
}

function saleEntry(sale: SalvagedSale, command: SalvagedCommand | null): RecoveryEntry {
  const parsed = JSON.parse(sale.saleJson) as { currency?: string; payments?: Array<{ method?: string }> };
  const currency = parsed.currency ?? 'USD';
  const method = parsed.payments?.[0]?.method === 'external_card' ? 'Card' : 'Cash';
  const amount = formatMoney(sale.totalCents, currency, 'en-US');
  const item: RecoveryItem = {
    id: sale.id,
    kind: 'sale',
    receiptNumber: sale.receiptNumber,
    totalCents: sale.totalCents,
    currency,
    createdAt: sale.createdAt,
    resendable: command !== null && command.method === 'POST',
    state: 'unsent',
    sentence: command
      ? `${method} sale ${sale.receiptNumber} (${amount}) was in the damaged file and had not reached the server. Send it again (the server keeps it once).`
      : `${method} sale ${sale.receiptNumber} (${amount}) was in the damaged file, but its message to the server could not be read. Re-enter it by hand.`,
  };
  const saleRow = {
    id: sale.id,
    receiptNumber: sale.receiptNumber,
    date: sale.date,
    createdAt: sale.createdAt,
    totalCents: sale.totalCents,
    saleJson: sale.saleJson,
  };
  return { item, sale: saleRow, ...(command && command.method === 'POST' ? { command: commandRow(command) } : {}) };
}

function commandEntry(command: SalvagedCommand): RecoveryEntry {
  return {
    item: {
      id: command.id,
      kind: 'command',
      createdAt: command.createdAt,
      // Only a sale's command stands on its own; a link's depends on the link's local state, which the backup lacks.
      resendable: false,
      state: 'unsent',
      sentence: `A command to the server (${command.kind}) was in the damaged file and had not been sent. Check it in the payment link tray or on the server, and do it again if needed.`,
    },
  };
}

function unreadableEntry(id: string, sentence: string): RecoveryEntry {
  return { item: { id: `unreadable-${id}`, kind: 'unreadable', resendable: false, state: 'unsent', sentence } };
}

function commandRow(command: SalvagedCommand) {
  const { status: _status, method: _method, ...rest } = command;
  return { ...rest, method: 'POST' as const };
}
