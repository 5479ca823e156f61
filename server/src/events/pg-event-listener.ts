import pg from 'pg';
import { EVENTS_CHANNEL } from './event-log';

/** Reconnect delays after the listening connection drops: doubling from `firstMs` up to `maxMs`, with jitter. */
type ReconnectPolicy = { firstMs: number; maxMs: number };
const DEFAULT_RECONNECT: ReconnectPolicy = { firstMs: 100, maxMs: 5_000 };

export type PgEventListenerOptions = {
  databaseUrl: string;
  /** A notification: `seq` is committed in `locationId` (the data stays in the events table). */
  onCommitted: (locationId: string, seq: number) => void;
  /** After a reconnect: notifications sent while the connection was down are lost, so read what was missed. */
  onReconnected: () => void;
  log: (line: string) => void;
  reconnect?: Partial<ReconnectPolicy>;
};

// `start`/`stop` are function properties: start.ts hands `stop` on unbound.
export type PgEventListener = { start: () => Promise<void>; stop: () => Promise<void> };

/** The delay before reconnect attempt `attempt` (0-based): exponential, capped, with ±25 % jitter so nodes spread out. */
export function reconnectDelayMs(attempt: number, policy: ReconnectPolicy, random: () => number = Math.random): number {
  const base = Math.min(policy.maxMs, policy.firstMs * 2 ** Math.min(attempt, 20));
  return Math.round(base * (0.75 + random() * 0.5));
}

/** `<locationId>:<seq>` → its parts, or undefined for anything else on the channel. */
export function parseEventNotification(payload: string | undefined): { locationId: string; seq: number } | undefined {
  if (!payload) return undefined;
  const colon = payload.lastIndexOf(':');
  const seq = Number(payload.slice(colon + 1));
  if (colon <= 0 || !Number.isSafeInteger(seq) || seq < 1) return undefined;
  return { locationId: payload.slice(0, colon), seq };
}

/**
 * One dedicated connection per node that LISTENs for committed events (a pooled connection cannot: LISTEN
 * belongs to the session). When it drops it reconnects with backoff, then asks for a catch-up.
 */
export function createPgEventListener(options: PgEventListenerOptions): PgEventListener {
  const policy = { ...DEFAULT_RECONNECT, ...options.reconnect };
  let client: pg.Client | undefined;
  let stopped = false;
  let attempt = 0;
  let retryTimer: NodeJS.Timeout | undefined;

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: options.databaseUrl, application_name: 'frontdesk-events', keepAlive: true });
    let lost = false;
    const onLost = (error?: Error) => {
      if (lost) return;
      lost = true;
      if (client === next) client = undefined;
      next.end().catch(() => {});
      if (stopped) return;
      options.log(`event listener: connection lost${error ? ` (${error.message})` : ''}; reconnecting`);
      scheduleReconnect();
    };
    next.on('error', onLost);
    next.on('end', () => onLost());
    next.on('notification', (message) => {
      if (message.channel !== EVENTS_CHANNEL) return;
      const parsed = parseEventNotification(message.payload);
      if (parsed) options.onCommitted(parsed.locationId, parsed.seq);
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${EVENTS_CHANNEL}`);
    } catch (error) {
      lost = true;
      next.end().catch(() => {});
      throw error;
    }
    if (stopped) {
      await next.end().catch(() => {});
      return;
    }
    client = next;
  };

  const scheduleReconnect = () => {
    if (stopped || retryTimer) return;
    const delay = reconnectDelayMs(attempt, policy);
    attempt += 1;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      connect().then(
        () => {
          attempt = 0;
          if (!stopped) options.onReconnected();
        },
        (error: unknown) => {
          options.log(`event listener: reconnect failed (${(error as Error).message}); retrying`);
          scheduleReconnect();
        },
      );
    }, delay);
  };

  return {
    // The first connection must succeed (the server does not start without it); later drops are retried.
    start: () => connect(),
    async stop() {
      stopped = true;
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = undefined;
      const current = client;
      client = undefined;
      await current?.end().catch(() => {});
    },
  };
}
