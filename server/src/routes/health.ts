import type { Router } from '../http/router';

export function addHealthRoutes(router: Router): void {
  router.add('GET', '/api/v1/health', () => Promise.resolve({ status: 200, body: { ok: true } }));
}
