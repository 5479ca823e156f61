import { describe, expect, it } from 'vitest';
import { salvageDatabase } from '../../electron/register/db-salvage';
import { overwritePages, pagesOf } from './support/damage-pages';
import { openTempDatabase } from './support/temp-database';

// Reading what is left in a damaged file: every row on a readable page comes back, the rows of the damaged page
// are reported as unreadable (never left out silently), and the file is opened read-only.

describe('salvaging a damaged data file', () => {
  it('reads the sales around a damaged page and reports the unreadable rowids', () => {
    const store = openTempDatabase();
    try {
      const insert = store.sqlite.prepare(
        `INSERT INTO sales (id, receipt_number, date, created_at, total_cents, sale_json, origin, upload_status) VALUES (?, ?, '2026-03-02', ?, 1000, ?, 'local', 'pending')`,
      );
      for (let i = 1; i <= 400; i++) insert.run(`sale-${i}`, `1-${i}`, i, JSON.stringify({ id: `sale-${i}`, note: 'x'.repeat(300) }));
      store.sqlite.pragma('wal_checkpoint(TRUNCATE)');
      store.close();
      const leaves = pagesOf(`${store.dir}/register.db`).filter((p) => p.name === 'sales' && p.pagetype === 'leaf');
      expect(leaves.length).toBeGreaterThan(10);
      overwritePages(`${store.dir}/register.db`, [leaves[5]!.pageno]);

      const salvage = salvageDatabase(`${store.dir}/register.db`);
      expect(salvage.unopenable).toBeNull();
      const read = new Set(salvage.sales.map((s) => s.id));
      const lost = [...Array(400).keys()].map((i) => `sale-${i + 1}`).filter((id) => !read.has(id));
      // One leaf page holds a handful of these rows: those, and only those, are missing and reported.
      expect(lost.length).toBeGreaterThan(0);
      expect(lost.length).toBeLessThan(20);
      expect(read.has('sale-1') && read.has('sale-400')).toBe(true);
      const reported = salvage.unreadable.filter((u) => u.table === 'sales');
      expect(reported.length).toBeGreaterThan(0);
      for (const id of lost) {
        const rowid = Number(id.split('-')[1]);
        expect(reported.some((u) => u.fromRowid <= rowid && rowid <= u.toRowid)).toBe(true);
      }
    } finally {
      store.cleanup();
    }
  });

  it('a file that is not a database at all is reported as unopenable, with nothing invented', () => {
    const store = openTempDatabase();
    store.close();
    overwritePages(`${store.dir}/register.db`, [1]);
    const salvage = salvageDatabase(`${store.dir}/register.db`);
    expect(salvage.sales).toEqual([]);
    expect(salvage.unopenable ?? salvage.unreadable[0]?.error).toBeTruthy();
    store.cleanup();
  });
});
