import { eq } from 'drizzle-orm';
import type { Sale } from '../../shared/contract/entities';
import type { EventType, ServerEvent } from '../../shared/contract/events';
import { dateInZone } from '../../shared/domain/studio-time';
import type { LocalDb } from '../../db/open-database';
import { sales } from '../../db/schema';
import { upsertCatalogItems } from './caches';
import { getMeta, setMeta } from './meta-store';

// Applies the server's events to the local caches in seq order, exactly once: each event and the cursor move
// in one transaction, an event at or below the cursor is a duplicate and skipped, and a gap stops the batch so
// the caller can fetch the missing events (GET /events?after=cursor) first.

export type EventContext = { now: number; timeZone: string };
type EventEffect = { catalog?: boolean; sales?: boolean; links?: boolean };
export type EventHandler = (db: LocalDb, event: ServerEvent, context: EventContext) => EventEffect;
export type EventHandlers = Partial<Record<EventType, EventHandler>>;

export type ApplyResult = {
  applied: number;
  duplicates: number;
  /** Set when an event came whose seq is past cursor + 1: the events in between must be fetched first. */
  gap: { cursor: number; nextSeq: number } | null;
  effects: Required<EventEffect>;
  cursor: number;
};

export function readCursor(db: LocalDb): number {
  return getMeta(db, 'lastSeq') ?? 0;
}

export function applyServerEvents(db: LocalDb, events: readonly ServerEvent[], handlers: EventHandlers, context: EventContext): ApplyResult {
  const result: ApplyResult = {
    applied: 0,
    duplicates: 0,
    gap: null,
    effects: { catalog: false, sales: false, links: false },
    cursor: readCursor(db),
  };
  for (const event of [...events].sort((a, b) => a.seq - b.seq)) {
    if (event.seq <= result.cursor) {
      result.duplicates++;
      continue;
    }
    if (event.seq !== result.cursor + 1) {
      result.gap = { cursor: result.cursor, nextSeq: event.seq };
      break;
    }
    const effect = db.transaction((tx) => {
      // Re-read inside the transaction: another caller may have applied it meanwhile.
      if (readCursor(tx) >= event.seq) return null;
      const effect = handlers[event.type]?.(tx, event, context) ?? {};
      setMeta(tx, 'lastSeq', event.seq);
      return effect;
    });
    result.cursor = event.seq;
    if (effect === null) {
      result.duplicates++;
      continue;
    }
    result.applied++;
    if (effect.catalog) result.effects.catalog = true;
    if (effect.sales) result.effects.sales = true;
    if (effect.links) result.effects.links = true;
  }
  return result;
}

/** The handlers of issue 2; later issues add link events to this map. */
export const coreEventHandlers: EventHandlers = {
  'availability.changed': (db, event, context) => {
    if (!event.items || event.items.length === 0) return {};
    upsertCatalogItems(db, event.items, context.now, event.seq);
    return { catalog: true };
  },
  'sale.created': (db, event, context) => {
    if (!event.sale) return {};
    storeServerSale(db, event.sale, context.timeZone);
    return { sales: true };
  },
};

/** A sale the server reports: ours coming back (mark it uploaded) or another's (store it). */
export function storeServerSale(db: LocalDb, sale: Sale, timeZone: string): void {
  const existing = db.select().from(sales).where(eq(sales.id, sale.id)).get();
  if (existing) {
    // Our own sale came back: the server has it (even if the answer to our POST was lost).
    db.update(sales)
      .set({ uploadStatus: 'uploaded', saleJson: JSON.stringify({ ...JSON.parse(existing.saleJson), ...sale }) })
      .where(eq(sales.id, sale.id))
      .run();
  } else {
    db.insert(sales)
      .values({
        id: sale.id,
        receiptNumber: sale.receiptNumber,
        date: dateInZone(Date.parse(sale.createdAt), timeZone),
        createdAt: Date.parse(sale.createdAt),
        totalCents: sale.totalCents,
        saleJson: JSON.stringify(sale),
        origin: 'server',
        uploadStatus: 'uploaded',
      })
      .onConflictDoNothing()
      .run();
  }
}
