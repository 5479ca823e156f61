import type { AppContext } from '../../server/src/app-context';
import type { Db } from '../../server/src/db/database';
import { createEventBus } from '../../server/src/events/event-bus';
import { listEvents } from '../../server/src/events/event-log';
import type { JobLogger } from '../../server/src/jobs/job-loop';
import type { PaymentProcessor } from '../../server/src/payments/processor';

// What a background job needs of the server, built by hand on a test server's database: a job under test runs
// beside the server (its own timers, logger and processor) without the rest of a node.

export type JobContextOptions = { now: () => number; processor: PaymentProcessor; publicUrl: string };

/** The parts of AppContext the jobs and closeLink use; the limiters, metrics and HTTP parts are left out. */
export function jobContext(db: Db, options: JobContextOptions): AppContext {
  const context: Partial<AppContext> = {
    db,
    now: options.now,
    log: () => {},
    publicUrl: options.publicUrl,
    linkTtlSeconds: 900,
    events: createEventBus((locationId, afterSeq, limit) => listEvents(db, locationId, afterSeq, limit)),
    processor: options.processor,
    jobs: { linkScheduled: () => {}, deliveriesQueued: () => {} },
  };
  return context as AppContext;
}

export type LogRecord = { level: 'error' | 'warn' | 'info'; fields: Record<string, unknown>; message: string };

/** A JobLogger that keeps what it is told, with its level. */
export function recordingLogger(): { logger: JobLogger; records: LogRecord[] } {
  const records: LogRecord[] = [];
  const at = (level: LogRecord['level']) => (fields: Record<string, unknown>, message: string) => void records.push({ level, fields, message });
  return { logger: { error: at('error'), warn: at('warn'), info: at('info') }, records };
}
