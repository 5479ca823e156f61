import type { FastifyInstance } from 'fastify';
import { and, asc, eq, gte, lt } from 'drizzle-orm';
import type { Booking } from '@frontdesk/shared/contract/entities';
import { routes } from '@frontdesk/shared/contract/http';
import { dateInZone } from '@frontdesk/shared/domain/studio-time';
import type { AppContext } from '../app-context';
import { bookings, catalogItems, clients, seats } from '../db/schema';
import { addApiRoute } from '../http/api-route';
import { studioDayRange } from '../time/zoned-time';

export function addRosterRoutes(app: FastifyInstance, ctx: AppContext): void {
  // Who is booked into the day's sessions and slots (an addition to DESIGN.md's table).
  addApiRoute(app, ctx, routes.roster, async ({ auth: { location }, query }) => {
    const date = query.date ?? dateInZone(ctx.now(), location.timeZone);
    const { start, end } = studioDayRange(date, location.timeZone);
    const rows = await ctx.db
      .select({ booking: bookings, itemName: catalogItems.name, seatLabel: seats.label, clientName: clients.name })
      .from(bookings)
      .innerJoin(catalogItems, eq(catalogItems.id, bookings.itemId))
      .leftJoin(seats, eq(seats.id, bookings.seatId))
      .leftJoin(clients, eq(clients.id, bookings.clientId))
      .where(and(eq(bookings.locationId, location.id), gte(bookings.startsAt, start), lt(bookings.startsAt, end)))
      .orderBy(asc(bookings.startsAt), asc(catalogItems.name), asc(bookings.createdAt));
    const list = rows.map(({ booking, itemName, seatLabel, clientName }): Booking => ({
      id: booking.id,
      saleId: booking.saleId,
      itemId: booking.itemId,
      itemName,
      ...(booking.sessionId ? { sessionId: booking.sessionId } : {}),
      ...(booking.slotId ? { slotId: booking.slotId } : {}),
      ...(booking.seatId ? { seatId: booking.seatId } : {}),
      ...(seatLabel ? { seatLabel } : {}),
      startsAt: booking.startsAt.toISOString(),
      clientId: booking.clientId,
      clientName: clientName ?? 'Walk-in',
    }));
    return { status: 200, body: { date, bookings: list } };
  });
}
