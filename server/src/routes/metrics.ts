import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context';

/** Prometheus text for the scraper. It names no studio, link or client, only counts. */
export function addMetricsRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/metrics', async (_request, reply) => {
    const { text, contentType } = await ctx.metrics.render();
    return reply.type(contentType).send(text);
  });
}
