import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import Database from 'better-sqlite3';

// Reads what can still be read from a damaged data file, without writing to it. better-sqlite3 has no sqlite3
// shell `.recover`, so each table is read by rowid ranges straight from its b-tree (NOT INDEXED: an index may be
// the damaged part): a range that raises SQLITE_CORRUPT is halved until the rows around the damaged page are read
// and only the unreadable rowids are left, and those are reported, never skipped silently. It reads a copy in a
// temporary folder, because even a read-only open of a WAL file creates its -shm beside it, and the damaged file
// is kept exactly as it was found.

export type SalvagedSale = {
  id: string;
  receiptNumber: string;
  date: string;
  createdAt: number;
  totalCents: number;
  saleJson: string;
  origin: string;
  uploadStatus: string;
};
export type SalvagedCommand = {
  id: string;
  kind: string;
  subjectId: string | null;
  idempotencyKey: string;
  method: string;
  path: string;
  bodyJson: string;
  staffId: string | null;
  createdAt: number;
  status: string;
};
type UnreadableRows = { table: string; fromRowid: number; toRowid: number; error: string };
export type Salvage = {
  sales: SalvagedSale[];
  commands: SalvagedCommand[];
  receiptCounter: number | null;
  unreadable: UnreadableRows[];
  /** Set when the file could not be opened at all. */
  unopenable: string | null;
};

const CHUNK = 256;

export function salvageDatabase(file: string): Salvage {
  const folder = mkdtempSync(join(tmpdir(), 'frontdesk-salvage-'));
  try {
    const copy = join(folder, basename(file));
    copyFileSync(file, copy);
    if (existsSync(`${file}-wal`)) copyFileSync(`${file}-wal`, `${copy}-wal`);
    return salvageCopy(copy);
  } catch (error) {
    return { sales: [], commands: [], receiptCounter: null, unreadable: [], unopenable: messageOf(error) };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

function salvageCopy(file: string): Salvage {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    return { sales: [], commands: [], receiptCounter: null, unreadable: [], unopenable: messageOf(error) };
  }
  try {
    const unreadable: UnreadableRows[] = [];
    const sales = readTable(db, 'sales', 'id, receipt_number, date, created_at, total_cents, sale_json, origin, upload_status', unreadable).map(
      (r): SalvagedSale => ({
        id: String(r.id),
        receiptNumber: String(r.receipt_number),
        date: String(r.date),
        createdAt: Number(r.created_at),
        totalCents: Number(r.total_cents),
        saleJson: String(r.sale_json),
        origin: String(r.origin),
        uploadStatus: String(r.upload_status),
      }),
    );
    const commands = readTable(db, 'outbox', 'id, kind, subject_id, idempotency_key, method, path, body_json, staff_id, created_at, status', unreadable).map(
      (r): SalvagedCommand => ({
        id: String(r.id),
        kind: String(r.kind),
        subjectId: typeof r.subject_id === 'string' ? r.subject_id : null,
        idempotencyKey: String(r.idempotency_key),
        method: String(r.method),
        path: String(r.path),
        bodyJson: String(r.body_json),
        staffId: typeof r.staff_id === 'string' ? r.staff_id : null,
        createdAt: Number(r.created_at),
        status: String(r.status),
      }),
    );
    const counterRow = readTable(db, 'meta', 'key, value', unreadable).find((r) => r.key === 'receiptCounter');
    const receiptCounter = counterRow ? Number(JSON.parse(String(counterRow.value))) : null;
    return { sales, commands, receiptCounter: Number.isInteger(receiptCounter) ? receiptCounter : null, unreadable, unopenable: null };
  } finally {
    db.close();
  }
}

type Row = Record<string, unknown>;

function readTable(db: Database.Database, table: string, columns: string, unreadable: UnreadableRows[]): Row[] {
  const select = (() => {
    try {
      return db.prepare(`SELECT rowid AS _rowid, ${columns} FROM ${table} NOT INDEXED WHERE rowid BETWEEN ? AND ?`);
    } catch (error) {
      unreadable.push({ table, fromRowid: 1, toRowid: Number.MAX_SAFE_INTEGER, error: messageOf(error) });
      return null;
    }
  })();
  if (!select) return [];
  const rows: Row[] = [];
  const read = (from: number, to: number): void => {
    try {
      rows.push(...(select.all(from, to) as Row[]));
    } catch (error) {
      if (from === to) {
        const last = unreadable.at(-1);
        // Neighbouring unreadable rowids are reported as one range.
        if (last && last.table === table && last.toRowid === from - 1) last.toRowid = to;
        else unreadable.push({ table, fromRowid: from, toRowid: to, error: messageOf(error) });
        return;
      }
      const middle = Math.floor((from + to) / 2);
      read(from, middle);
      read(middle + 1, to);
    }
  };
  // Rowids are given in order; the highest one may sit on a damaged page, so the search runs to a bound the file's
  // size allows (no page holds more than a few hundred rows) instead of asking max(rowid).
  const pages = Number(db.pragma('page_count', { simple: true })) || 1;
  const bound = Math.max(CHUNK, pages * 200);
  for (let from = 1; from <= bound; from += CHUNK) read(from, from + CHUNK - 1);
  return rows;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
