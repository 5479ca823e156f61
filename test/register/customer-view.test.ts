import { describe, expect, it } from 'vitest';
import { CustomerViewSchema, type CustomerView } from '../../shared/contract/customer-view';
import type { PricedLine, Sale } from '../../shared/contract/entities';
import { RegisterSnapshotSchema, type CartView, type LinkView, type RegisterSnapshot } from '../../shared/contract/register-view';
import { customerViewOf, EMPTY_CUSTOMER_MEMORY, firstNameOf, type CustomerViewMemory } from '../../electron/register/customer-view';

// The customer display's view, from snapshots alone: the cart on screen and nothing else.

const LOCATION = { id: 'loc_1', name: 'Demo Studio', widget: 'demo-studio', currency: 'USD', timeZone: 'America/New_York', locale: 'en-US', country: 'US' };
const STUDIO = { name: 'Demo Studio', timeZone: 'America/New_York', locale: 'en-US', country: 'US' };
const MAYA = { id: 'cli_maya', name: 'Maya Chen', email: 'maya.chen@example.com', phone: '+15555550101' };

const line = (id: string, name: string, totalCents: number, extra: Partial<PricedLine> = {}): PricedLine => ({
  id,
  itemId: `itm_${id}`,
  quantity: 1,
  kind: 'product',
  name,
  unitCents: totalCents,
  totalCents,
  ...extra,
});
const VINYASA = line('l1', 'Vinyasa Flow', 2500, {
  kind: 'class',
  sessionId: 'ses_1',
  startsAt: '2026-03-04T23:00:00.000Z',
  seatLabel: 'R5',
  staffName: 'Tess',
});
const SOCKS = line('l2', 'Grip Socks', 1400);

const cartOf = (client: typeof MAYA | null, lines: PricedLine[], locked = false): CartView => ({
  id: `cart_${client?.id ?? 'walkin'}`,
  clientId: client?.id ?? null,
  client,
  lines,
  totalCents: lines.reduce((sum, l) => sum + l.totalCents, 0),
  currency: 'USD',
  locked,
});

const linkOf = (phase: LinkView['phase'], clientName: string, onScreen: boolean, extra: Partial<LinkView> = {}): LinkView => ({
  localId: `local_${clientName.split(' ')[0]}`,
  id: `srv_${clientName.split(' ')[0]}`,
  url: `https://pay.example.com/demo-studio/i/srv_${clientName.split(' ')[0]}`,
  phase,
  status: 'pending',
  clientName,
  totalCents: 3900,
  currency: 'USD',
  expiresAt: '2026-03-04T15:15:00.000Z',
  expiresInMs: 840_000,
  resendCount: 0,
  deliveries: [{ channel: 'sms', to: '+15555550101', status: 'sent' }],
  saleId: null,
  onScreen,
  payment: null,
  activity: [{ at: '2026-03-04T15:00:00.000Z', message: 'SMS sent to (555) 555-0101' }],
  ...extra,
});

const saleOf = (clientName: string, lines: PricedLine[], extra: Partial<Sale> = {}): Sale => ({
  id: `sale_${clientName.split(' ')[0]}`,
  receiptNumber: '1-7',
  clientId: 'cli_x',
  clientName,
  staffId: 'stf_frank',
  staffName: 'Frank',
  lines,
  totalCents: lines.reduce((sum, l) => sum + l.totalCents, 0),
  currency: 'USD',
  payments: [{ method: 'payment_link', amountCents: lines.reduce((sum, l) => sum + l.totalCents, 0) }],
  createdAt: '2026-03-04T15:02:00.000Z',
  ...extra,
});

function snapshot(parts: Partial<RegisterSnapshot> = {}): RegisterSnapshot {
  return RegisterSnapshotSchema.parse({
    enrollment: { kind: 'enrolled', register: { id: 'reg_1', name: 'Front desk', locationId: 'loc_1', number: 1 }, location: LOCATION, serverUrl: 'http://x' },
    staff: { id: 'stf_frank', name: 'Frank', role: 'front_desk', permissions: ['send_payment_link', 'take_payment'], signedInOffline: false },
    connection: { kind: 'live', since: 1 },
    cart: null,
    outbox: { pending: 0, waiting: { cashSales: 0, cardSales: 0, links: 0, resends: 0, cancels: 0 } },
    notices: [],
    lastSale: null,
    today: '2026-03-04',
    ...parts,
  });
}

/** Runs snapshots through the derivation in order, as the feed does, and answers each view (checked by the schema). */
function views(...snapshots: RegisterSnapshot[]): CustomerView[] {
  let memory: CustomerViewMemory = EMPTY_CUSTOMER_MEMORY;
  return snapshots.map((s) => {
    const next = customerViewOf(s, memory);
    memory = next.memory;
    return CustomerViewSchema.parse(next.view);
  });
}
const viewOf = (s: RegisterSnapshot) => views(s)[0]!;

describe('the customer display view', () => {
  it('is idle before enrollment, with nobody signed in, and with an empty cart', () => {
    expect(viewOf(snapshot({ enrollment: { kind: 'unenrolled' } }))).toEqual({ kind: 'idle', studio: null });
    expect(viewOf(snapshot({ staff: null, cart: cartOf(MAYA, [SOCKS]) }))).toEqual({ kind: 'idle', studio: STUDIO });
    expect(viewOf(snapshot({ cart: cartOf(MAYA, []) }))).toEqual({ kind: 'idle', studio: STUDIO });
  });

  it('shows the cart on screen: first name, lines (no staff name) and total', () => {
    expect(viewOf(snapshot({ cart: cartOf(MAYA, [VINYASA, SOCKS]) }))).toEqual({
      kind: 'cart',
      studio: STUDIO,
      firstName: 'Maya',
      lines: [
        { name: 'Vinyasa Flow', quantity: 1, totalCents: 2500, startsAt: '2026-03-04T23:00:00.000Z', seatLabel: 'R5' },
        { name: 'Grip Socks', quantity: 1, totalCents: 1400 },
      ],
      totalCents: 3900,
      currency: 'USD',
    });
    expect(viewOf(snapshot({ cart: cartOf(null, [SOCKS]) }))).toMatchObject({ kind: 'cart', firstName: null });
  });

  it('shows the QR code and time left while the link on screen waits (also while it is being sent)', () => {
    const cart = cartOf(MAYA, [VINYASA, SOCKS], true);
    expect(viewOf(snapshot({ cart, activeLink: linkOf('waiting', 'Maya Chen', true) }))).toMatchObject({
      kind: 'waiting',
      firstName: 'Maya',
      url: 'https://pay.example.com/demo-studio/i/srv_Maya',
      expiresInMs: 840_000,
      totalCents: 3900,
    });
    expect(viewOf(snapshot({ cart, activeLink: linkOf('sending', 'Maya Chen', true, { id: null, url: null, expiresInMs: null }) }))).toMatchObject({
      kind: 'waiting',
      url: null,
    });
  });

  it('offers no QR code for a link being canceled or ended: the cart again', () => {
    const cart = cartOf(MAYA, [SOCKS], true);
    for (const phase of ['cancel_queued', 'expired', 'canceled', 'given_up', 'unknown', 'refused'] as const) {
      expect(viewOf(snapshot({ cart, activeLink: linkOf(phase, 'Maya Chen', true) })).kind).toBe('cart');
    }
  });

  it('never shows a parked cart: its link, client and lines stay in the tray, whatever their state', () => {
    const parked = [linkOf('waiting', 'Sam Rivera', false), linkOf('paid', 'Alex Kim', false, { saleId: 'sale_Alex' })];
    const all = views(
      snapshot({ cart: cartOf(MAYA, [SOCKS]), links: parked }),
      snapshot({ cart: cartOf(MAYA, [SOCKS], true), activeLink: linkOf('waiting', 'Maya Chen', true), links: parked }),
      snapshot({ cart: cartOf(MAYA, []), links: parked }),
      // A parked link that names itself the on-screen one by mistake is still not shown.
      snapshot({ cart: cartOf(MAYA, [SOCKS]), activeLink: linkOf('waiting', 'Sam Rivera', false) }),
    );
    expect(all.map((v) => v.kind)).toEqual(['cart', 'waiting', 'idle', 'cart']);
    const text = JSON.stringify(all);
    for (const leak of ['Sam', 'Alex', 'srv_Sam', 'Frank', 'Tess', 'sms', '555', '@', 'activity']) expect(text).not.toContain(leak);
  });

  it('thanks the client by first name when their link is paid, and after, while the receipt is on screen', () => {
    const cart = cartOf(MAYA, [VINYASA, SOCKS], true);
    const [waiting, paid, recorded] = views(
      snapshot({ cart, activeLink: linkOf('waiting', 'Maya Chen', true) }),
      snapshot({ cart, activeLink: linkOf('paid', 'Maya Chen', true) }),
      // The sale is recorded: a new empty cart opens under the receipt.
      snapshot({ cart: cartOf(null, []), lastSale: saleOf('Maya Chen', [VINYASA, SOCKS]) }),
    );
    expect(waiting!.kind).toBe('waiting');
    expect(paid).toEqual({ kind: 'paid', studio: STUDIO, firstName: 'Maya', totalCents: 3900, currency: 'USD' });
    expect(recorded).toEqual({ kind: 'paid', studio: STUDIO, firstName: 'Maya', totalCents: 3900, currency: 'USD' });
    // Receipt dismissed: welcome the next client.
    expect(views(snapshot({ cart, activeLink: linkOf('paid', 'Maya Chen', true) }), snapshot({ cart: cartOf(null, []) }))[1]).toEqual({
      kind: 'idle',
      studio: STUDIO,
    });
  });

  it('a cash sale with change: the thank-you says the change', () => {
    const sale = saleOf('Maya Chen', [SOCKS], { payments: [{ method: 'cash', amountCents: 1400, tenderedCents: 2000 }] });
    const [, thanked] = views(snapshot({ cart: cartOf(MAYA, [SOCKS]) }), snapshot({ cart: cartOf(null, []), lastSale: sale, changeDueCents: 600 }));
    expect(thanked).toMatchObject({ kind: 'paid', firstName: 'Maya', changeCents: 600 });
  });

  it("a receipt of another client's sale (a parked link paid, a reprint) never thanks them on the display", () => {
    const samSale = saleOf('Sam Rivera', [line('s1', 'Water Bottle', 2000)]);
    const [, overMaya] = views(snapshot({ cart: cartOf(MAYA, [SOCKS]) }), snapshot({ cart: cartOf(MAYA, [SOCKS]), lastSale: samSale }));
    expect(overMaya).toMatchObject({ kind: 'cart', firstName: 'Maya' });
    expect(JSON.stringify(overMaya)).not.toContain('Sam');
    expect(views(snapshot({ cart: cartOf(null, []), lastSale: samSale }))[0]).toEqual({ kind: 'idle', studio: STUDIO });
  });

  it('first names', () => {
    expect(['Maya Chen', '  Sam  Rivera ', 'Cher', '', null].map(firstNameOf)).toEqual(['Maya', 'Sam', 'Cher', null, null]);
  });
});
