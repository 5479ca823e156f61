import { randomUUID } from 'node:crypto';
import type { Booking, CartLine, CatalogItem, Sale, SalePayment } from '../../../shared/contract/entities';
import { AppError } from '../../../shared/contract/errors';
import type { ConnectionState, LinkView, Notice, SignedInStaff } from '../../../shared/contract/register-view';
import { priceCart } from '../../../shared/domain/cart-pricing';
import { dateInZone } from '../../../shared/domain/studio-time';
import { FAKE_CLIENTS } from './fake-catalog';

// The fake engine's in-memory state and the few operations both the cash and the link paths use. Dev-only.

export const FAKE_LOCATION = {
  id: 'loc-demo',
  name: 'Demo Studio',
  widget: 'demo-studio',
  currency: 'USD',
  timeZone: 'America/New_York',
  locale: 'en-US',
  country: 'US',
};
export const fakeId = () => randomUUID().replace(/-/g, '').slice(0, 20);

/** The link as the fake keeps it: the view plus the wall-clock deadline the view's expiresInMs is measured from. */
type FakeLink = Omit<LinkView, 'expiresInMs'> & { expiresAtMs: number | null };

export type FakeState = {
  items: CatalogItem[];
  enrolled: boolean;
  staff: SignedInStaff | null;
  connection: ConnectionState;
  cart: { id: string; clientId: string | null; lines: CartLine[] };
  lastSale: Sale | null;
  /** The last sale's cash change, until "Change due" is confirmed. */
  changeDueCents: number | null;
  notices: Notice[];
  sales: Sale[];
  bookings: Booking[];
  receiptCount: number;
  link: FakeLink | null;
};

export function newFakeState(items: CatalogItem[], enrolled: boolean): FakeState {
  return {
    items,
    enrolled,
    staff: null,
    connection: { kind: 'live', since: Date.now() },
    cart: { id: fakeId(), clientId: null, lines: [] },
    lastSale: null,
    changeDueCents: null,
    notices: [],
    sales: [],
    bookings: [],
    receiptCount: 0,
    link: null,
  };
}

export const fakeToday = () => dateInZone(Date.now(), FAKE_LOCATION.timeZone);

export function pricedCart(state: FakeState) {
  const priced = priceCart(state.cart.lines, state.items, fakeToday());
  if (!priced.ok) throw new AppError(priced.code, priced.message, priced.details);
  return priced;
}

export function addNotice(state: FakeState, level: Notice['level'], message: string): void {
  state.notices = [...state.notices, { id: fakeId(), level, message, at: Date.now() }];
}

/** Marks the places of the cart's lines held (a link waits) or free again (it ended). */
export function holdCartPlaces(state: FakeState, hold: boolean): void {
  for (const line of state.cart.lines) {
    const session = state.items.flatMap((i) => i.sessions ?? []).find((s) => s.id === line.sessionId);
    if (session) {
      session.held = Math.max(0, session.held + (hold ? 1 : -1));
      const seat = session.seats?.find((s) => s.id === line.seatId);
      if (seat) seat.state = hold ? 'held' : 'free';
    }
    const slot = state.items.flatMap((i) => i.slots ?? []).find((s) => s.id === line.slotId);
    if (slot) slot.state = hold ? 'held' : 'free';
  }
}

/** Completes the current cart as a sale (bookings, receipt, a new empty cart), as the real engine does. */
export function recordSale(state: FakeState, payment: SalePayment, extra: { linkId?: string } = {}): Sale {
  const priced = pricedCart(state);
  const client = FAKE_CLIENTS.find((c) => c.id === state.cart.clientId);
  const sale: Sale = {
    id: fakeId(),
    receiptNumber: `1-${++state.receiptCount}`,
    clientId: state.cart.clientId,
    clientName: client?.name,
    staffId: state.staff?.id ?? 'stf-frank',
    staffName: state.staff?.name,
    lines: priced.lines,
    totalCents: priced.totalCents,
    currency: 'USD',
    payments: [payment],
    createdAt: new Date().toISOString(),
    ...extra,
  };
  for (const line of priced.lines) {
    if (!line.startsAt) continue;
    state.bookings.push({
      id: fakeId(),
      saleId: sale.id,
      itemId: line.itemId,
      itemName: line.name,
      sessionId: line.sessionId,
      slotId: line.slotId,
      seatId: line.seatId,
      seatLabel: line.seatLabel,
      startsAt: line.startsAt,
      clientId: state.cart.clientId,
      clientName: client?.name ?? 'Walk-in',
    });
    const session = state.items.flatMap((i) => i.sessions ?? []).find((s) => s.id === line.sessionId);
    if (session) {
      session.booked += 1;
      if (extra.linkId) session.held = Math.max(0, session.held - 1);
      const seat = session.seats?.find((s) => s.id === line.seatId);
      if (seat) seat.state = 'booked';
    }
    const slot = state.items.flatMap((i) => i.slots ?? []).find((s) => s.id === line.slotId);
    if (slot) slot.state = 'booked';
  }
  state.sales.push(sale);
  state.lastSale = sale;
  state.changeDueCents = null;
  state.cart = { id: fakeId(), clientId: null, lines: [] };
  return sale;
}
