import { and, eq, sql } from 'drizzle-orm';
import type { PricedLine } from '@frontdesk/shared/contract/entities';
import { AppError } from '@frontdesk/shared/contract/errors';
import { newId } from '../auth/tokens';
import { isUniqueViolation, rowsOf, type Tx } from '../db/database';
import { bookings, holds, seatClaims } from '../db/schema';

// The one place that moves holds and bookings. Every change of a place goes through a conditional UPDATE of the
// session's or slot's counters (which takes that row's lock until commit, in any server process, and is backed by
// a CHECK constraint) and, for a seat, through the seat_claims primary key. Callers take places in id order so
// two transactions never wait on each other in a cycle.

type PlaceLine = Pick<PricedLine, 'itemId' | 'sessionId' | 'slotId' | 'seatId' | 'seatLabel' | 'startsAt'>;

const placeKey = (line: PlaceLine) => (line.slotId ? `slot:${line.slotId}` : `session:${line.sessionId}:${line.seatId ?? ''}`);

/** The lines that take a place, in lock order. */
export function placeLines<T extends PlaceLine>(lines: readonly T[]): T[] {
  return lines.filter((line) => line.sessionId || line.slotId).sort((a, b) => (placeKey(a) < placeKey(b) ? -1 : 1));
}

function seatTaken(line: PlaceLine): AppError {
  const seat = line.seatLabel ? `Seat ${line.seatLabel}` : 'That seat';
  return new AppError('seat_unavailable', `${seat} is already taken. Please pick a different seat.`, {
    sessionId: line.sessionId,
    seatId: line.seatId,
  });
}
const classFull = (sessionId: string) => new AppError('capacity_unavailable', 'That class is full.', { sessionId });
const slotTaken = (slotId: string) =>
  new AppError('capacity_unavailable', 'That appointment time is already taken. Please pick another time.', { sessionId: slotId, slotId });

async function takeSessionUnit(tx: Tx, sessionId: string, column: 'held_count' | 'booked_count'): Promise<boolean> {
  const result = await tx.execute(sql`update class_sessions set ${sql.raw(column)} = ${sql.raw(column)} + 1
    where id = ${sessionId} and external_booked + booked_count + held_count + 1 <= capacity returning id`);
  return rowsOf(result).length === 1;
}

async function takeSlot(tx: Tx, slotId: string, column: 'held_count' | 'booked_count'): Promise<boolean> {
  const result = await tx.execute(sql`update slots set ${sql.raw(column)} = ${sql.raw(column)} + 1
    where id = ${slotId} and booked_count + held_count < 1 returning id`);
  return rowsOf(result).length === 1;
}

async function claimSeat(tx: Tx, sessionId: string, seatId: string, owner: { holdId?: string; bookingId?: string }): Promise<boolean> {
  const result = await tx
    .insert(seatClaims)
    .values({ sessionId, seatId, holdId: owner.holdId ?? null, bookingId: owner.bookingId ?? null })
    .onConflictDoNothing()
    .returning({ seatId: seatClaims.seatId });
  return result.length === 1;
}

/** Holds one place per place-taking line for a link; throws seat_unavailable / capacity_unavailable. */
export async function holdPlaces(tx: Tx, input: { linkId: string; locationId: string; lines: readonly PlaceLine[]; nowMs: number }): Promise<number> {
  const lines = placeLines(input.lines);
  for (const line of lines) {
    const holdId = newId('hold');
    // The session/slot counter first: it locks the row, so the seat claim below is judged after any racing twin.
    if (line.sessionId && !(await takeSessionUnit(tx, line.sessionId, 'held_count'))) {
      throw line.seatId ? seatTaken(line) : classFull(line.sessionId);
    }
    if (line.slotId && !(await takeSlot(tx, line.slotId, 'held_count'))) throw slotTaken(line.slotId);
    try {
      await tx.insert(holds).values({
        id: holdId,
        linkId: input.linkId,
        locationId: input.locationId,
        itemId: line.itemId,
        sessionId: line.sessionId ?? null,
        slotId: line.slotId ?? null,
        seatId: line.seatId ?? null,
        status: 'active',
        createdAt: new Date(input.nowMs),
      });
    } catch (error) {
      // The partial unique indexes on active holds: another link holds this seat or slot.
      if (isUniqueViolation(error)) throw line.seatId ? seatTaken(line) : slotTaken(line.slotId ?? line.sessionId!);
      throw error;
    }
    if (line.sessionId && line.seatId && !(await claimSeat(tx, line.sessionId, line.seatId, { holdId }))) throw seatTaken(line);
  }
  return lines.length;
}

type HoldRow = typeof holds.$inferSelect;

async function activeHolds(tx: Tx, linkId: string): Promise<HoldRow[]> {
  const rows = await tx
    .select()
    .from(holds)
    .where(and(eq(holds.linkId, linkId), eq(holds.status, 'active')))
    .for('update');
  return rows.sort((a, b) => ((a.slotId ?? a.sessionId ?? '') < (b.slotId ?? b.sessionId ?? '') ? -1 : 1));
}

/** Gives a link's active holds back. Answers the catalog items whose availability moved. */
export async function releaseHolds(tx: Tx, linkId: string, nowMs: number): Promise<string[]> {
  const rows = await activeHolds(tx, linkId);
  for (const hold of rows) {
    if (hold.sessionId) await tx.execute(sql`update class_sessions set held_count = held_count - 1 where id = ${hold.sessionId}`);
    if (hold.slotId) await tx.execute(sql`update slots set held_count = held_count - 1 where id = ${hold.slotId}`);
    if (hold.seatId) await tx.delete(seatClaims).where(eq(seatClaims.holdId, hold.id));
    await tx
      .update(holds)
      .set({ status: 'released', endedAt: new Date(nowMs) })
      .where(eq(holds.id, hold.id));
  }
  return [...new Set(rows.map((hold) => hold.itemId))];
}

/** Turns a paid link's holds into roster bookings of its sale. Answers the items whose availability moved. */
export async function convertHolds(
  tx: Tx,
  input: { linkId: string; locationId: string; saleId: string; clientId: string | null; lines: readonly PlaceLine[]; nowMs: number },
): Promise<string[]> {
  const rows = await activeHolds(tx, input.linkId);
  const startsAt = new Map(input.lines.map((line) => [placeKey(line), line.startsAt]));
  for (const hold of rows) {
    const bookingId = newId('bkg');
    const key = placeKey({ itemId: hold.itemId, sessionId: hold.sessionId ?? undefined, slotId: hold.slotId ?? undefined, seatId: hold.seatId ?? undefined });
    await tx.insert(bookings).values({
      id: bookingId,
      locationId: input.locationId,
      saleId: input.saleId,
      itemId: hold.itemId,
      sessionId: hold.sessionId,
      slotId: hold.slotId,
      seatId: hold.seatId,
      clientId: input.clientId,
      startsAt: new Date(startsAt.get(key) ?? input.nowMs),
      createdAt: new Date(input.nowMs),
    });
    if (hold.sessionId) {
      await tx.execute(sql`update class_sessions set held_count = held_count - 1, booked_count = booked_count + 1 where id = ${hold.sessionId}`);
    }
    if (hold.slotId) await tx.execute(sql`update slots set held_count = held_count - 1, booked_count = booked_count + 1 where id = ${hold.slotId}`);
    if (hold.seatId) await tx.update(seatClaims).set({ holdId: null, bookingId }).where(eq(seatClaims.holdId, hold.id));
    await tx
      .update(holds)
      .set({ status: 'converted', bookingId, endedAt: new Date(input.nowMs) })
      .where(eq(holds.id, hold.id));
  }
  return [...new Set(rows.map((hold) => hold.itemId))];
}

/** Counts a register sale's bookings (already inserted) on their sessions, slots and seats. */
export async function bookPlaces(tx: Tx, booked: ReadonlyArray<PlaceLine & { bookingId: string }>): Promise<void> {
  for (const line of placeLines(booked)) {
    if (line.sessionId && !(await takeSessionUnit(tx, line.sessionId, 'booked_count'))) {
      throw line.seatId ? seatTaken(line) : classFull(line.sessionId);
    }
    if (line.slotId && !(await takeSlot(tx, line.slotId, 'booked_count'))) throw slotTaken(line.slotId);
    if (line.sessionId && line.seatId && !(await claimSeat(tx, line.sessionId, line.seatId, { bookingId: line.bookingId }))) {
      throw seatTaken(line);
    }
  }
}

/** For tests and checks: sessions whose held + booked passed capacity (always none). */
export const overbookedSessionsSql = sql`select id from class_sessions where external_booked + booked_count + held_count > capacity
  or held_count <> (select count(*) from holds where holds.session_id = class_sessions.id and holds.status = 'active')
  or booked_count <> (select count(*) from bookings where bookings.session_id = class_sessions.id)`;
