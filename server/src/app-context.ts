import type Stripe from 'stripe';
import type { Db } from './db/database';
import type { EventBus } from './events/event-bus';
import type { AttemptLimiter, PinLimiter } from './auth/pin-limiter';
import type { RateLimiter } from './http/rate-limit';
import type { Logger } from './log/logger';
import type { PaymentProcessor } from './payments/processor';
import type { ServerMetrics } from './metrics/server-metrics';

/** Background jobs that request handlers wake up after a commit (each also finds its work on its own). */
type LinkJobs = {
  /** A link with this deadline exists now: the expiry sweeper makes sure it wakes in time. */
  linkScheduled(expiresAtMs: number): void;
  /** Deliveries were queued: the delivery worker looks at once. */
  deliveriesQueued(): void;
};

/** What request handlers and the socket share: the database, the clock, the live event bus. */
export type AppContext = {
  db: Db;
  now: () => number;
  /** One line at info level on `logger` (kept for callers that log plain sentences). */
  log: (line: string) => void;
  /**
   * The server's pino logger (JSON, redacted: log/logger.ts). `logger.error({ ...fields }, 'sentence')` for what
   * needs a person (a refund that gave up, a processor that cannot be reached); request handlers log on their
   * request's child logger instead, which carries its reqId.
   */
  logger: Logger;
  publicUrl: string;
  linkTtlSeconds: number;
  events: EventBus;
  pinLimiter: PinLimiter;
  /** Enrollment attempts per client address (bad codes count; a right code is released). */
  enrollLimiter: AttemptLimiter;
  processor: PaymentProcessor;
  jobs: LinkJobs;
  /** Requests to the public invoice pages, per client address. */
  invoiceLimiter: RateLimiter;
  notify: 'outbox' | 'live';
  /** What /metrics shows (server-metrics.ts); request handling feeds its latency histogram. */
  metrics: ServerMetrics;
  /** TRUST_PROXY: how many proxies in front of the node append to X-Forwarded-For (0 = the socket peer is the client). */
  trustProxyHops: number;
  /** PAYMENTS=stripe: the client and secret the webhook endpoint verifies signatures with. */
  stripeWebhook?: { stripe: Stripe; webhookSecret: string };
};
