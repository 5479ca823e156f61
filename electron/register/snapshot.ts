import type { CatalogItem, PricedLine } from '../../shared/contract/entities';
import type { CartView, ConnectionState, RegisterSnapshot } from '../../shared/contract/register-view';
import { priceCart } from '../../shared/domain/cart-pricing';
import { judgeWalkInLines } from '../../shared/domain/client-required';
import { cashChangeCents } from '../../shared/domain/money';
import { dateInZone } from '../../shared/domain/studio-time';
import type { LocalDb } from '../../db/open-database';
import { findClient, readCatalog } from './caches';
import { currentCart } from './cart-store';
import { readSale } from './checkout';
import { getMeta } from './meta-store';
import { onScreenLinkRow, trayLinkRows } from './link-store';
import { buildLinkView } from './link-view';
import { listNotices } from './notices';
import { outboxWaiting, pendingCommandCount } from './outbox';
import type { StaffSession } from './staff-auth';

// The one picture of the register the renderer gets, rebuilt from the database on every change.

export type SnapshotInputs = {
  db: LocalDb;
  session: StaffSession | null;
  connection: ConnectionState;
  serverNow: number;
  /** Local wall clock, used only if a cart row must be created. */
  now: number;
};

const localTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

function buildCartView(db: LocalDb, items: readonly CatalogItem[], today: string, currency: string, now: number): CartView {
  const cart = currentCart(db, now);
  const client = cart.clientId ? findClient(db, cart.clientId) : null;
  const locked = cart.status === 'locked';
  const priced = priceCart(cart.lines, items, today);
  if (priced.ok) {
    const view = { id: cart.id, clientId: cart.clientId, client, lines: priced.lines, totalCents: priced.totalCents, currency, locked };
    // A walk-in cart kept from before the rule with a package or membership in it: checkout refuses it, so say why.
    const walkIn = judgeWalkInLines(cart.clientId, priced.lines);
    return walkIn ? { ...view, problem: { code: walkIn.code, message: walkIn.message } } : view;
  }
  // Show what still prices, and say what does not (an item or session went away since it was added).
  const lines: PricedLine[] = [];
  for (const line of cart.lines) {
    const one = priceCart([line], items, today);
    if (one.ok) lines.push(...one.lines);
  }
  return {
    id: cart.id,
    clientId: cart.clientId,
    client,
    lines,
    totalCents: lines.reduce((sum, l) => sum + l.totalCents, 0),
    currency,
    locked,
    problem: { code: priced.code, message: priced.message },
  };
}

export function buildSnapshot(inputs: SnapshotInputs): RegisterSnapshot {
  const { db } = inputs;
  const enrollment = getMeta(db, 'enrollment');
  const timeZone = enrollment?.location.timeZone ?? localTimeZone();
  const today = dateInZone(inputs.serverNow, timeZone);
  const lastSaleId = getMeta(db, 'lastSaleId');
  const lastSale = lastSaleId ? readSale(db, lastSaleId) : null;
  const changeDue = lastSale && getMeta(db, 'changeDueSaleId') === lastSale.id ? cashChangeCents(lastSale.payments) : undefined;
  const currentCartId = getMeta(db, 'currentCartId');
  const onScreen = enrollment ? onScreenLinkRow(db) : null;
  return {
    enrollment: enrollment
      ? {
          kind: 'enrolled',
          register: enrollment.register,
          location: enrollment.location,
          serverUrl: enrollment.serverUrl,
        }
      : { kind: 'unenrolled' },
    staff: inputs.session ? { ...inputs.session.staff, signedInOffline: inputs.session.offline } : null,
    connection: inputs.connection,
    activeLink: onScreen ? buildLinkView(db, onScreen, inputs.serverNow, currentCartId) : null,
    links: enrollment ? trayLinkRows(db).map((row) => buildLinkView(db, row, inputs.serverNow, currentCartId)) : [],
    cart: enrollment ? buildCartView(db, readCatalog(db), today, enrollment.location.currency, inputs.now) : null,
    outbox: { pending: pendingCommandCount(db), waiting: outboxWaiting(db) },
    notices: listNotices(db),
    lastSale,
    changeDueCents: changeDue !== undefined && changeDue > 0 ? changeDue : null,
    today,
  };
}
