import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { routes } from '@frontdesk/shared/contract/http';
import type { AppContext } from '../app-context';
import { addApiRoute } from '../http/api-route';

/** A database that does not answer within this is as good as unreachable for the load balancer. */
const HEALTH_DB_TIMEOUT_MS = 2_000;

/** 200 when the node can reach its database, 503 when it cannot, so the load balancer takes it out of rotation. */
export function addHealthRoutes(app: FastifyInstance, ctx: AppContext): void {
  addApiRoute(app, ctx, routes.health, async ({ log }) => {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        ctx.db.execute(sql`select 1`),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${HEALTH_DB_TIMEOUT_MS} ms`)), HEALTH_DB_TIMEOUT_MS);
        }),
      ]);
      return { status: 200, body: { ok: true } };
    } catch (error) {
      log.error({ err: { name: (error as Error).name } }, `health: the database cannot be reached: ${(error as Error).message}`);
      return {
        status: 503,
        body: { ok: false, error: { code: 'database_unreachable', message: 'The server cannot reach its database.', details: {} } },
      };
    } finally {
      clearTimeout(timer);
    }
  });
}
