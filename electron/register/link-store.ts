import { and, asc, desc, eq, inArray, isNull } from 'drizzle-orm';
import { LinkSchema, type Link } from '../../shared/contract/entities';
import { AppError } from '../../shared/contract/errors';
import type { LinkView } from '../../shared/contract/register-view';
import type { LocalDb } from '../../db/open-database';
import { linkActivity, paymentLinks } from '../../db/schema';
import type { ActivityLine } from './link-activity';
import { locksCart, type LocalLinkState, type PendingCommand } from './link-reconcile';
import { getMeta } from './meta-store';
import { ulid } from './ulid';

// The register's local payment links and their activity lines: reads, the cart lock, and the view the renderer gets.

export type LinkRow = typeof paymentLinks.$inferSelect;
const END_KEYS = new Set(['paid', 'canceled', 'expired', 'given-up']);
export type StoredDelivery = { channels: Array<'sms' | 'email'>; phone?: string; email?: string };

export function readLinkRow(db: LocalDb, id: string): LinkRow | null {
  return db.select().from(paymentLinks).where(eq(paymentLinks.id, id)).get() ?? null;
}

export function serverLinkOf(row: LinkRow): Link | null {
  if (!row.linkJson) return null;
  const parsed = LinkSchema.safeParse(JSON.parse(row.linkJson));
  return parsed.success ? parsed.data : null;
}

export function localStateOf(row: LinkRow): LocalLinkState {
  return {
    status: row.status as LocalLinkState['status'],
    pendingCommand: (row.pendingCommand as PendingCommand | null) ?? null,
    serverId: row.serverId,
    expiresAt: row.expiresAt,
    givenUp: row.givenUp,
    completed: row.completedAt !== null,
    pendingSeenAt: row.pendingSeenAt,
  };
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

/** Links the server may still change: pending here (given up or not), or with a command in flight. */
export function openLinkRows(db: LocalDb): LinkRow[] {
  return db.select().from(paymentLinks).where(eq(paymentLinks.status, 'pending')).orderBy(asc(paymentLinks.createdAt)).all();
}

export function lockingLink(db: LocalDb, cartId: string): LinkRow | null {
  const rows = db.select().from(paymentLinks).where(eq(paymentLinks.cartId, cartId)).all();
  return rows.find((row) => locksCart(localStateOf(row))) ?? null;
}

export function assertCartUnlocked(db: LocalDb): void {
  const cartId = getMeta(db, 'currentCartId');
  if (cartId && lockingLink(db, cartId)) {
    throw new AppError('cart_locked', 'A payment link is waiting for this cart. Cancel the link first to change the cart or take another payment.');
  }
}

/** Staff moved on: the finished links of the current cart (and paid ones) leave the panel. */
export function acknowledgeFinishedLinks(db: LocalDb, now: number): number {
  const rows = db.select().from(paymentLinks).where(eq(paymentLinks.acknowledged, false)).all();
  const done = rows.filter((row) => !locksCart(localStateOf(row))).map((row) => row.id);
  if (done.length === 0) return 0;
  db.update(paymentLinks).set({ acknowledged: true, updatedAt: now }).where(inArray(paymentLinks.id, done)).run();
  return done.length;
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

/** The link the panel shows: the newest one not yet acknowledged, of the current cart or just paid. */
export function shownLinkRow(db: LocalDb): LinkRow | null {
  const cartId = getMeta(db, 'currentCartId');
  const rows = db.select().from(paymentLinks).where(eq(paymentLinks.acknowledged, false)).orderBy(desc(paymentLinks.createdAt)).all();
  return rows.find((row) => row.cartId === cartId || (row.status === 'paid' && !row.givenUp)) ?? null;
}

export function buildLinkView(db: LocalDb, serverNow: number): LinkView | null {
  const row = shownLinkRow(db);
  if (!row) return null;
  const link = serverLinkOf(row);
  const delivery = JSON.parse(row.deliveryJson) as StoredDelivery;
  // In time order, the end of the link (paid, canceled, expired) always last, whatever order its facts arrived in.
  const last = (key: string) => (END_KEYS.has(key) ? 1 : 0);
  const activity = db
    .select()
    .from(linkActivity)
    .where(eq(linkActivity.linkId, row.id))
    .all()
    .sort((a, b) => last(a.dedupeKey) - last(b.dedupeKey) || a.at.localeCompare(b.at) || a.seq - b.seq)
    .map((a) => ({ at: a.at, message: a.message }));
  // A link given up on shows as canceled: the register stopped waiting and the cart is open.
  const status = row.givenUp && row.status === 'pending' ? 'canceled' : (row.status as LinkView['status']);
  const waiting = status === 'pending' && row.expiresAt !== null;
  return {
    id: row.serverId,
    url: link?.url ?? null,
    status,
    clientName: link?.clientName ?? row.clientName,
    totalCents: link?.totalCents ?? row.totalCents,
    currency: link?.currency ?? row.currency,
    expiresAt: row.expiresAt !== null ? new Date(row.expiresAt).toISOString() : null,
    expiresInMs: waiting ? Math.max(0, Math.round(row.expiresAt! - serverNow)) : status === 'expired' ? 0 : null,
    resendCount: link?.resendCount ?? 0,
    deliveries:
      link?.deliveries ??
      delivery.channels.map((channel) => ({ channel, to: (channel === 'sms' ? delivery.phone : delivery.email) ?? '', status: 'queued' as const })),
    ...(link?.openedAt ? { openedAt: link.openedAt } : {}),
    ...(link?.paidAt ? { paidAt: link.paidAt } : {}),
    pendingCommand: row.givenUp ? null : ((row.pendingCommand as PendingCommand | null) ?? null),
    activity,
  };
}
