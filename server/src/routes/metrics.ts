import type { AppContext } from '../app-context';
import type { Router } from '../http/router';

/** Prometheus text for the scraper. It names no studio, link or client, only counts. */
export function addMetricsRoutes(router: Router, ctx: AppContext): void {
  router.add('GET', '/metrics', async () => {
    const { text, contentType } = await ctx.metrics.render();
    return { status: 200, page: text, contentType, headers: { 'cache-control': 'no-store' } };
  });
}
