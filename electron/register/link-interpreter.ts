import { eq } from 'drizzle-orm';
import { SaleSchema, type Link, type Sale } from '../../shared/contract/entities';
import { AppError } from '../../shared/contract/errors';
import { formatMoney } from '../../shared/domain/money';
import type { LocalDb } from '../../db/open-database';
import { cartLines, carts, outbox, paymentLinks, sales } from '../../db/schema';
import { startNewCart } from './cart-store';
import { LINK_CANCEL_COMMAND, LINK_RESEND_COMMAND } from './command-kinds';
import { activityOf, paymentSentence } from './link-activity';
import {
  holdsCart,
  isInTray,
  SEND_STEP,
  serverIdOf,
  stepLink,
  type LinkEffect,
  type LinkInput,
  type LinkState,
  type ServerFacts,
  type Step,
} from './link-machine';
import { mergeServerLink } from './link-merge';
import { addActivity, readLinkRow, serverLinkOf, stateOf, writeLinkState, type LinkRow } from './link-store';
import { getMeta, setMeta } from './meta-store';
import { addNotice } from './notices';
import { enqueueCommand } from './outbox';
import { studioRegion } from './studio-region';

// The one place a link's state changes: reads the row, asks stepLink for the next state and its effects, and saves
// the state and carries out every effect in ONE SQLite transaction. A refusal throws (code and sentence) and
// changes nothing. What the server's link says besides its state (deliveries, opened, resends) is mirrored here too,
// so every path that learns something (event, poll, command answer, restart) goes through the same code.

export type LinkRunContext = {
  now: number;
  serverNow: number;
  /** The staff member behind a staff command (the outbox command is sent with their token). */
  staffId?: string | null;
  /** A resend's corrected contact. */
  resendBody?: { phone?: string; email?: string };
};

const iso = (ms: number) => new Date(ms).toISOString();

function factsOf(link: Pick<Link, 'id' | 'status' | 'expiresAt' | 'saleId'>): ServerFacts {
  return { serverId: link.id, status: link.status, expiresAt: Date.parse(link.expiresAt), saleId: link.saleId ?? null };
}

function readSaleRow(db: LocalDb, saleId: string | null | undefined): Sale | null {
  if (!saleId) return null;
  const row = db.select().from(sales).where(eq(sales.id, saleId)).get();
  return row ? SaleSchema.parse(JSON.parse(row.saleJson)) : null;
}

export type NewLink = Omit<typeof paymentLinks.$inferInsert, 'stateJson' | 'state' | 'serverId' | 'linkJson' | 'updatedAt'>;

/** Send payment link: the new link in its first state, with that state's effects (the cart locked). */
export function beginLink(db: LocalDb, values: NewLink, ctx: LinkRunContext): LinkRow {
  db.insert(paymentLinks)
    .values({ ...values, stateJson: JSON.stringify(SEND_STEP.state), linkJson: null, updatedAt: ctx.now })
    .run();
  const row = readLinkRow(db, values.id)!;
  for (const effect of SEND_STEP.effects) carryOut(db, row, SEND_STEP.state, effect, ctx);
  return row;
}

/** Staff moved on from a cart: its links that ended (expired, canceled, paid and recorded) leave the tray. */
export function dismissEndedLinks(db: LocalDb, cartId: string, ctx: LinkRunContext): void {
  for (const row of db.select().from(paymentLinks).where(eq(paymentLinks.cartId, cartId)).all()) {
    const state = stateOf(row);
    if (!holdsCart(state) && isInTray(state)) runLinkInput(db, row.id, { type: 'dismiss' }, ctx);
  }
}

/** Applies one input to one link. Returns null when the link is gone (discarded or forgotten meanwhile). */
export function runLinkInput(db: LocalDb, rowId: string, input: LinkInput, ctx: LinkRunContext): Step | null {
  return db.transaction((tx) => {
    const row = readLinkRow(tx, rowId);
    if (!row) return null;
    const before = stateOf(row);
    const step = stepLink(before, input);
    const refusal = step.effects.find((effect) => effect.kind === 'refuse');
    if (refusal) throw new AppError(refusal.code, refusal.message, { linkId: row.id });
    if (JSON.stringify(step.state) !== JSON.stringify(before)) writeLinkState(tx, row.id, step.state, ctx.now);
    for (const effect of step.effects) carryOut(tx, row, step.state, effect, ctx);
    return step;
  });
}

/**
 * What the server says of a link, from any source: its link is mirrored (a stale read never undoes a newer fact),
 * then the state machine decides. `seenAt`: when the facts were true (an event's time; a read: now).
 */
export function learnServerLink(db: LocalDb, row: LinkRow, link: Link, ctx: LinkRunContext, seenAt?: string): Step | null {
  return db.transaction((tx) => {
    mirror(tx, row, link, ctx, seenAt);
    return runLinkInput(tx, row.id, { type: 'server', facts: factsOf(link), seenAt: seenAtMs(seenAt, ctx), saleKnown: saleKnown(tx, link) }, ctx);
  });
}

/** A command's answer (2xx) or refusal, with the link it carries if any. */
export function settleCommand(
  db: LocalDb,
  rowId: string,
  outcome: { command: 'create' | 'resend' | 'cancel'; link: Link | null } & ({ ok: true } | { ok: false; code: string; message: string; awaited: boolean }),
  ctx: LinkRunContext,
): Step | null {
  return db.transaction((tx) => {
    const row = readLinkRow(tx, rowId);
    if (!row) return null;
    if (outcome.link) mirror(tx, row, outcome.link, ctx);
    const facts = outcome.link ? factsOf(outcome.link) : null;
    const known = outcome.link ? saleKnown(tx, outcome.link) : false;
    const seenAt = ctx.serverNow;
    const input: LinkInput = outcome.ok
      ? { type: 'answered', command: outcome.command, facts, seenAt, saleKnown: known }
      : { type: 'refused', command: outcome.command, code: outcome.code, message: outcome.message, facts, seenAt, saleKnown: known, awaited: outcome.awaited };
    return runLinkInput(tx, rowId, input, ctx);
  });
}

function seenAtMs(seenAt: string | undefined, ctx: LinkRunContext): number {
  return (seenAt ? Date.parse(seenAt) : NaN) || ctx.serverNow;
}

function saleKnown(db: LocalDb, link: Pick<Link, 'saleId'>): boolean {
  return readSaleRow(db, link.saleId) !== null;
}

function mirror(db: LocalDb, row: LinkRow, received: Link, ctx: LinkRunContext, seenAt?: string): void {
  const before = serverLinkOf(row);
  const link = mergeServerLink(before, received);
  db.update(paymentLinks)
    .set({ linkJson: JSON.stringify(link), clientName: link.clientName, totalCents: link.totalCents, currency: link.currency, updatedAt: ctx.now })
    .where(eq(paymentLinks.id, row.id))
    .run();
  // A link with no delivery was only shown as a QR code: nothing was sent.
  const created = link.deliveries.length > 0 ? `Link sent to ${link.clientName}` : `QR code shown for ${link.clientName}`;
  addActivity(db, row.id, [
    ...(serverIdOf(stateOf(row)) === null ? [{ key: 'created', at: link.createdAt, message: created }] : []),
    ...activityOf(link, seenAt ?? iso(ctx.serverNow), readSaleRow(db, link.saleId), studioRegion(db).phoneRegion),
  ]);
}

function carryOut(db: LocalDb, row: LinkRow, state: LinkState, effect: LinkEffect, ctx: LinkRunContext): void {
  const setCart = (status: 'open' | 'locked' | 'checked_out') => db.update(carts).set({ status, updatedAt: ctx.now }).where(eq(carts.id, row.cartId)).run();
  switch (effect.kind) {
    case 'enqueue':
      enqueueLinkCommand(db, row, state, effect.command, ctx);
      return;
    case 'discard':
      db.delete(outbox).where(eq(outbox.subjectId, row.id)).run();
      db.delete(paymentLinks).where(eq(paymentLinks.id, row.id)).run();
      return;
    case 'forget':
      db.delete(paymentLinks).where(eq(paymentLinks.id, row.id)).run();
      return;
    case 'lock_cart':
      setCart('locked');
      return;
    case 'unlock_cart':
      setCart('open');
      return;
    case 'complete_sale':
      completeSale(db, row, state, effect.late, ctx);
      return;
    case 'notice':
      // A parked link's news names its client: the cart on screen is someone else's.
      addNotice(db, effect.level, getMeta(db, 'currentCartId') === row.cartId ? effect.message : `${row.clientName}: ${effect.message}`, ctx.now);
      return;
    case 'late_payment_notice': {
      const sale = readSaleRow(db, state.kind === 'paid' ? state.saleId : null);
      addNotice(
        db,
        'warning',
        `${row.clientName} paid ${formatMoney(row.totalCents, row.currency, studioRegion(db).locale)} by payment link after the register had opened ` +
          `the cart again (the link was thought canceled or ended). The sale is recorded` +
          `${sale ? ` as receipt ${sale.receiptNumber}` : ''} and the spots are booked for the client. Check the cart so nothing is sold twice.`,
        ctx.now,
        sale?.id,
      );
      return;
    }
    case 'activity':
      addActivity(db, row.id, [{ key: effect.key, at: iso(ctx.serverNow), message: effect.message }]);
      return;
    case 'park_cart':
      // The next client gets a fresh cart; the link's cart waits in the tray, still locked.
      if (getMeta(db, 'currentCartId') === row.cartId) startNewCart(db, ctx.now);
      return;
    case 'reopen_cart':
      reopenCart(db, row, ctx);
      return;
    case 'refuse':
      return;
  }
}

function enqueueLinkCommand(db: LocalDb, row: LinkRow, state: LinkState, command: 'resend' | 'cancel', ctx: LinkRunContext): void {
  const serverId = 'serverId' in state ? state.serverId : null;
  if (serverId === null) throw new AppError('internal_error', 'A payment link command needs the server id of the link.');
  const common = { subjectId: row.id, params: { id: serverId }, staffId: ctx.staffId ?? row.staffId };
  if (command === 'resend') enqueueCommand(db, { kind: LINK_RESEND_COMMAND, ...common, body: ctx.resendBody ?? {} }, ctx.now);
  else enqueueCommand(db, { kind: LINK_CANCEL_COMMAND, ...common, body: {} }, ctx.now);
}

/** The link's sale is here: like any sale (receipt, cart closed, a new empty cart), or a notice when its cart is parked. */
function completeSale(db: LocalDb, row: LinkRow, state: LinkState, late: boolean, ctx: LinkRunContext): void {
  const sale = readSaleRow(db, state.kind === 'paid' ? state.saleId : null);
  if (!sale) return;
  addActivity(db, row.id, [{ key: 'paid', at: serverLinkOf(row)?.paidAt ?? sale.createdAt, message: paymentSentence(sale) }]);
  // The cart had been opened (a late payment): whatever is in it now is left alone.
  if (late) return;
  db.update(carts).set({ status: 'checked_out', updatedAt: ctx.now }).where(eq(carts.id, row.cartId)).run();
  if (getMeta(db, 'currentCartId') === row.cartId) {
    startNewCart(db, ctx.now);
    setMeta(db, 'lastSaleId', sale.id);
    return;
  }
  addNotice(
    db,
    'info',
    `${row.clientName} paid ${formatMoney(sale.totalCents, sale.currency ?? row.currency, studioRegion(db).locale)} by payment link (receipt ${sale.receiptNumber}).`,
    ctx.now,
    sale.id,
  );
}

function reopenCart(db: LocalDb, row: LinkRow, ctx: LinkRunContext): void {
  const currentId = getMeta(db, 'currentCartId');
  if (currentId === row.cartId) return;
  const current = currentId ? db.select().from(carts).where(eq(carts.id, currentId)).get() : undefined;
  const lines = currentId ? db.select({ id: cartLines.id }).from(cartLines).where(eq(cartLines.cartId, currentId)).all().length : 0;
  if (current && current.status === 'open' && (lines > 0 || current.clientId !== null)) {
    throw new AppError('cart_in_use', 'Finish or clear the cart on the screen first, then reopen this one.');
  }
  const cart = db.select().from(carts).where(eq(carts.id, row.cartId)).get();
  if (!cart || cart.status !== 'open') throw new AppError('invalid_request', 'That cart cannot be reopened.');
  setMeta(db, 'currentCartId', row.cartId);
  db.update(carts).set({ updatedAt: ctx.now }).where(eq(carts.id, row.cartId)).run();
}
