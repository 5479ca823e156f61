import type { FastifyInstance } from 'fastify';
import { and, asc, eq, ilike, or } from 'drizzle-orm';
import type { Client } from '@frontdesk/shared/contract/entities';
import { routes } from '@frontdesk/shared/contract/http';
import type { AppContext } from '../app-context';
import { toStaff } from '../auth/authenticate';
import { loadCatalog } from '../catalog/availability';
import type { Queryable } from '../db/database';
import { clients, roles, staff } from '../db/schema';
import { lastSeq } from '../events/event-log';
import { addApiRoute } from '../http/api-route';
import { registerInfo } from './registers';

const MAX_CLIENTS = 200;

export function addCatalogReadRoutes(app: FastifyInstance, ctx: AppContext): void {
  addApiRoute(app, ctx, routes.bootstrap, async ({ auth: { register, location } }) => {
    // lastSeq first: an event committed while we read is then replayed again rather than missed.
    const seq = await lastSeq(ctx.db, location.id);
    const staffRows = await ctx.db
      .select({ staff, permissions: roles.permissions })
      .from(staff)
      .leftJoin(roles, and(eq(roles.locationId, staff.locationId), eq(roles.name, staff.role)))
      .where(and(eq(staff.locationId, location.id), eq(staff.active, true)))
      .orderBy(asc(staff.name));
    const items = await loadCatalog(ctx.db, { locationId: location.id, timeZone: location.timeZone, nowMs: ctx.now() });
    return {
      status: 200,
      body: {
        location: {
          id: location.id,
          name: location.name,
          widget: location.widget,
          currency: location.currency,
          timeZone: location.timeZone,
          locale: location.locale,
          country: location.country,
        },
        register: registerInfo(register),
        staff: staffRows.map((row) => toStaff(row.staff, row.permissions ?? [])),
        items,
        clients: await searchClients(ctx.db, location.id, undefined),
        lastSeq: seq,
      },
    };
  });

  addApiRoute(app, ctx, routes.catalog, async ({ auth: { location } }) => {
    const items = await loadCatalog(ctx.db, { locationId: location.id, timeZone: location.timeZone, nowMs: ctx.now() });
    return { status: 200, body: { items } };
  });

  addApiRoute(app, ctx, routes.searchClients, async ({ auth: { location }, query: { query } }) => {
    return { status: 200, body: { clients: await searchClients(ctx.db, location.id, query) } };
  });
}

/** Case-insensitive "contains" over name, email and phone (LIKE wildcards in the query are taken literally). */
async function searchClients(db: Queryable, locationId: string, query: string | undefined): Promise<Client[]> {
  const term = query?.trim();
  const pattern = term ? `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
  const rows = await db
    .select()
    .from(clients)
    .where(
      and(
        eq(clients.locationId, locationId),
        pattern ? or(ilike(clients.name, pattern), ilike(clients.email, pattern), ilike(clients.phone, pattern)) : undefined,
      ),
    )
    .orderBy(asc(clients.name))
    .limit(MAX_CLIENTS);
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    ...(row.email ? { email: row.email } : {}),
    ...(row.phone ? { phone: row.phone } : {}),
  }));
}
