import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { LinkSchema, type Link } from '../../shared/contract/entities';
import { AppError } from '../../shared/contract/errors';
import type { LocalDb } from '../../db/open-database';
import { carts, linkActivity, paymentLinks } from '../../db/schema';
import type { ActivityLine } from './link-activity';
import { holdsCart, isInTray, LinkStateSchema, type LinkState, type LinkStateKind } from './link-machine';
import { getMeta } from './meta-store';
import { ulid } from './ulid';

// The register's local payment links as stored: their one state, the server's link as last seen, and the activity
// lines. Only the link interpreter writes a state (writeLinkState); everything else here reads.

export type LinkRow = typeof paymentLinks.$inferSelect;
export type StoredDelivery = { channels: Array<'sms' | 'email'>; phone?: string; email?: string };
/** How many carts may wait for a payment link at once on one register. */
export const MAX_ACTIVE_LINKS = 10;

const LOCKING: LinkStateKind[] = ['creating', 'waiting', 'cancel_queued'];

export function readLinkRow(db: LocalDb, id: string): LinkRow | null {
  return db.select().from(paymentLinks).where(eq(paymentLinks.id, id)).get() ?? null;
}

/** The row's state, checked against the schema: a state this build cannot read is refused, never guessed at. */
export function stateOf(row: LinkRow): LinkState {
  const parsed = LinkStateSchema.safeParse(JSON.parse(row.stateJson));
  if (!parsed.success) throw new AppError('internal_error', `Payment link ${row.id} has a state this register cannot read.`, { linkId: row.id });
  return parsed.data;
}

export function writeLinkState(db: LocalDb, id: string, state: LinkState, now: number): void {
  db.update(paymentLinks)
    .set({ stateJson: JSON.stringify(LinkStateSchema.parse(state)), updatedAt: now })
    .where(eq(paymentLinks.id, id))
    .run();
}

export function serverLinkOf(row: LinkRow): Link | null {
  if (!row.linkJson) return null;
  const parsed = LinkSchema.safeParse(JSON.parse(row.linkJson));
  return parsed.success ? parsed.data : null;
}

/** The local row a server link belongs to: by its id, or the unanswered create of the same cart. */
export function rowForServerLink(db: LocalDb, link: Pick<Link, 'id' | 'cartId'>): LinkRow | null {
  const byId = db.select().from(paymentLinks).where(eq(paymentLinks.serverId, link.id)).get();
  if (byId) return byId;
  return (
    db
      .select()
      .from(paymentLinks)
      .where(and(eq(paymentLinks.cartId, link.cartId), isNull(paymentLinks.serverId)))
      .orderBy(desc(paymentLinks.createdAt))
      .get() ?? null
  );
}

/** The local row a sale belongs to: by the sale's link, or the sale id the server gave the link. */
export function rowForSale(db: LocalDb, sale: { id: string; linkId?: string | undefined }): LinkRow | null {
  const byLink = sale.linkId ? db.select().from(paymentLinks).where(eq(paymentLinks.serverId, sale.linkId)).get() : undefined;
  return (
    byLink ??
    db
      .select()
      .from(paymentLinks)
      .where(sql`json_extract(${paymentLinks.stateJson}, '$.saleId') = ${sale.id}`)
      .get() ??
    null
  );
}

export function rowsInStates(db: LocalDb, kinds: readonly LinkStateKind[]): LinkRow[] {
  return db
    .select()
    .from(paymentLinks)
    .where(inArray(paymentLinks.state, [...kinds]))
    .orderBy(asc(paymentLinks.createdAt))
    .all();
}

/** Links whose carts are locked: the server may still take payment and the register has not given up. */
export function activeLinkRows(db: LocalDb): LinkRow[] {
  return rowsInStates(db, LOCKING);
}

/** The link that holds this cart: locking it, or paid with its sale on the way (see holdsCart). */
export function holdingLink(db: LocalDb, cartId: string): LinkRow | null {
  const rows = db.select().from(paymentLinks).where(eq(paymentLinks.cartId, cartId)).all();
  return rows.find((row) => holdsCart(stateOf(row))) ?? null;
}

export function lockingLink(db: LocalDb, cartId: string): LinkRow | null {
  return (
    db
      .select()
      .from(paymentLinks)
      .where(and(eq(paymentLinks.cartId, cartId), inArray(paymentLinks.state, LOCKING)))
      .get() ?? null
  );
}

export function assertCartUnlocked(db: LocalDb): void {
  const cartId = getMeta(db, 'currentCartId');
  const cart = cartId ? db.select({ status: carts.status }).from(carts).where(eq(carts.id, cartId)).get() : undefined;
  if (cart?.status === 'locked') {
    throw new AppError('cart_locked', 'A payment link is waiting for this cart. Cancel the link first to change the cart or take another payment.');
  }
}

/** The link of the current cart the Sell screen shows: the newest one of that cart not yet dismissed. */
export function onScreenLinkRow(db: LocalDb): LinkRow | null {
  const cartId = getMeta(db, 'currentCartId');
  if (!cartId) return null;
  const rows = db.select().from(paymentLinks).where(eq(paymentLinks.cartId, cartId)).orderBy(desc(paymentLinks.createdAt)).all();
  return (
    rows.find((row) => {
      const state = readableState(row);
      return state !== null && isInTray(state);
    }) ?? null
  );
}

/** The row's state, or null when it cannot be read: one such row must not keep the register from showing the rest. */
function readableState(row: LinkRow): LinkState | null {
  const parsed = LinkStateSchema.safeParse(JSON.parse(row.stateJson));
  return parsed.success ? parsed.data : null;
}

/** Every link not yet dismissed, oldest first: the pending links tray (the filter in SQL: the table keeps every link ever sent). */
export function trayLinkRows(db: LocalDb): LinkRow[] {
  return db
    .select()
    .from(paymentLinks)
    .where(sql`coalesce(json_extract(${paymentLinks.stateJson}, '$.dismissed'), 0) = 0`)
    .orderBy(asc(paymentLinks.createdAt))
    .all()
    .filter((row) => {
      const state = readableState(row);
      return state !== null && isInTray(state);
    });
}

export function addActivity(db: LocalDb, linkId: string, lines: readonly ActivityLine[]): number {
  let added = 0;
  for (const line of lines) {
    const last = db.select({ seq: linkActivity.seq }).from(linkActivity).where(eq(linkActivity.linkId, linkId)).orderBy(desc(linkActivity.seq)).get();
    const result = db
      .insert(linkActivity)
      .values({ id: ulid(Date.parse(line.at) || 0), linkId, at: line.at, message: line.message, dedupeKey: line.key, seq: (last?.seq ?? 0) + 1 })
      .onConflictDoNothing()
      .run();
    added += result.changes;
  }
  return added;
}
