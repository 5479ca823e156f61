import { eq } from 'drizzle-orm';
import { SaleSchema, type Link, type Sale } from '../../shared/contract/entities';
import { API_PREFIX } from '../../shared/contract/http';
import { formatMoney } from '../../shared/domain/money';
import type { LocalDb } from '../../db/open-database';
import { carts, paymentLinks, sales } from '../../db/schema';
import { startNewCart } from './cart-store';
import { activityOf, paymentSentence } from './link-activity';
import { mergeServerLink } from './link-merge';
import { reconcileLink, type GiveUpJudgement, type LinkAction, type ServerKnowledge } from './link-reconcile';
import { addActivity, localStateOf, readLinkRow, serverLinkOf, type LinkRow } from './link-store';
import { getMeta, setMeta } from './meta-store';
import { addNotice } from './notices';
import { enqueueCommand } from './outbox';

// Carries out what reconcileLink decided, inside the caller's transaction: mirrors the server's link, adds the
// activity lines, and completes the sale, opens the cart or tells staff. Every path that learns something about a
// link (event, poll, command answer, restart) comes through here.

export const LINK_CANCEL_COMMAND = 'link.cancel';
export type LinkApplyContext = {
  now: number;
  serverNow: number;
  seenAt?: string;
  /** For giving up on a cancel made offline (see GiveUpJudgement); absent: the register never decides alone. */
  giveUp?: GiveUpJudgement;
};
export type LinkApplyResult = { action: LinkAction; sales: boolean };

const iso = (ms: number) => new Date(ms).toISOString();

function readSaleRow(db: LocalDb, saleId: string | null | undefined): Sale | null {
  if (!saleId) return null;
  const row = db.select().from(sales).where(eq(sales.id, saleId)).get();
  return row ? SaleSchema.parse(JSON.parse(row.saleJson)) : null;
}

export function enqueueCancel(db: LocalDb, linkRowId: string, staffId: string | null, serverId: string, now: number) {
  return enqueueCommand(
    db,
    { kind: LINK_CANCEL_COMMAND, subjectId: linkRowId, method: 'POST', path: `${API_PREFIX}/payment-links/${encodeURIComponent(serverId)}/cancel`, body: {}, staffId },
    now,
  );
}

/** Stores what the server says about the link, then does what reconcileLink decides. */
export function applyServerKnowledge(db: LocalDb, row: LinkRow, knowledge: ServerKnowledge, ctx: LinkApplyContext): LinkApplyResult {
  const current = knowledge.kind === 'found' ? mirror(db, row, knowledge.link as Link, ctx) : row;
  return decideAndApply(db, current, knowledge, ctx);
}

/** reconcileLink and its effects, without storing the server's link (the caller has only part of it). */
function decideAndApply(db: LocalDb, current: LinkRow, knowledge: ServerKnowledge, ctx: LinkApplyContext): LinkApplyResult {
  const row = current;
  const action = reconcileLink(localStateOf(current), knowledge, ctx.giveUp ?? { serverNow: null, offline: false });
  const set = (values: Partial<LinkRow>) => db.update(paymentLinks).set({ ...values, updatedAt: ctx.now }).where(eq(paymentLinks.id, row.id)).run();
  switch (action.kind) {
    case 'complete_sale':
      set({ status: 'paid', saleId: action.saleId, pendingCommand: null, cancelRequested: false });
      return { action, sales: completeIfRecorded(db, row.id, ctx) };
    case 'record_late_payment': {
      // givenUp: the cart had been opened, so completing the sale must not close whatever cart is there now.
      set({ status: 'paid', saleId: action.saleId, pendingCommand: null, cancelRequested: false, givenUp: true });
      const sale = readSaleRow(db, action.saleId);
      addNotice(
        db,
        'warning',
        `${current.clientName} paid ${formatMoney(current.totalCents, current.currency)} by payment link after the register had stopped ` +
          `waiting for it (the link had been canceled here while the server was out of reach). The sale is recorded` +
          `${sale ? ` as receipt ${sale.receiptNumber}` : ''} and the spots are booked for the client. Check the cart so nothing is sold twice.`,
        ctx.now,
      );
      completeIfRecorded(db, row.id, ctx);
      return { action, sales: true };
    }
    case 'unlock':
      set({ status: action.status, pendingCommand: null, cancelRequested: false });
      addNotice(db, 'info', action.message, ctx.now);
      return { action, sales: false };
    case 'confirm_closed':
      set({ status: action.status, pendingCommand: null, cancelRequested: false });
      return { action, sales: false };
    case 'rearm':
      set({ status: 'pending', expiresAt: action.expiresAt });
      return { action, sales: false };
    case 'give_up':
      set({ givenUp: true });
      addActivity(db, row.id, [{ key: 'given-up', at: iso(ctx.serverNow), message: 'Stopped waiting: the link has run out of time' }]);
      addNotice(db, 'warning', action.message, ctx.now);
      return { action, sales: false };
    case 'keep_waiting':
    case 'none':
      return { action, sales: false };
  }
}

function mirror(db: LocalDb, row: LinkRow, received: Link, ctx: LinkApplyContext): LinkRow {
  // A stale read never overwrites a newer state (see link-merge.ts).
  const link = mergeServerLink(serverLinkOf(row), received);
  const values: Partial<LinkRow> = {
    serverId: link.id,
    expiresAt: Date.parse(link.expiresAt),
    linkJson: JSON.stringify(link),
    clientName: link.clientName,
    totalCents: link.totalCents,
    currency: link.currency,
  };
  if (received.status === 'pending') {
    // When the server last said "still payable" (an event: when it happened; a read: now, just after the answer).
    const seen = (ctx.seenAt ? Date.parse(ctx.seenAt) : NaN) || ctx.serverNow;
    values.pendingSeenAt = Math.max(row.pendingSeenAt ?? seen, seen);
  }
  // The create took effect. A cancel asked for meanwhile goes out now that the server's id is known.
  if (row.serverId === null || row.pendingCommand === 'create') {
    values.pendingCommand = row.cancelRequested && link.status === 'pending' ? 'cancel' : null;
    if (row.cancelRequested && link.status === 'pending') enqueueCancel(db, row.id, row.staffId, link.id, ctx.now);
  }
  db.update(paymentLinks).set({ ...values, updatedAt: ctx.now }).where(eq(paymentLinks.id, row.id)).run();
  addActivity(db, row.id, [
    ...(row.serverId === null ? [{ key: 'created', at: link.createdAt, message: `Link sent to ${link.clientName}` }] : []),
    ...activityOf(link, ctx.seenAt ?? iso(ctx.serverNow), readSaleRow(db, link.saleId)),
  ]);
  return readLinkRow(db, row.id)!;
}

/** A paid link whose sale is here: the sale completes like any sale (receipt, cart closed, a new empty cart). */
export function completeIfRecorded(db: LocalDb, linkRowId: string, ctx: LinkApplyContext): boolean {
  const row = readLinkRow(db, linkRowId);
  if (!row || row.status !== 'paid' || row.completedAt !== null) return false;
  const sale = readSaleRow(db, row.saleId);
  if (!sale) return false;
  db.update(paymentLinks).set({ completedAt: ctx.now, updatedAt: ctx.now }).where(eq(paymentLinks.id, row.id)).run();
  addActivity(db, row.id, [{ key: 'paid', at: serverLinkOf(row)?.paidAt ?? sale.createdAt, message: paymentSentence(sale) }]);
  if (row.givenUp) return true;
  db.update(carts).set({ status: 'checked_out', updatedAt: ctx.now }).where(eq(carts.id, row.cartId)).run();
  if (getMeta(db, 'currentCartId') === row.cartId) startNewCart(db, ctx.now);
  setMeta(db, 'lastSaleId', sale.id);
  return true;
}

/** A sale the server recorded: if it is the payment of one of this register's links, that link is paid. */
export function onSaleRecorded(db: LocalDb, sale: Sale, ctx: LinkApplyContext): boolean {
  const row =
    (sale.linkId ? db.select().from(paymentLinks).where(eq(paymentLinks.serverId, sale.linkId)).get() : undefined) ??
    db.select().from(paymentLinks).where(eq(paymentLinks.saleId, sale.id)).get();
  if (!row || row.completedAt !== null) return false;
  if (row.status === 'paid') return completeIfRecorded(db, row.id, ctx);
  // The sale proves the payment even if link.paid has not arrived yet (either order completes the sale once).
  const paid = { status: 'paid' as const, saleId: sale.id, expiresAt: iso(row.expiresAt ?? ctx.serverNow) };
  return decideAndApply(db, row, { kind: 'found', link: paid }, ctx).sales;
}
