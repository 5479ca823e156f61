import { EventsQuerySchema } from '../../../shared/contract/http';
import type { AppContext } from '../app-context';
import { requireRegister } from '../auth/authenticate';
import { lastSeq, listEvents } from '../events/event-log';
import type { Router } from '../http/router';
import { parseWith } from '../http/validate';

export function addEventRoutes(router: Router, ctx: AppContext): void {
  // The event feed the register polls when its socket is down: events after its cursor, in seq order.
  router.add('GET', '/api/v1/events', async (request) => {
    const { location } = await requireRegister(ctx, request);
    const { after, limit } = parseWith(EventsQuerySchema, request.query, 'The events query');
    const seq = await lastSeq(ctx.db, location.id);
    const events = await listEvents(ctx.db, location.id, after, limit);
    return { status: 200, body: { events, lastSeq: Math.max(seq, events.at(-1)?.seq ?? 0) } };
  });
}
