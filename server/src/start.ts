import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { Server as SocketServer } from 'socket.io';
import type { AppContext } from './app-context';
import { buildApp } from './app';
import { createEnrollLimiter, createPinLimiter } from './auth/pin-limiter';
import { openDatabase, type Db } from './db/database';
import { migrate, MIGRATIONS_FOLDER } from './db/migrate';
import { createEventBus } from './events/event-bus';
import { lastSeq, listEvents } from './events/event-log';
import { createPgEventListener, type PgEventListener } from './events/pg-event-listener';
import { seedDemoStudio } from './seed/demo-studio';
import { attachRegistersNamespace } from './socket/registers-namespace';
import { createRateLimiter } from './http/rate-limit';
import { createExpirySweeper } from './links/expiry-sweeper';
import { systemTimers, type JobTimers } from './jobs/job-timers';
import { createDeliveryWorker } from './notify/delivery-worker';
import { createServerMetrics } from './metrics/server-metrics';
import { createLogger, lineDestination, type Logger } from './log/logger';
import type { LiveSenders } from './notify/senders';
import { createSmtpSender } from './notify/smtp-sender';
import { createTwilioSender, type TwilioOptions } from './notify/twilio-sender';
import { sandboxProcessor, type PaymentProcessor } from './payments/processor';
import { createRefundRetrier, DEFAULT_REFUND_RETRY, type RefundRetryPolicy } from './payments/refunds';
import { createStripeClient, createStripeProcessor, type StripeOptions } from './payments/stripe-processor';

export type StartServerOptions = {
  /** 0 = any free port. */
  port?: number;
  host?: string;
  /** Where PGlite keeps its data (`<dataDir>/pg`) unless pgliteDataDir or databaseUrl says otherwise. */
  dataDir?: string;
  databaseUrl?: string;
  /** PGlite data directory, or 'memory'. */
  pgliteDataDir?: string;
  /** A PGlite dump to start a NEW data directory from (test templates); ignored when the directory has data. */
  pgliteLoadFrom?: Blob | File;
  seed?: 'demo' | 'none';
  linkTtlSeconds?: number;
  publicUrl?: string;
  now?: () => number;
  /** The log (pino, JSON). Without one, `log` gets each record's sentence as a line; without either, nothing is logged. */
  logger?: Logger;
  log?: (line: string) => void;
  /** Card processor (default sandbox). */
  payments?: 'sandbox' | 'stripe';
  stripe?: StripeOptions;
  /** Messages: stored for /dev/outbox (default) or sent through Twilio and SMTP. */
  notify?: 'outbox' | 'live';
  twilio?: TwilioOptions;
  smtp?: { url: string; mailFrom: string };
  /** Delivery retries: first backoff (doubles) and attempts before giving up. */
  deliveryBackoffMs?: number;
  deliveryMaxAttempts?: number;
  /** Tests: false = the delivery worker runs only through jobs.deliverQueued (no timers). */
  deliveryAutoRun?: boolean;
  /** Refunds that failed: backoff and attempts before staff are told (default 30 s doubling to 1 h, 8 attempts). */
  refundRetry?: Partial<RefundRetryPolicy>;
  /** Invoice page requests per client address and window (default 120 a minute). */
  invoiceRateLimit?: { max: number; windowMs: number };
  /** TRUST_PROXY: proxies in front of this node that append to X-Forwarded-For (default 0: none trusted). */
  trustProxyHops?: number;
  /** Tests: the background jobs' timers (a manual clock), so no pass runs unless the test steps it. */
  jobTimers?: JobTimers;
  /** Tests: wraps the card processor (to stage races between its calls and other requests). */
  wrapProcessor?: (processor: PaymentProcessor) => PaymentProcessor;
};

// `close` is a function property, not a method: callers take it off the object (`const { close } = ...`).
export type RunningServer = { url: string; port: number; close: () => Promise<void> };
/** For tests and the bench: the running jobs, to run them at a chosen moment instead of waiting for timers. */
export type ServerJobs = { sweepExpired(): Promise<number>; deliverQueued(): Promise<number>; retryRefunds(): Promise<number> };

/** Opens the database, migrates, seeds, and serves HTTP and Socket.IO on one port. */
export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  const { url, port, close } = await startServerWithDatabase(options);
  return { url, port, close };
}

/** startServer, also handing out the drizzle handle (tests count rows with it). */
export async function startServerWithDatabase(options: StartServerOptions = {}): Promise<RunningServer & { db: Db; jobs: ServerJobs }> {
  const now = options.now ?? Date.now;
  const logger = options.logger ?? (options.log ? createLogger({ destination: lineDestination(options.log) }) : createLogger({ level: 'silent' }));
  const log = (line: string) => logger.info(line);
  const host = options.host ?? '127.0.0.1';
  const pgliteDataDir = options.databaseUrl ? undefined : resolvePgliteDir(options);
  const database = await openDatabase({
    databaseUrl: options.databaseUrl,
    pgliteDataDir,
    pgliteLoadFrom: pgliteDataDir === 'memory' || isEmptyDir(pgliteDataDir) ? options.pgliteLoadFrom : undefined,
  });
  try {
    let seeded = false;
    const applied = await migrate(database.db, MIGRATIONS_FOLDER, async (tx) => {
      if (options.seed === 'demo') seeded = await seedDemoStudio(tx, now());
    });
    if (applied > 0) log(`applied ${applied} migration(s)`);
    if (seeded) log('loaded the demo studio');
  } catch (error) {
    await database.close();
    throw error;
  }

  const notify = options.notify ?? 'outbox';
  let connectedSockets = () => 0;
  const jobs = { linkScheduled: (_at: number) => {}, deliveriesQueued: () => {} };
  const ctx: AppContext = {
    db: database.db,
    now,
    log,
    logger,
    publicUrl: options.publicUrl ?? '',
    linkTtlSeconds: options.linkTtlSeconds ?? 900,
    events: createEventBus((locationId, afterSeq, limit) => listEvents(database.db, locationId, afterSeq, limit), log),
    pinLimiter: createPinLimiter(database.db, now, log),
    enrollLimiter: createEnrollLimiter(database.db, now, { max: 10, windowMs: 60_000, log }),
    processor: sandboxProcessor,
    jobs: { linkScheduled: (at) => jobs.linkScheduled(at), deliveriesQueued: () => jobs.deliveriesQueued() },
    invoiceLimiter: createRateLimiter(database.db, now, options.invoiceRateLimit ?? { max: 120, windowMs: 60_000 }),
    notify,
    trustProxyHops: options.trustProxyHops ?? 0,
    // The socket count is read through this hook once Socket.IO is attached below.
    metrics: createServerMetrics({ db: database.db, now, connectedSockets: () => connectedSockets() }),
  };
  if (options.payments === 'stripe') {
    if (!options.stripe) throw new Error('PAYMENTS=stripe needs the Stripe settings.');
    const stripe = createStripeClient(options.stripe);
    ctx.processor = createStripeProcessor(database.db, stripe, options.stripe);
    ctx.stripeWebhook = { stripe, webhookSecret: options.stripe.webhookSecret };
  }
  if (options.wrapProcessor) ctx.processor = options.wrapProcessor(ctx.processor);
  const senders: LiveSenders = {};
  const smtpSender = notify === 'live' && options.smtp ? createSmtpSender({ url: options.smtp.url, from: options.smtp.mailFrom }) : undefined;
  if (notify === 'live') {
    if (options.twilio) senders.sms = createTwilioSender(options.twilio);
    if (smtpSender) senders.email = smtpSender;
  }
  const jobEnv = { timers: options.jobTimers ?? systemTimers, logger };
  const worker = createDeliveryWorker(
    ctx,
    { mode: notify, senders, backoffMs: options.deliveryBackoffMs, maxAttempts: options.deliveryMaxAttempts, autoRun: options.deliveryAutoRun },
    jobEnv,
  );
  const sweeper = createExpirySweeper(ctx, jobEnv);
  const refundRetrier = createRefundRetrier(ctx, { ...DEFAULT_REFUND_RETRY, ...options.refundRetry }, jobEnv);
  jobs.linkScheduled = (at) => sweeper.schedule(at);
  jobs.deliveriesQueued = () => worker.nudge();
  // On PostgreSQL every node hears every node's commits (LISTEN/NOTIFY); on PGlite, one process, publish suffices.
  let eventListener: PgEventListener | undefined;
  if (database.kind === 'postgres' && options.databaseUrl) {
    const { databaseUrl } = options;
    eventListener = createPgEventListener({
      databaseUrl,
      onCommitted: (locationId, seq) => ctx.events.committed(locationId, seq),
      onReconnected: () => void ctx.events.catchUp((locationId) => lastSeq(database.db, locationId)),
      log,
    });
    try {
      await eventListener.start();
    } catch (error) {
      await database.close();
      throw error;
    }
  }
  const app = await buildApp(ctx, { listenHost: host });
  const io = new SocketServer(app.server, { serveClient: false });
  attachRegistersNamespace(io, ctx);
  connectedSockets = () => io.of('/registers').sockets.size;
  try {
    await app.listen({ port: options.port ?? 0, host, listenTextResolver: () => '' });
  } catch (error) {
    await eventListener?.stop();
    await database.close();
    throw error;
  }
  const port = (app.server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  const url = `http://${shownHost}:${port}`;
  if (!options.publicUrl) ctx.publicUrl = url;
  // Links that expired while the server was down are expired now; then each on time.
  await sweeper.start();
  worker.start();
  refundRetrier.start();

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    db: database.db,
    jobs: { sweepExpired: () => sweeper.sweepNow(), deliverQueued: () => worker.runOnce(), retryRefunds: () => refundRetrier.runOnce() },
    close() {
      closing ??= (async () => {
        await sweeper.stop();
        await worker.stop();
        await refundRetrier.stop();
        smtpSender?.close();
        await eventListener?.stop();
        io.disconnectSockets(true);
        // Not awaited: io.close() ends the engine and closes app.server, whose open connections app.close() ends.
        const ioClosed = new Promise<void>((done) => void io.close(() => done()));
        await app.close();
        await ioClosed;
        await database.close();
      })();
      return closing;
    },
  };
}

function resolvePgliteDir(options: StartServerOptions): string {
  if (options.pgliteDataDir === 'memory') return 'memory';
  const dir = resolve(options.pgliteDataDir ?? join(options.dataDir ?? './.frontdesk/server', 'pg'));
  mkdirSync(dir, { recursive: true });
  return dir;
}

function isEmptyDir(dir: string | undefined): boolean {
  return dir !== undefined && (!existsSync(dir) || readdirSync(dir).length === 0);
}
