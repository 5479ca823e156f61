import { closeSync, openSync, writeSync } from 'node:fs';
import Database from 'better-sqlite3';

// Damages a closed SQLite file the way a power cut or a bad disk sector does: whole pages overwritten with
// garbage. Which pages belong to which table or index is read first (SQLite's dbstat table).

export type PageInfo = { name: string; pageno: number; pagetype: string };

export function pagesOf(file: string): PageInfo[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT name, pageno, pagetype FROM dbstat ORDER BY pageno').all() as PageInfo[];
  } finally {
    db.close();
  }
}

export function overwritePages(file: string, pagenos: readonly number[], pageSize = 4096): void {
  const fd = openSync(file, 'r+');
  try {
    for (const pageno of pagenos) writeSync(fd, Buffer.alloc(pageSize, 0xab), 0, pageSize, (pageno - 1) * pageSize);
  } finally {
    closeSync(fd);
  }
}
