import type { Link } from '../../shared/contract/entities';
import { routes } from '../../shared/contract/http';
import type { LocalDb } from '../../db/open-database';
import { ApiError, type ApiClient } from './api-client';
import type { EngineClock } from './engine-clock';
import { coreEventHandlers, storeServerSale, type EventHandler, type EventHandlers } from './event-applier';
import { learnServerLink, runLinkInput, type LinkRunContext } from './link-interpreter';
import { giveUpDeadline, type GiveUpJudgement } from './link-machine';
import { attemptLine } from './link-activity';
import { addActivity, readLinkRow, rowForSale, rowForServerLink, rowsInStates, stateOf } from './link-store';

// Keeps local links in step with the server besides the event feed: reads every link the server may still change
// (the list of pending links, then each one of ours not in it) after a poll or a reconnect, fetches a paid link's
// sale (by id) if the feed has not brought it, and wakes up at the one deadline after which the register may decide
// without the server (a cancel made offline whose link has safely expired; the state machine says when it may).

export type LinkSyncDeps = {
  db: LocalDb;
  api: ApiClient;
  clock: EngineClock;
  serverNow(): number;
  /** ServerClock.trustedNow: the server time the register can vouch for without the PC's wall clock, or null. */
  trustedServerNow(): number | null;
  /** The connection is `offline` (HTTP to the server fails). */
  offline(): boolean;
  /** Runs fn in turn with the event feed (the sync loop's exclusive); default: at once. */
  inTurn?: <T>(fn: () => Promise<T>) => Promise<T>;
  registerToken(): string | null;
  timeZone(): string;
  changed(): void;
  log?: (line: string) => void;
};

/** The link.* and sale.created handlers of the event feed (sale.created keeps its issue 2 behaviour). */
export function linkEventHandlers(serverNow: () => number): EventHandlers {
  const onLink: EventHandler = (db, event, context) => {
    if (!event.link) return {};
    const row = rowForServerLink(db, event.link);
    if (!row) return {};
    const step = learnServerLink(db, row, event.link, { now: context.now, serverNow: serverNow() }, event.at);
    // The client's progress on the invoice page (3-D Secure started, a card declined) is a line of its own.
    if (event.attempt && readLinkRow(db, row.id)) addActivity(db, row.id, [attemptLine(event.attempt, event.at)]);
    return { links: true, sales: step?.effects.some((e) => e.kind === 'complete_sale') ?? false };
  };
  return {
    'link.created': onLink,
    'link.delivery': onLink,
    'link.opened': onLink,
    'link.resent': onLink,
    'link.authenticating': onLink,
    'link.payment_failed': onLink,
    'link.paid': onLink,
    'link.canceled': onLink,
    'link.expired': onLink,
    'sale.created': (db, event, context) => {
      const effect = coreEventHandlers['sale.created']!(db, event, context);
      if (event.sale) saleRecorded(db, event.sale, { now: context.now, serverNow: serverNow() });
      return { ...effect, links: true };
    },
  };
}

/** A sale the server recorded: if it is the payment of one of this register's links, that link's sale is here. */
function saleRecorded(db: LocalDb, sale: { id: string; linkId?: string | undefined }, ctx: LinkRunContext): void {
  const row = rowForSale(db, sale);
  if (row) runLinkInput(db, row.id, { type: 'sale_recorded', saleId: sale.id }, ctx);
}

/** What a server read of one link says, as the state machine's input. */
export type ServerKnowledge = { kind: 'found'; link: Link } | { kind: 'not_found' } | { kind: 'unknown' };

export function createLinkSync(deps: LinkSyncDeps) {
  const { db, api } = deps;
  let timer: unknown = null;
  const ctx = (): LinkRunContext => ({ now: deps.clock.now(), serverNow: deps.serverNow() });
  const judgement = (): GiveUpJudgement => ({ trustedServerNow: deps.trustedServerNow(), offline: deps.offline() });
  // Links whose end the server has not told yet (a paid one waiting for its sale is fetchMissingSales' business).
  const watched = () => rowsInStates(db, ['creating', 'waiting', 'cancel_queued', 'given_up']);
  const inTurn = deps.inTurn ?? (<T>(fn: () => Promise<T>) => fn());

  async function knowledgeOf(serverId: string, pending: Map<string, Link> | null): Promise<ServerKnowledge> {
    const listed = pending?.get(serverId);
    if (listed) return { kind: 'found', link: listed };
    if (pending === null) return { kind: 'unknown' };
    try {
      const answer = await api.request(routes.getLink, { params: { id: serverId }, token: deps.registerToken(), timeoutMs: 5000 });
      return { kind: 'found', link: answer.link };
    } catch (error) {
      if (error instanceof ApiError && error.httpStatus === 404) return { kind: 'not_found' };
      return { kind: 'unknown' };
    }
  }

  /**
   * Reads every local link the server may still change and applies what it says. Unknown when it cannot be asked:
   * only then, and only while offline, may the state machine give up on a cancel made offline whose deadline has
   * safely passed.
   */
  async function readPendingLinks(): Promise<void> {
    const rows = watched().filter((row) => row.serverId !== null);
    if (rows.length > 0) {
      let pending: Map<string, Link> | null = null;
      try {
        const answer = await api.request(routes.listLinks, { query: { status: 'pending' }, token: deps.registerToken(), timeoutMs: 5000 });
        pending = new Map(answer.links.map((link) => [link.id, link]));
      } catch (error) {
        deps.log?.(`[links] pending links not read: ${error instanceof Error ? error.message : String(error)}`);
      }
      for (const row of rows) {
        const knowledge = await knowledgeOf(row.serverId!, pending);
        db.transaction((tx) => {
          const fresh = readLinkRow(tx, row.id);
          if (!fresh) return;
          if (knowledge.kind === 'found') learnServerLink(tx, fresh, knowledge.link, ctx());
          else runLinkInput(tx, fresh.id, knowledge.kind === 'not_found' ? { type: 'not_found' } : { type: 'unreachable', judgement: judgement() }, ctx());
        });
      }
    }
    await fetchMissingSales();
    deps.changed();
    arm();
  }

  /** A paid link whose sale the feed has not brought: read that one sale (GET /sales/:id) and complete it. */
  async function fetchMissingSales(): Promise<void> {
    for (const row of rowsInStates(db, ['paid'])) {
      const state = stateOf(row);
      if (state.kind !== 'paid' || state.saleRecorded || state.saleId === null) continue;
      const saleId = state.saleId;
      try {
        const { sale } = await api.request(routes.getSale, { params: { id: saleId }, token: deps.registerToken(), timeoutMs: 5000 });
        db.transaction((tx) => {
          storeServerSale(tx, sale, deps.timeZone());
          saleRecorded(tx, sale, ctx());
        });
      } catch (error) {
        // The feed or the next poll brings it (a 404 too: the link says paid, so the sale is on its way).
        deps.log?.(`[links] sale ${saleId} of a paid link not read: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  /**
   * Wakes up when a cancel not yet confirmed reaches its safe deadline. Deadlines already past need no timer: while
   * offline the sync loop's poll reads the pending links every interval (and judges them), and while the server
   * answers, its word is what ends the wait.
   */
  function arm(): void {
    if (timer !== null) deps.clock.clearTimeout(timer);
    timer = null;
    const serverNow = deps.serverNow();
    const deadlines = rowsInStates(db, ['cancel_queued'])
      .map((row) => giveUpDeadline(stateOf(row)))
      .filter((deadline): deadline is number => deadline !== null && deadline > serverNow);
    if (deadlines.length === 0) return;
    timer = deps.clock.setTimeout(
      () => {
        timer = null;
        void checkDeadlines();
      },
      Math.min(...deadlines) - serverNow + 50,
    );
  }

  /** At the deadline: ask the server first (a link it still says pending keeps the cart locked), then judge. */
  function checkDeadlines(): Promise<void> {
    return inTurn(readPendingLinks).catch((error: unknown) => deps.log?.(`[links] deadline check failed: ${String(error)}`));
  }

  return {
    readPendingLinks,
    arm,
    checkDeadlines,
    stop() {
      if (timer !== null) deps.clock.clearTimeout(timer);
      timer = null;
    },
  };
}
export type LinkSync = ReturnType<typeof createLinkSync>;
