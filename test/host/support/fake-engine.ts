import type { CartLine } from '../../../shared/contract/entities';
import { AppError } from '../../../shared/contract/errors';
import type { IpcHandlers } from '../../../shared/contract/ipc';
import type { ConnectionState, Notice, PushMessage, RegisterSnapshot } from '../../../shared/contract/register-view';
import { priceCart } from '../../../shared/domain/cart-pricing';
import { judgeClearingClient, judgeWalkInLines } from '../../../shared/domain/client-required';
import { dateInZone } from '../../../shared/domain/studio-time';
import { FAKE_CLIENTS, FAKE_STAFF, fakeCatalog } from './fake-catalog';
import { createFakeLinks, fakeLinkView, type FakeLinkControls } from './fake-links';
import { fakeSettingsHandlers } from './fake-settings';
import { FAKE_LOCATION, addNotice, fakeId, fakeToday, newFakeState, pricedCart, recordSale } from './fake-state';

// An in-memory stand-in for the register engine: dev-only (UI work, bridge unit tests). Never on the product path.

export type FakeEngine = {
  handlers: IpcHandlers;
  onPush(listener: (m: PushMessage) => void): () => void;
  setConnection(connection: ConnectionState): void;
  addNotice(level: Notice['level'], message: string): void;
  /** The client's side of a payment link, and refusals to provoke. */
  link: FakeLinkControls;
};

export function createFakeEngine(options: { enrolled?: boolean } = {}): FakeEngine {
  const listeners = new Set<(m: PushMessage) => void>();
  const state = newFakeState(fakeCatalog(), options.enrolled ?? true);

  const snapshot = (): RegisterSnapshot => {
    const priced = priceCart(state.cart.lines, state.items, fakeToday());
    const client = FAKE_CLIENTS.find((c) => c.id === state.cart.clientId) ?? null;
    return {
      enrollment: state.enrolled
        ? {
            kind: 'enrolled',
            register: { id: 'reg-1', name: 'Front desk', locationId: FAKE_LOCATION.id, number: 1 },
            location: FAKE_LOCATION,
            serverUrl: 'http://fake',
          }
        : { kind: 'unenrolled' },
      staff: state.staff,
      connection: state.connection,
      activeLink: fakeLinkView(state),
      links: [],
      cart: {
        id: state.cart.id,
        clientId: state.cart.clientId,
        client,
        currency: 'USD',
        locked: state.link?.status === 'pending' || (state.link?.phase === 'paid' && state.link.saleId === null),
        lines: priced.ok ? priced.lines : [],
        totalCents: priced.ok ? priced.totalCents : 0,
        ...(priced.ok ? {} : { problem: { code: priced.code, message: priced.message } }),
      },
      outbox: {
        pending: state.link?.phase === 'cancel_queued' ? 1 : 0,
        waiting: { cashSales: 0, cardSales: 0, links: 0, resends: 0, cancels: state.link?.phase === 'cancel_queued' ? 1 : 0 },
      },
      notices: state.notices,
      lastSale: state.lastSale,
      changeDueCents: state.changeDueCents,
      today: fakeToday(),
    };
  };
  const push = (message: PushMessage) => {
    for (const listener of listeners) listener(message);
  };
  const changed = () => {
    const next = snapshot();
    push({ type: 'snapshot', snapshot: next });
    return next;
  };
  const catalogChanged = () => push({ type: 'catalog', updatedAt: Date.now() });
  const requireStaff = () => {
    if (!state.staff) throw new AppError('not_signed_in', 'Sign in first.');
  };
  const requireUnlocked = () => {
    if (state.link?.status === 'pending') throw new AppError('cart_locked', 'The cart is locked while its payment link is active.');
  };
  const links = createFakeLinks(state, () => {
    catalogChanged();
    return changed();
  });

  const handlers: IpcHandlers = {
    'app.snapshot': async () => snapshot(),
    ...links.handlers,
    ...fakeSettingsHandlers,
    // Nothing was ever recovered from a damaged data file here.
    'recovery.list': async () => ({ recovery: null }),
    'recovery.resend': async ({ id }) => {
      throw new AppError('not_found', 'That item is no longer in the list of recovered sales.', { id });
    },
    'recovery.dismiss': async ({ id }) => {
      throw new AppError('not_found', 'That item is no longer in the list of recovered sales.', { id });
    },
    'register.enroll': async ({ code }) => {
      if (code !== 'DEMO-ENROLL') throw new AppError('invalid_enrollment_code', 'That enrollment code is not valid.');
      state.enrolled = true;
      return changed();
    },
    'staff.signIn': async ({ pin }) => {
      const found = FAKE_STAFF[pin];
      if (!found) throw new AppError('invalid_pin', 'That PIN is not right. Please try again.');
      state.staff = { ...found, signedInOffline: state.connection.kind === 'offline' };
      return changed();
    },
    'staff.signOut': async () => {
      state.staff = null;
      return changed();
    },
    'staff.activity': async () => ({ ok: true }),
    'catalog.list': async () => ({ items: state.items, updatedAt: Date.now() }),
    'clients.search': async ({ query }) => ({
      clients: FAKE_CLIENTS.filter((c) => `${c.name} ${c.email ?? ''} ${c.phone ?? ''}`.toLowerCase().includes(query.toLowerCase())),
    }),
    // The fake has no server to judge duplicates: a new client is simply kept and put on the cart.
    'clients.add': async ({ name, phone, email }) => {
      requireStaff();
      requireUnlocked();
      const client = { id: fakeId(), name, ...(phone ? { phone } : {}), ...(email ? { email } : {}) };
      FAKE_CLIENTS.push(client);
      state.cart.clientId = client.id;
      return { client, snapshot: changed() };
    },
    'clients.saveContact': async ({ clientId, phone, email }) => {
      requireStaff();
      const client = FAKE_CLIENTS.find((c) => c.id === clientId);
      if (!client) throw new AppError('client_not_found', 'There is no such client.', { clientId });
      Object.assign(client, phone ? { phone } : {}, email ? { email } : {});
      return { client, snapshot: changed() };
    },
    'cart.setClient': async ({ clientId }) => {
      requireStaff();
      requireUnlocked();
      const refusal = clientId === null ? judgeClearingClient(pricedCart(state).lines) : null;
      if (refusal) throw new AppError(refusal.code, refusal.message, refusal.details);
      state.cart.clientId = clientId;
      links.acknowledge();
      return changed();
    },
    'cart.addLine': async (input) => {
      requireStaff();
      requireUnlocked();
      const line: CartLine = { id: fakeId(), quantity: 1, ...input };
      const priced = priceCart([...state.cart.lines, line], state.items, fakeToday());
      if (!priced.ok) throw new AppError(priced.code, priced.message, priced.details);
      const walkIn = judgeWalkInLines(state.cart.clientId, priced.lines);
      if (walkIn) throw new AppError(walkIn.code, walkIn.message, walkIn.details);
      state.cart.lines.push(line);
      links.acknowledge();
      return changed();
    },
    'cart.updateLine': async ({ lineId, ...change }) => {
      requireUnlocked();
      state.cart.lines = state.cart.lines.map((l) => (l.id === lineId ? { ...l, ...change } : l));
      links.acknowledge();
      return changed();
    },
    'cart.removeLine': async ({ lineId }) => {
      requireUnlocked();
      state.cart.lines = state.cart.lines.filter((l) => l.id !== lineId);
      links.acknowledge();
      return changed();
    },
    'cart.clear': async () => {
      requireUnlocked();
      state.cart.lines = [];
      links.acknowledge();
      return changed();
    },
    'checkout.pay': async ({ method, tenderedCents }) => {
      requireStaff();
      requireUnlocked();
      const priced = pricedCart(state);
      if (priced.lines.length === 0) throw new AppError('empty_cart', 'The cart is empty.');
      if (method === 'cash' && (tenderedCents ?? 0) < priced.totalCents) throw new AppError('invalid_request', 'Not enough cash tendered.');
      const tendered = method === 'cash' && tenderedCents !== undefined ? { tenderedCents } : {};
      const sale = recordSale(state, { method, amountCents: priced.totalCents, ...tendered });
      const changeCents = method === 'cash' ? (tenderedCents ?? 0) - sale.totalCents : 0;
      state.changeDueCents = changeCents > 0 ? changeCents : null;
      catalogChanged();
      return { sale, changeCents, snapshot: changed() };
    },
    'receipt.changeGiven': async () => {
      state.changeDueCents = null;
      return changed();
    },
    'receipt.dismiss': async () => {
      state.lastSale = null;
      state.changeDueCents = null;
      links.acknowledge();
      return changed();
    },
    'receipt.show': async ({ saleId }) => {
      const sale = state.sales.find((s) => s.id === saleId);
      if (!sale) throw new AppError('not_found', 'That sale is not on this register.');
      state.lastSale = sale;
      state.changeDueCents = null;
      return changed();
    },
    'notices.dismiss': async ({ id: noticeId }) => {
      state.notices = state.notices.filter((n) => n.id !== noticeId);
      return changed();
    },
    'sales.day': async () => {
      const byMethod: Record<string, number> = {};
      for (const s of state.sales) for (const p of s.payments) byMethod[p.method] = (byMethod[p.method] ?? 0) + p.amountCents;
      return {
        date: fakeToday(),
        sales: state.sales,
        source: state.connection.kind === 'offline' ? 'local' : 'server',
        pendingUpload: 0,
        pendingSaleIds: [],
        totals: { byMethod, totalCents: state.sales.reduce((sum, s) => sum + s.totalCents, 0), count: state.sales.length },
      };
    },
    'roster.day': async ({ date }) => ({
      date: date ?? fakeToday(),
      source: 'server',
      bookings: state.bookings.filter((b) => dateInZone(Date.parse(b.startsAt), FAKE_LOCATION.timeZone) === (date ?? fakeToday())),
    }),
  };

  return {
    handlers,
    onPush(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    setConnection(next) {
      state.connection = next;
      links.onConnection();
      changed();
    },
    addNotice(level, message) {
      addNotice(state, level, message);
      changed();
    },
    link: links.controls,
  };
}
