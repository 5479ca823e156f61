import { randomUUID } from 'node:crypto';
import type { Booking, CartLine, CatalogItem, Sale } from '../../../shared/contract/entities';
import { AppError } from '../../../shared/contract/errors';
import type { IpcHandlers } from '../../../shared/contract/ipc';
import type { ConnectionState, Notice, PushMessage, RegisterSnapshot, SignedInStaff } from '../../../shared/contract/register-view';
import { priceCart } from '../../../shared/domain/cart-pricing';
import { dateInZone } from '../../../shared/domain/studio-time';
import { FAKE_CLIENTS, FAKE_STAFF, fakeCatalog } from './fake-catalog';

// An in-memory stand-in for the register engine: dev-only (UI work, bridge unit tests). Never on the product path.

const LOCATION = { id: 'loc-demo', name: 'Demo Studio', widget: 'demo-studio', currency: 'USD', timeZone: 'America/New_York' };
const id = () => randomUUID().replace(/-/g, '').slice(0, 20);

export type FakeEngine = {
  handlers: IpcHandlers;
  onPush(listener: (m: PushMessage) => void): () => void;
  setConnection(connection: ConnectionState): void;
  addNotice(level: Notice['level'], message: string): void;
};

export function createFakeEngine(options: { enrolled?: boolean } = {}): FakeEngine {
  const listeners = new Set<(m: PushMessage) => void>();
  const items: CatalogItem[] = fakeCatalog();
  let enrolled = options.enrolled ?? true;
  let staff: SignedInStaff | null = null;
  let connection: ConnectionState = { kind: 'live', since: Date.now() };
  let cart = { id: id(), clientId: null as string | null, lines: [] as CartLine[] };
  let lastSale: Sale | null = null;
  let notices: Notice[] = [];
  const sales: Sale[] = [];
  const bookings: Booking[] = [];
  let receiptCount = 0;
  const today = () => dateInZone(Date.now(), LOCATION.timeZone);

  const snapshot = (): RegisterSnapshot => {
    const priced = priceCart(cart.lines, items, today());
    const client = FAKE_CLIENTS.find((c) => c.id === cart.clientId) ?? null;
    return {
      enrollment: enrolled
        ? { kind: 'enrolled', register: { id: 'reg-1', name: 'Front desk', locationId: LOCATION.id, number: 1 }, location: LOCATION, serverUrl: 'http://fake' }
        : { kind: 'unenrolled' },
      staff,
      connection,
      activeLink: null,
      cart: {
        id: cart.id, clientId: cart.clientId, client, currency: 'USD',
        lines: priced.ok ? priced.lines : [], totalCents: priced.ok ? priced.totalCents : 0,
        ...(priced.ok ? {} : { problem: { code: priced.code, message: priced.message } }),
      },
      outbox: { pending: 0 },
      notices,
      lastSale,
      today: today(),
    };
  };
  const push = () => {
    const message: PushMessage = { type: 'snapshot', snapshot: snapshot() };
    for (const listener of listeners) listener(message);
  };
  const changed = () => {
    push();
    return snapshot();
  };
  const requireStaff = () => {
    if (!staff) throw new AppError('not_signed_in', 'Sign in first.');
  };

  const handlers: IpcHandlers = {
    'app.snapshot': async () => snapshot(),
    // Payment links land with issue 4; until then the commands refuse plainly.
    ...linksNotYetAvailable(),
    'register.enroll': async ({ code }) => {
      if (code !== 'DEMO-ENROLL') throw new AppError('invalid_enrollment_code', 'That enrollment code is not valid.');
      enrolled = true;
      return changed();
    },
    'staff.signIn': async ({ pin }) => {
      const found = FAKE_STAFF[pin];
      if (!found) throw new AppError('invalid_pin', 'That PIN is not right. Please try again.');
      staff = { ...found, signedInOffline: connection.kind === 'offline' };
      return changed();
    },
    'staff.signOut': async () => {
      staff = null;
      return changed();
    },
    'staff.activity': async () => ({ ok: true }),
    'catalog.list': async () => ({ items, updatedAt: Date.now() }),
    'clients.search': async ({ query }) => ({
      clients: FAKE_CLIENTS.filter((c) => `${c.name} ${c.email ?? ''} ${c.phone ?? ''}`.toLowerCase().includes(query.toLowerCase())),
    }),
    'cart.setClient': async ({ clientId }) => {
      requireStaff();
      cart.clientId = clientId;
      return changed();
    },
    'cart.addLine': async (input) => {
      requireStaff();
      const line: CartLine = { id: id(), quantity: 1, ...input };
      const priced = priceCart([...cart.lines, line], items, today());
      if (!priced.ok) throw new AppError(priced.code, priced.message, priced.details);
      cart.lines.push(line);
      return changed();
    },
    'cart.updateLine': async ({ lineId, ...change }) => {
      cart.lines = cart.lines.map((l) => (l.id === lineId ? { ...l, ...change } : l));
      return changed();
    },
    'cart.removeLine': async ({ lineId }) => {
      cart.lines = cart.lines.filter((l) => l.id !== lineId);
      return changed();
    },
    'cart.clear': async () => {
      cart.lines = [];
      return changed();
    },
    'checkout.pay': async ({ method, tenderedCents }) => {
      requireStaff();
      const priced = priceCart(cart.lines, items, today());
      if (!priced.ok) throw new AppError(priced.code, priced.message);
      if (priced.lines.length === 0) throw new AppError('empty_cart', 'The cart is empty.');
      if (method === 'cash' && (tenderedCents ?? 0) < priced.totalCents) throw new AppError('invalid_request', 'Not enough cash tendered.');
      const client = FAKE_CLIENTS.find((c) => c.id === cart.clientId);
      const sale: Sale = {
        id: id(), receiptNumber: `1-${++receiptCount}`, clientId: cart.clientId, clientName: client?.name, staffId: staff!.id,
        staffName: staff!.name, lines: priced.lines, totalCents: priced.totalCents, currency: 'USD',
        payments: [{ method, amountCents: priced.totalCents }], createdAt: new Date().toISOString(),
      };
      for (const line of priced.lines) {
        if (!line.startsAt) continue;
        bookings.push({ id: id(), saleId: sale.id, itemId: line.itemId, itemName: line.name, sessionId: line.sessionId, slotId: line.slotId,
          seatId: line.seatId, seatLabel: line.seatLabel, startsAt: line.startsAt, clientId: cart.clientId, clientName: client?.name ?? 'Walk-in' });
        const session = items.flatMap((i) => i.sessions ?? []).find((s) => s.id === line.sessionId);
        if (session) {
          session.booked += 1;
          const seat = session.seats?.find((s) => s.id === line.seatId);
          if (seat) seat.state = 'booked';
        }
        const slot = items.flatMap((i) => i.slots ?? []).find((s) => s.id === line.slotId);
        if (slot) slot.state = 'booked';
      }
      sales.push(sale);
      lastSale = sale;
      cart = { id: id(), clientId: null, lines: [] };
      for (const listener of listeners) listener({ type: 'catalog', updatedAt: Date.now() });
      return { sale, changeCents: method === 'cash' ? (tenderedCents ?? 0) - sale.totalCents : 0, snapshot: changed() };
    },
    'receipt.dismiss': async () => {
      lastSale = null;
      return changed();
    },
    'notices.dismiss': async ({ id: noticeId }) => {
      notices = notices.filter((n) => n.id !== noticeId);
      return changed();
    },
    'sales.day': async () => {
      const byMethod: Record<string, number> = {};
      for (const s of sales) for (const p of s.payments) byMethod[p.method] = (byMethod[p.method] ?? 0) + p.amountCents;
      return {
        date: today(), sales, source: connection.kind === 'offline' ? 'local' : 'server', pendingUpload: 0,
        totals: { byMethod, totalCents: sales.reduce((sum, s) => sum + s.totalCents, 0), count: sales.length },
      };
    },
    'roster.day': async ({ date }) => ({
      date: date ?? today(), source: 'server',
      bookings: bookings.filter((b) => dateInZone(Date.parse(b.startsAt), LOCATION.timeZone) === (date ?? today())),
    }),
  };

  return {
    handlers,
    onPush(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    setConnection(next) {
      connection = next;
      push();
    },
    addNotice(level, message) {
      notices = [...notices, { id: id(), level, message, at: Date.now() }];
      push();
    },
  };
}

function linksNotYetAvailable(): Pick<IpcHandlers, 'link.send' | 'link.resend' | 'link.cancel' | 'link.dismiss'> {
  const refuse = async (): Promise<never> => {
    throw new AppError('invalid_request', 'Payment links are not available on this register yet.');
  };
  return { 'link.send': refuse, 'link.resend': refuse, 'link.cancel': refuse, 'link.dismiss': refuse };
}
