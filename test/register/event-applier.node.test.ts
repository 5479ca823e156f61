import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SaleSchema, type CatalogItem, type Sale } from '../../shared/contract/entities';
import { ServerEventSchema, type ServerEvent } from '../../shared/contract/events';
import { SaleResponseSchema } from '../../shared/contract/http';
import { saleCommandHandler } from '../../electron/register/checkout';
import { SALE_COMMAND } from '../../electron/register/command-kinds';
import { enqueueCommand } from '../../electron/register/outbox';
import { sales } from '../../db/schema';
import { readCatalog, replaceCatalog } from '../../electron/register/caches';
import { applyServerEvents, coreEventHandlers, readCursor, type EventHandlers } from '../../electron/register/event-applier';
import { openTempDatabase } from './support/temp-database';

let database: ReturnType<typeof openTempDatabase>;
beforeEach(() => {
  database = openTempDatabase();
});
afterEach(() => database.cleanup());

const context = { now: 1, timeZone: 'America/New_York' };
const at = '2026-03-02T15:00:00.000Z';
const socks = (priceCents: number): CatalogItem => ({ id: 'socks', kind: 'product', name: 'Grip Socks', priceCents });
const availability = (seq: number, items: CatalogItem[]): ServerEvent => ({ seq, type: 'availability.changed', at, items });
const sale: Sale = {
  id: 'sale1',
  receiptNumber: '2-1',
  clientId: null,
  staffId: 'frank',
  lines: [],
  totalCents: 1200,
  payments: [{ method: 'cash', amountCents: 1200 }],
  createdAt: at,
};

describe('applyServerEvents', () => {
  it('applies events in seq order, each exactly once, moving the cursor with them', () => {
    const seen: number[] = [];
    const handlers: EventHandlers = { 'link.opened': (_db, e) => (seen.push(e.seq), {}) };
    const ev = (seq: number): ServerEvent => ({ seq, type: 'link.opened', at });
    const first = applyServerEvents(database.db, [ev(2), ev(1), ev(3)], handlers, context);
    expect(first).toMatchObject({ applied: 3, duplicates: 0, gap: null, cursor: 3 });
    const again = applyServerEvents(database.db, [ev(2), ev(3), ev(4)], handlers, context);
    expect(again).toMatchObject({ applied: 1, duplicates: 2, cursor: 4 });
    expect(seen).toEqual([1, 2, 3, 4]);
    expect(readCursor(database.db)).toBe(4);
  });

  it('stops at a gap without moving the cursor past it', () => {
    const seen: number[] = [];
    const handlers: EventHandlers = { 'link.opened': (_db, e) => (seen.push(e.seq), {}) };
    const result = applyServerEvents(
      database.db,
      [
        { seq: 1, type: 'link.opened', at },
        { seq: 3, type: 'link.opened', at },
      ],
      handlers,
      context,
    );
    expect(result.gap).toEqual({ cursor: 1, nextSeq: 3 });
    expect(seen).toEqual([1]);
    expect(readCursor(database.db)).toBe(1);
  });

  it('a failing handler leaves the cursor where it was (event and cursor in one transaction)', () => {
    const handlers: EventHandlers = {
      'link.opened': () => {
        throw new Error('boom');
      },
    };
    expect(() => applyServerEvents(database.db, [{ seq: 1, type: 'link.opened', at }], handlers, context)).toThrow('boom');
    expect(readCursor(database.db)).toBe(0);
  });

  it('availability.changed replaces the cached items it carries', () => {
    replaceCatalog(database.db, [socks(1200), { id: 'bottle', kind: 'product', name: 'Water Bottle', priceCents: 2000 }], 0);
    const result = applyServerEvents(database.db, [availability(1, [socks(1500)])], coreEventHandlers, context);
    expect(result.effects.catalog).toBe(true);
    expect(readCatalog(database.db).map((i) => [i.id, i.priceCents])).toEqual([
      ['socks', 1500],
      ['bottle', 2000],
    ]);
  });

  it('sale.created marks our own queued sale as uploaded and records sales made elsewhere', () => {
    database.db
      .insert(sales)
      .values({
        id: 'sale1',
        receiptNumber: '2-1',
        date: '2026-03-02',
        createdAt: 1,
        totalCents: 1200,
        saleJson: JSON.stringify(sale),
        origin: 'local',
        uploadStatus: 'pending',
      })
      .run();
    const other: Sale = { ...sale, id: 'sale2', receiptNumber: '3-9' };
    applyServerEvents(
      database.db,
      [
        { seq: 1, type: 'sale.created', at, saleId: 'sale1', sale },
        { seq: 2, type: 'sale.created', at, saleId: 'sale2', sale: other },
      ],
      coreEventHandlers,
      context,
    );
    const rows = database.db.select().from(sales).all();
    expect(rows.map((r) => [r.id, r.origin, r.uploadStatus, r.date])).toEqual([
      ['sale1', 'local', 'uploaded', '2026-03-02'],
      ['sale2', 'server', 'uploaded', '2026-03-02'],
    ]);
  });
});

describe("a sale the server accepted at the register's total (priceCheck: register)", () => {
  const late: Sale = { ...sale, priceCheck: 'register' };
  const read = (id: string) =>
    SaleSchema.parse(
      JSON.parse(
        database.db
          .select()
          .from(sales)
          .all()
          .find((r) => r.id === id)!.saleJson,
      ),
    );

  it('parses as the answer to POST /sales and is kept on our own sale when the upload is done', () => {
    const answer = SaleResponseSchema.parse({ sale: late, serverTime: 5 });
    expect(answer.sale.priceCheck).toBe('register');
    database.db
      .insert(sales)
      .values({
        id: 'sale1',
        receiptNumber: '2-1',
        date: '2026-03-02',
        createdAt: 1,
        totalCents: 1200,
        saleJson: JSON.stringify(sale),
        origin: 'local',
        uploadStatus: 'pending',
      })
      .run();
    const row = enqueueCommand(database.db, { kind: SALE_COMMAND, subjectId: 'sale1', body: {}, staffId: 'frank' }, 1);
    saleCommandHandler.onDone!(database.db, row, { status: 201, json: { sale: late, serverTime: 5 } });
    expect(read('sale1')).toMatchObject({ id: 'sale1', priceCheck: 'register' });
    expect(database.db.select().from(sales).all()[0]!.uploadStatus).toBe('uploaded');
  });

  it('arrives in sale.created from another register and is stored', () => {
    const event = ServerEventSchema.parse({ seq: 1, type: 'sale.created', at, saleId: 'sale3', sale: { ...late, id: 'sale3' } });
    applyServerEvents(database.db, [event], coreEventHandlers, context);
    expect(read('sale3')).toMatchObject({ id: 'sale3', priceCheck: 'register' });
  });
});
