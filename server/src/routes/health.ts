import { sql } from 'drizzle-orm';
import type { AppContext } from '../app-context';
import type { Router } from '../http/router';

/** A database that does not answer within this is as good as unreachable for the load balancer. */
const HEALTH_DB_TIMEOUT_MS = 2_000;

/** 200 when the node can reach its database, 503 when it cannot, so the load balancer takes it out of rotation. */
export function addHealthRoutes(router: Router, ctx: AppContext): void {
  router.add('GET', '/api/v1/health', async () => {
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
      ctx.log(`health: the database cannot be reached: ${(error as Error).message}`);
      return {
        status: 503,
        body: { ok: false, error: { code: 'database_unreachable', message: 'The server cannot reach its database.', details: {} } },
      };
    } finally {
      clearTimeout(timer);
    }
  });
}
