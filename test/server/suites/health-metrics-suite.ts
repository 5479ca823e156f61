import { io as connectSocket } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import type { ServerBackend } from '../../support/server-backends';
import { api, demoDesk } from '../../support/server-api-client';
import { linkBody, mayaCart, postLink } from '../../support/server-link-helpers';

/** The value of a series without labels in Prometheus text. */
const sample = (text: string, name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);

export function healthMetricsSuite(backend: ServerBackend) {
  describe(`health and metrics (${backend.name})`, () => {
    it('health answers ok with serverTime while the database answers', async () => {
      const server = await backend.start();
      try {
        const health = await api(server.url, 'GET', '/health');
        expect(health.status).toBe(200);
        expect(health.body).toMatchObject({ ok: true, serverTime: expect.any(Number) });
      } finally {
        await server.close();
      }
    });

    it('/metrics is Prometheus text with request latency, pending links, sweeper lag, sockets, failed deliveries, refunds given up', async () => {
      let now = Date.now();
      const server = await backend.start({ now: () => now, linkTtlSeconds: 60, server: { deliveryAutoRun: false } });
      try {
        const desk = await demoDesk(server.url);
        const link = (await postLink(server.url, desk.frank, linkBody(mayaCart(desk)))).body.link;
        const socket = connectSocket(`${server.url}/registers`, { auth: { token: desk.registerToken, afterSeq: 0 }, transports: ['websocket'] });
        await new Promise<void>((done, fail) => {
          socket.once('connect', () => done());
          socket.once('connect_error', fail);
        });
        try {
          // 90 s after the link's deadline, before any sweep: the lag is those 90 s.
          await server.jobs.sweepExpired();
          now = Date.parse(link.expiresAt) + 90_000;
          const response = await fetch(`${server.url}/metrics`);
          expect(response.status).toBe(200);
          expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
          const text = await response.text();
          expect(text).toMatch(/^# TYPE frontdesk_http_request_duration_seconds histogram$/m);
          expect(text).toMatch(/^frontdesk_http_request_duration_seconds_count\{method="POST",route="\/api\/v1\/payment-links",status="201"\} 1$/m);
          expect(text).not.toContain(link.id);
          expect(sample(text, 'frontdesk_connected_sockets')).toBe(1);
          expect(sample(text, 'frontdesk_failed_deliveries')).toBe(0);
          expect(sample(text, 'frontdesk_refunds_given_up')).toBe(0);
          const pending = sample(text, 'frontdesk_pending_links');
          const lag = sample(text, 'frontdesk_sweeper_lag_seconds');
          // Either the scrape came before the sweeper's timer (pending 1, lag 90) or after it (expired: 0 and 0).
          expect([pending, lag]).toEqual(pending === 1 ? [1, 90] : [0, 0]);
          await server.jobs.sweepExpired();
          const after = await (await fetch(`${server.url}/metrics`)).text();
          expect([sample(after, 'frontdesk_pending_links'), sample(after, 'frontdesk_sweeper_lag_seconds')]).toEqual([0, 0]);
        } finally {
          socket.close();
        }
      } finally {
        await server.close();
      }
    });
  });
}
