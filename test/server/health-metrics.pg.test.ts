import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { onPostgres } from '../support/server-backends';
import { api } from '../support/server-api-client';
import { healthMetricsSuite } from './suites/health-metrics-suite';

await onPostgres('health and metrics', (backend) => {
  healthMetricsSuite(backend);

  describe('health when the database is gone (pg)', () => {
    it('answers 503 database_unreachable, so the load balancer takes the node out', async () => {
      const server = (await backend.start()) as Awaited<ReturnType<typeof backend.start>> & { databaseUrl: string };
      const admin = new pg.Client({ connectionString: process.env.FRONTDESK_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' });
      await admin.connect();
      try {
        expect((await api(server.url, 'GET', '/health')).status).toBe(200);
        const name = new URL(server.databaseUrl).pathname.slice(1);
        await admin.query(`drop database ${name} with (force)`);
        const health = await api(server.url, 'GET', '/health');
        expect(health.status).toBe(503);
        expect(health.body).toMatchObject({ ok: false, error: { code: 'database_unreachable', message: expect.any(String) } });
      } finally {
        await admin.end();
        await server.close();
      }
    });
  });
});
