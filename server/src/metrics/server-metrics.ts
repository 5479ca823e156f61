import { sql } from 'drizzle-orm';
import { Gauge, Histogram, Registry } from 'prom-client';
import { rowsOf, type Db } from '../db/database';

/** What `/metrics` shows, and the one thing request handling feeds it (the rest is read from the database). */
export type ServerMetrics = {
  observeRequest: (method: string, route: string, status: number, seconds: number) => void;
  /** The Prometheus text exposition and its content type. */
  render: () => Promise<{ text: string; contentType: string }>;
};

type MetricSources = {
  db: Db;
  now: () => number;
  /** Sockets connected to this node's `/registers` namespace. */
  connectedSockets: () => number;
};

/**
 * One registry per server (several servers share a test process, so never the global one). The gauges read the
 * database when scraped, so every node reports the same pending links, lag, failures and refunds; request latency
 * and sockets are this node's own.
 */
export function createServerMetrics(sources: MetricSources): ServerMetrics {
  const registry = new Registry();
  const requests = new Histogram({
    name: 'frontdesk_http_request_duration_seconds',
    help: 'HTTP request latency by method, route pattern (never the raw path: it may hold invoice ids) and status.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const count = async (query: ReturnType<typeof sql>) => Number(rowsOf<{ n: number | string }>(await sources.db.execute(query))[0]?.n ?? 0);
  new Gauge({
    name: 'frontdesk_pending_links',
    help: 'Payment links waiting for payment.',
    registers: [registry],
    async collect() {
      this.set(await count(sql`select count(*) as n from payment_links where status = 'pending'`));
    },
  });
  new Gauge({
    name: 'frontdesk_sweeper_lag_seconds',
    help: 'Now minus the oldest expiresAt of a pending link already past it (0 when the sweeper is up to date).',
    registers: [registry],
    async collect() {
      const now = new Date(sources.now()).toISOString();
      const [row] = rowsOf<{ oldest: string | Date | null }>(
        await sources.db.execute(sql`select min(expires_at) as oldest from payment_links where status = 'pending' and expires_at <= ${now}::timestamptz`),
      );
      this.set(row?.oldest ? Math.max(0, (sources.now() - new Date(row.oldest).getTime()) / 1000) : 0);
    },
  });
  new Gauge({
    name: 'frontdesk_connected_sockets',
    help: 'Register sockets connected to this node.',
    registers: [registry],
    collect() {
      this.set(sources.connectedSockets());
    },
  });
  new Gauge({
    name: 'frontdesk_failed_deliveries',
    help: 'Messages (SMS, email) that failed for good.',
    registers: [registry],
    async collect() {
      this.set(await count(sql`select count(*) as n from deliveries where status = 'failed'`));
    },
  });
  new Gauge({
    name: 'frontdesk_refunds_given_up',
    help: 'Refunds the server stopped retrying: staff give them back by hand.',
    registers: [registry],
    async collect() {
      this.set(await count(sql`select count(*) as n from refunds where gave_up_at is not null`));
    },
  });
  return {
    observeRequest: (method, route, status, seconds) => requests.observe({ method, route, status: String(status) }, seconds),
    render: async () => ({ text: await registry.metrics(), contentType: registry.contentType }),
  };
}
