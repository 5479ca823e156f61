import type { FastifyInstance } from 'fastify';
import { routes } from '@frontdesk/shared/contract/http';
import type { AppContext } from '../app-context';
import { lastSeq, listEvents } from '../events/event-log';
import { addApiRoute } from '../http/api-route';

export function addEventRoutes(app: FastifyInstance, ctx: AppContext): void {
  // The event feed the register polls when its socket is down: events after its cursor, in seq order.
  addApiRoute(app, ctx, routes.events, async ({ auth: { location }, query: { after, limit } }) => {
    const seq = await lastSeq(ctx.db, location.id);
    const events = await listEvents(ctx.db, location.id, after, limit);
    return { status: 200, body: { events, lastSeq: Math.max(seq, events.at(-1)?.seq ?? 0) } };
  });
}
