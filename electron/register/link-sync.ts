import { and, eq, isNotNull, isNull } from 'drizzle-orm';
import type { Link } from '../../shared/contract/entities';
import { API_PREFIX, LinkResponseSchema, LinksResponseSchema, SaleResponseSchema } from '../../shared/contract/http';
import type { LocalDb } from '../../db/open-database';
import { paymentLinks } from '../../db/schema';
import { ApiError, type ApiClient } from './api-client';
import type { EngineClock } from './engine-clock';
import { coreEventHandlers, storeServerSale, type EventHandler, type EventHandlers } from './event-applier';
import { applyServerKnowledge, onSaleRecorded, type LinkApplyContext } from './link-apply';
import { EXPIRY_SAFETY_MARGIN_MS, type ServerKnowledge } from './link-reconcile';
import { openLinkRows, readLinkRow, rowForServerLink } from './link-store';

// Keeps local links in step with the server besides the event feed: reads every pending link (the list of pending
// links, then each one of ours not in it) after a poll or a reconnect, fetches a paid link's sale (by id) if the
// feed has not brought it, and wakes up at the one deadline after which the register may decide without the server
// (a cancel made offline whose link has safely expired; reconcileLink says when it really may).

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
  inTurn?<T>(fn: () => Promise<T>): Promise<T>;
  registerToken(): string | null;
  timeZone(): string;
  changed(): void;
  log?(line: string): void;
};

/** The link.* and sale.created handlers of the event feed (sale.created keeps its issue 2 behaviour). */
export function linkEventHandlers(serverNow: () => number): EventHandlers {
  const onLink: EventHandler = (db, event, context) => {
    if (!event.link) return {};
    const row = rowForServerLink(db, event.link);
    if (!row) return {};
    const result = applyServerKnowledge(db, row, { kind: 'found', link: event.link }, { now: context.now, serverNow: serverNow(), seenAt: event.at });
    return { links: true, sales: result.sales };
  };
  return {
    'link.created': onLink,
    'link.delivery': onLink,
    'link.opened': onLink,
    'link.resent': onLink,
    'link.paid': onLink,
    'link.canceled': onLink,
    'link.expired': onLink,
    'sale.created': (db, event, context) => {
      const effect = coreEventHandlers['sale.created']!(db, event, context);
      if (event.sale) onSaleRecorded(db, event.sale, { now: context.now, serverNow: serverNow() });
      return { ...effect, links: true };
    },
  };
}

export function createLinkSync(deps: LinkSyncDeps) {
  const { db, api } = deps;
  let timer: unknown = null;
  const ctx = (): LinkApplyContext => ({
    now: deps.clock.now(),
    serverNow: deps.serverNow(),
    giveUp: { serverNow: deps.trustedServerNow(), offline: deps.offline() },
  });
  const inTurn = deps.inTurn ?? (<T>(fn: () => Promise<T>) => fn());

  async function knowledgeOf(serverId: string, pending: Map<string, Link> | null): Promise<ServerKnowledge> {
    const listed = pending?.get(serverId);
    if (listed) return { kind: 'found', link: listed };
    if (pending === null) return { kind: 'unknown' };
    try {
      const answer = await api.call(
        { method: 'GET', path: `${API_PREFIX}/payment-links/${encodeURIComponent(serverId)}`, token: deps.registerToken(), timeoutMs: 5000 },
        LinkResponseSchema,
      );
      return { kind: 'found', link: answer.link };
    } catch (error) {
      if (error instanceof ApiError && error.httpStatus === 404) return { kind: 'not_found' };
      return { kind: 'unknown' };
    }
  }

  /**
   * Reads every local pending link from the server and applies what it says. Unknown when it cannot be asked: only
   * then, and only while offline, may reconcileLink give up on a cancel made offline whose deadline has safely passed.
   */
  async function readPendingLinks(): Promise<void> {
    const rows = openLinkRows(db).filter((row) => row.serverId !== null);
    if (rows.length > 0) {
      let pending: Map<string, Link> | null = null;
      try {
        const answer = await api.call(
          { method: 'GET', path: `${API_PREFIX}/payment-links`, query: { status: 'pending' }, token: deps.registerToken(), timeoutMs: 5000 },
          LinksResponseSchema,
        );
        pending = new Map(answer.links.map((link) => [link.id, link]));
      } catch (error) {
        deps.log?.(`[links] pending links not read: ${error instanceof Error ? error.message : String(error)}`);
      }
      for (const row of rows) {
        const knowledge = await knowledgeOf(row.serverId!, pending);
        db.transaction((tx) => {
          const fresh = readLinkRow(tx, row.id);
          if (fresh) applyServerKnowledge(tx, fresh, knowledge, ctx());
        });
      }
    }
    await fetchMissingSales();
    deps.changed();
    arm();
  }

  /** A paid link whose sale the feed has not brought: read that one sale (GET /sales/:id) and complete it. */
  async function fetchMissingSales(): Promise<void> {
    const waiting = db
      .select()
      .from(paymentLinks)
      .where(and(eq(paymentLinks.status, 'paid'), isNull(paymentLinks.completedAt), isNotNull(paymentLinks.saleId)))
      .all();
    for (const row of waiting) {
      try {
        const { sale } = await api.call(
          { method: 'GET', path: `${API_PREFIX}/sales/${encodeURIComponent(row.saleId!)}`, token: deps.registerToken(), timeoutMs: 5000 },
          SaleResponseSchema,
        );
        db.transaction((tx) => {
          storeServerSale(tx, sale, deps.timeZone());
          onSaleRecorded(tx, sale, ctx());
        });
      } catch (error) {
        // The feed or the next poll brings it (a 404 too: the link says paid, so the sale is on its way).
        deps.log?.(`[links] sale ${row.saleId} of a paid link not read: ${error instanceof Error ? error.message : String(error)}`);
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
    const deadlines = openLinkRows(db)
      .filter((row) => !row.givenUp && row.pendingCommand === 'cancel' && row.expiresAt !== null)
      .map((row) => row.expiresAt! + EXPIRY_SAFETY_MARGIN_MS)
      .filter((deadline) => deadline > serverNow);
    if (deadlines.length === 0) return;
    timer = deps.clock.setTimeout(() => {
      timer = null;
      void checkDeadlines();
    }, Math.min(...deadlines) - serverNow + 50);
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
