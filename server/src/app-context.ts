import type { Db } from './db/database';
import type { EventBus } from './events/event-bus';
import type { PinLimiter } from './auth/pin-limiter';

/** What request handlers and the socket share: the database, the clock, the live event bus. */
export type AppContext = {
  db: Db;
  now: () => number;
  log: (line: string) => void;
  publicUrl: string;
  linkTtlSeconds: number;
  events: EventBus;
  pinLimiter: PinLimiter;
};
