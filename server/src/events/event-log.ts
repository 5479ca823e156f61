import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { ServerEvent } from '@frontdesk/shared/contract/events';
import type { Queryable, Tx } from '../db/database';
import { events, locationCounters } from '../db/schema';

export type NewEvent = Omit<ServerEvent, 'seq' | 'at'>;

/** The PostgreSQL channel every node LISTENs on; a payload is `<locationId>:<seq>`, never event data. */
export const EVENTS_CHANNEL = 'frontdesk_events';

/**
 * Appends an event inside the caller's transaction. The counter row update takes a row lock held until commit,
 * so writers of one location take turns and `seq` is gap-free in commit order (a rollback gives its number back).
 * The same statement queues a NOTIFY, which PostgreSQL delivers to every listening node only on commit, in commit
 * order (pg-event-listener.ts); a rollback drops it with the row.
 */
export async function appendEvent(tx: Tx, locationId: string, atMs: number, event: NewEvent): Promise<ServerEvent> {
  const [counter] = await tx
    .update(locationCounters)
    .set({ lastSeq: sql`${locationCounters.lastSeq} + 1` })
    .where(eq(locationCounters.locationId, locationId))
    .returning({
      seq: locationCounters.lastSeq,
      notified: sql`pg_notify(${EVENTS_CHANNEL}, ${locationCounters.locationId} || ':' || ${locationCounters.lastSeq})`,
    });
  if (!counter) throw new Error(`No event counter for location ${locationId}`);
  const stored: ServerEvent = { seq: counter.seq, at: new Date(atMs).toISOString(), ...event };
  await tx.insert(events).values({
    locationId,
    seq: stored.seq,
    type: stored.type,
    at: new Date(atMs),
    linkId: stored.linkId ?? null,
    saleId: stored.saleId ?? null,
    payload: stored as unknown as Record<string, unknown>,
  });
  return stored;
}

export async function listEvents(db: Queryable, locationId: string, afterSeq: number, limit: number): Promise<ServerEvent[]> {
  const rows = await db
    .select({ payload: events.payload })
    .from(events)
    .where(and(eq(events.locationId, locationId), gt(events.seq, afterSeq)))
    .orderBy(asc(events.seq))
    .limit(limit);
  return rows.map((row) => row.payload as unknown as ServerEvent);
}

/** The last committed seq of a location (0 before any event). */
export async function lastSeq(db: Queryable, locationId: string): Promise<number> {
  const [row] = await db.select({ lastSeq: locationCounters.lastSeq }).from(locationCounters).where(eq(locationCounters.locationId, locationId));
  return row?.lastSeq ?? 0;
}
