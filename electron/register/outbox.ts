import { and, asc, eq, lte, sql } from 'drizzle-orm';
import type { OutboxWaiting } from '../../shared/contract/register-view';
import type { LocalDb } from '../../db/open-database';
import { notices, outbox, paymentLinks } from '../../db/schema';
import { AppError } from '../../shared/contract/errors';
import { pathFor, routes, type ApiRoute, type RouteParams } from '../../shared/contract/http';
import { isFinalAnswer, errorFromAnswer, type RawAnswer } from './api-client';
import type { EngineClock } from './engine-clock';
import { addNotice } from './notices';
import { ulid } from './ulid';
import { COMMAND_ROUTES, LINK_CANCEL_COMMAND, LINK_CREATE_COMMAND, LINK_RESEND_COMMAND, SALE_COMMAND, type CommandKind } from './command-kinds';

// Commands to the server (DESIGN.md section 6). A command is written in the same transaction as the local
// change it announces, with an idempotency key, and sent at least once until the server answers. One sender,
// one command at a time, so a command is never in flight twice; the key makes a resend after a lost answer
// harmless on the server.

export type OutboxRow = typeof outbox.$inferSelect;
type CommandRoute<K extends CommandKind> = (typeof routes)[(typeof COMMAND_ROUTES)[K]];
/** A command: its kind names its route in the table, whose path it is sent to (with `params`); the server judges its body. */
export type NewCommand<K extends CommandKind = CommandKind> = {
  kind: K;
  subjectId?: string;
  body: unknown;
  staffId: string | null;
} & (RouteParams<CommandRoute<K>> extends undefined ? { params?: undefined } : { params: RouteParams<CommandRoute<K>> });

const fillPath = pathFor as (route: ApiRoute, params?: Record<string, string>) => string;

/** Call inside the transaction that makes the local change. A kind outside COMMAND_ROUTES is refused (unknown_command). */
export function enqueueCommand<K extends CommandKind>(db: LocalDb, command: NewCommand<K>, now: number): OutboxRow {
  const routeName = Object.hasOwn(COMMAND_ROUTES, command.kind) ? COMMAND_ROUTES[command.kind] : undefined;
  if (!routeName) throw new AppError('unknown_command', `The register has no route for a command of kind "${String(command.kind)}".`, { kind: command.kind });
  const route = routes[routeName];
  const id = ulid(now);
  const row: OutboxRow = {
    id,
    kind: command.kind,
    subjectId: command.subjectId ?? null,
    idempotencyKey: `${command.kind}:${id}`,
    method: route.method,
    path: fillPath(route, command.params as Record<string, string> | undefined),
    bodyJson: JSON.stringify(command.body),
    staffId: command.staffId,
    createdAt: now,
    attempts: 0,
    nextAttemptAt: now,
    status: 'pending',
    lastError: null,
    responseStatus: null,
    responseJson: null,
  };
  db.insert(outbox).values(row).run();
  return row;
}

export function pendingCommandCount(db: LocalDb): number {
  const row = db
    .select({ n: sql<number>`count(*)` })
    .from(outbox)
    .where(eq(outbox.status, 'pending'))
    .get();
  return row?.n ?? 0;
}

/** What waits to be sent, by what it is (a sale's method is in its body). */
export function outboxWaiting(db: LocalDb): OutboxWaiting {
  const rows = db
    .select({ kind: outbox.kind, bodyJson: outbox.bodyJson, linkState: paymentLinks.state })
    .from(outbox)
    .leftJoin(paymentLinks, eq(paymentLinks.id, outbox.subjectId))
    .where(eq(outbox.status, 'pending'))
    .all();
  const waiting: OutboxWaiting = { cashSales: 0, cardSales: 0, links: 0, resends: 0, cancels: 0 };
  for (const row of rows) {
    if (row.kind === SALE_COMMAND) {
      const method = (JSON.parse(row.bodyJson) as { payments?: Array<{ method?: string }> }).payments?.[0]?.method;
      if (method === 'external_card') waiting.cardSales++;
      else waiting.cashSales++;
    } else if (row.kind === LINK_CREATE_COMMAND) {
      // A create canceled before it was answered goes out as the create, then the cancel: to staff it is a cancel.
      if (row.linkState === 'cancel_queued') waiting.cancels++;
      else waiting.links++;
    } else if (row.kind === LINK_RESEND_COMMAND) waiting.resends++;
    else if (row.kind === LINK_CANCEL_COMMAND) waiting.cancels++;
  }
  return waiting;
}

export type OutboxTransport = (request: { method: 'POST'; path: string; body: unknown; idempotencyKey: string; token: string }) => Promise<RawAnswer>;

/** What each kind of command does locally when the server settles it. Both run inside the settling transaction. */
export type OutboxKindHandler = {
  onDone?(db: LocalDb, row: OutboxRow, answer: RawAnswer): void;
  /** Returns the sentence for staff about what the refusal means, or null when someone is already told (a waiting handler). */
  onFailed?(db: LocalDb, row: OutboxRow, error: { code: string; message: string }, answer: RawAnswer): string | null;
  /** The sentence for staff when the command has waited longer than longWaitMs (told once), or null for none. */
  longWaitSentence?(db: LocalDb, row: OutboxRow): string | null;
};

/** Another staff member's token a command may be sent with when its maker's has long been unusable. */
export type StandIn = { staffId: string; token: string };

export type OutboxSenderOptions = {
  db: LocalDb;
  transport: OutboxTransport;
  clock: EngineClock;
  /** The token of the staff member who made the command, or null when there is none usable now. */
  tokenFor(staffId: string | null): string | null;
  /** When the maker's token is unusable: someone else's token to send it with now, or null to keep waiting. */
  standIn?(row: OutboxRow): StandIn | null;
  /** The server refused the token of this staff member (401). */
  onTokenRefused?(staffId: string): void;
  /** After how long a pending command gets a notice (default 30 minutes). */
  longWaitMs?: number;
  handlers: Record<string, OutboxKindHandler>;
  onChange(): void;
  log?: (line: string) => void;
  maxBackoffMs?: number;
};

export type OutboxSender = {
  /** Sends every due command; resolves when there is nothing due (or the server is unreachable). */
  drain(): Promise<void>;
  /** Makes every pending command (or those of one staff member) due now and drains. */
  wake(staffId?: string): Promise<void>;
  stop(): Promise<void>;
};

/** Without a usable token a command is looked at again every minute (a local check: no request is made). */
const SIGN_IN_RECHECK_MS = 60_000;
const LONG_WAIT_MS = 30 * 60_000;

function backoffMs(attempts: number, maxMs = 60_000): number {
  return Math.min(maxMs, 1000 * 2 ** Math.max(0, attempts - 1));
}

export function createOutboxSender(options: OutboxSenderOptions): OutboxSender {
  const { db, clock } = options;
  const log = options.log ?? (() => {});
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  let timer: unknown = null;

  const update = (id: string, set: Partial<OutboxRow>) => db.update(outbox).set(set).where(eq(outbox.id, id)).run();

  function nextDue(now: number): OutboxRow | undefined {
    return db
      .select()
      .from(outbox)
      .where(and(eq(outbox.status, 'pending'), lte(outbox.nextAttemptAt, now)))
      .orderBy(asc(outbox.createdAt), asc(outbox.id))
      .get();
  }

  function scheduleNext(): void {
    if (stopped) return;
    if (timer !== null) clock.clearTimeout(timer);
    timer = null;
    const next = db.select({ at: outbox.nextAttemptAt }).from(outbox).where(eq(outbox.status, 'pending')).orderBy(asc(outbox.nextAttemptAt)).get();
    if (!next) return;
    timer = clock.setTimeout(
      () => {
        timer = null;
        void sender.drain();
      },
      Math.max(0, next.at - clock.now()),
    );
  }

  /** Sends one command. Returns false when the server is unreachable (stop this round). */
  async function sendOne(row: OutboxRow): Promise<boolean> {
    let token = options.tokenFor(row.staffId);
    let tokenStaffId = row.staffId;
    const now = clock.now();
    if (!token) {
      const standIn = options.standIn?.(row) ?? null;
      if (standIn) {
        token = standIn.token;
        tokenStaffId = standIn.staffId;
        log(`[outbox] ${row.kind} ${row.id} sent as ${standIn.staffId}: its maker's token has been unusable too long`);
      }
    }
    if (!token) {
      update(row.id, {
        nextAttemptAt: now + SIGN_IN_RECHECK_MS,
        lastError: 'Waiting for the staff member who made it (or a colleague who can take payments) to sign in.',
      });
      return true;
    }
    update(row.id, { attempts: row.attempts + 1 });
    let answer: RawAnswer;
    try {
      answer = await options.transport({
        method: 'POST',
        path: row.path,
        body: JSON.parse(row.bodyJson),
        idempotencyKey: row.idempotencyKey,
        token,
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      update(row.id, { nextAttemptAt: clock.now() + backoffMs(row.attempts + 1, options.maxBackoffMs), lastError: message });
      log(`[outbox] ${row.kind} ${row.id} not sent: ${message}`);
      return false;
    }
    const handler = options.handlers[row.kind] ?? {};
    if (answer.status >= 200 && answer.status < 300) {
      db.transaction((tx) => {
        update(row.id, { status: 'done', responseStatus: answer.status, responseJson: JSON.stringify(answer.json), lastError: null });
        handler.onDone?.(tx, row, answer);
      });
      log(`[outbox] ${row.kind} ${row.id} done (${answer.status})`);
      return true;
    }
    const error = errorFromAnswer(answer);
    if (answer.status === 401) {
      // The staff token expired or was revoked: keep the command until that person signs in again (or a stand-in).
      if (tokenStaffId) options.onTokenRefused?.(tokenStaffId);
      update(row.id, { nextAttemptAt: clock.now() + SIGN_IN_RECHECK_MS, lastError: error.message, responseStatus: 401 });
      return true;
    }
    if (isFinalAnswer(answer.status)) {
      db.transaction((tx) => {
        update(row.id, { status: 'failed', responseStatus: answer.status, responseJson: JSON.stringify(answer.json), lastError: error.message });
        const sentence = handler.onFailed
          ? handler.onFailed(tx, row, { code: error.code, message: error.message }, answer)
          : `The server refused a command (${row.kind}): ${error.message}`;
        if (sentence !== null) addNotice(tx, 'error', sentence, clock.now());
      });
      log(`[outbox] ${row.kind} ${row.id} refused (${answer.status} ${error.code})`);
      return true;
    }
    update(row.id, {
      nextAttemptAt: clock.now() + backoffMs(row.attempts + 1, options.maxBackoffMs),
      lastError: error.message,
      responseStatus: answer.status,
    });
    return answer.status < 500;
  }

  /** Tells staff once about each command that has waited too long, whatever it waits for. */
  function noticeLongWaits(now: number): void {
    const rows = db
      .select()
      .from(outbox)
      .where(and(eq(outbox.status, 'pending'), lte(outbox.createdAt, now - (options.longWaitMs ?? LONG_WAIT_MS))))
      .all();
    for (const row of rows) {
      const sentence = options.handlers[row.kind]?.longWaitSentence?.(db, row) ?? null;
      if (sentence === null) continue;
      const added = db
        .insert(notices)
        .values({ id: `wait-${row.id}`, level: 'warning', message: sentence, at: now, dismissed: false })
        .onConflictDoNothing()
        .run();
      if (added.changes > 0) log(`[outbox] ${row.kind} ${row.id} has waited over ${Math.round((now - row.createdAt) / 60_000)} min`);
    }
  }

  async function loop(): Promise<void> {
    noticeLongWaits(clock.now());
    do {
      again = false;
      for (let row = nextDue(clock.now()); row && !stopped; row = nextDue(clock.now())) {
        const reachable = await sendOne(row);
        options.onChange();
        if (!reachable) break;
      }
    } while (again && !stopped);
    scheduleNext();
  }

  const sender: OutboxSender = {
    drain() {
      if (stopped) return Promise.resolve();
      if (running) {
        again = true;
        return running;
      }
      running = loop().finally(() => {
        running = null;
      });
      return running;
    },
    wake(staffId) {
      const now = clock.now();
      const where = staffId ? and(eq(outbox.status, 'pending'), eq(outbox.staffId, staffId)) : eq(outbox.status, 'pending');
      db.update(outbox).set({ nextAttemptAt: now }).where(where).run();
      return sender.drain();
    },
    async stop() {
      stopped = true;
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
      await running;
    },
  };
  return sender;
}
