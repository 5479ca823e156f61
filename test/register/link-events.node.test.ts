import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Link, Sale } from '../../shared/contract/entities';
import type { ServerEvent } from '../../shared/contract/events';
import { eq } from 'drizzle-orm';
import { carts, paymentLinks } from '../../db/schema';
import { currentCart } from '../../electron/register/cart-store';
import { applyServerEvents, coreEventHandlers } from '../../electron/register/event-applier';
import { learnServerLink, runLinkInput } from '../../electron/register/link-interpreter';
import { EXPIRY_SAFETY_MARGIN_MS, type LinkState } from '../../electron/register/link-machine';
import { readLinkRow, stateOf } from '../../electron/register/link-store';
import { buildLinkView } from '../../electron/register/link-view';
import { linkEventHandlers } from '../../electron/register/link-sync';
import { getMeta } from '../../electron/register/meta-store';
import { listNotices } from '../../electron/register/notices';
import { openTempDatabase } from './support/temp-database';

// Link events applied to a real SQLite file: either order of link.paid and sale.created completes the sale once, the
// activity follows the events, and a payment for a link the register gave up on is recorded without touching the cart.

let database: ReturnType<typeof openTempDatabase>;
const NOW = Date.parse('2026-03-02T15:00:00.000Z');
let serverNow = NOW;
beforeEach(() => {
  database = openTempDatabase();
  serverNow = NOW;
});
afterEach(() => database.cleanup());

const context = { now: NOW, timeZone: 'America/New_York' };
const handlers = { ...coreEventHandlers, ...linkEventHandlers(() => serverNow) };
const iso = (ms: number) => new Date(ms).toISOString();

const WAITING: LinkState = { kind: 'waiting', serverId: 'lnk_1', expiresAt: NOW + 15 * 60_000, pendingSeenAt: NOW, resending: false };

function localLink(cartId: string, state: LinkState = WAITING) {
  database.db
    .insert(paymentLinks)
    .values({
      id: 'local1',
      cartId,
      clientId: 'cli_1',
      clientName: 'Maya Chen',
      totalCents: 2500,
      currency: 'USD',
      stateJson: JSON.stringify(state),
      deliveryJson: JSON.stringify({ channels: ['sms'], phone: '+15555550101' }),
      staffId: 'frank',
      createdAt: NOW,
      updatedAt: NOW,
    })
    .run();
}
const row = () => readLinkRow(database.db, 'local1')!;
const view = () => buildLinkView(database.db, row(), serverNow, getMeta(database.db, 'currentCartId'));

const link = (cartId: string, over: Partial<Link> = {}): Link => ({
  id: 'lnk_1',
  url: 'http://x/demo-studio/i/lnk_1',
  status: 'pending',
  cartId,
  clientId: 'cli_1',
  clientName: 'Maya Chen',
  totalCents: 2500,
  currency: 'USD',
  lines: [],
  createdAt: iso(NOW),
  expiresAt: iso(NOW + 15 * 60_000),
  resendCount: 0,
  deliveries: [{ channel: 'sms', to: '+15555550101', status: 'queued' }],
  ...over,
});
const sale: Sale = {
  id: 'sale_1',
  receiptNumber: 'S-7',
  clientId: 'cli_1',
  staffId: 'frank',
  lines: [],
  totalCents: 2500,
  payments: [{ method: 'payment_link', amountCents: 2500, cardBrand: 'visa', cardLast4: '4242' }],
  linkId: 'lnk_1',
  createdAt: iso(NOW + 60_000),
};
const paidLink = (cartId: string) =>
  link(cartId, { status: 'paid', saleId: 'sale_1', paidAt: iso(NOW + 60_000), deliveries: [{ channel: 'sms', to: '+15555550101', status: 'sent' }] });

describe('link events', () => {
  it.each([
    ['link.paid, then sale.created', true],
    ['sale.created, then link.paid', false],
  ])('%s: the sale completes once (receipt, cart closed, a new cart)', (_name, paidFirst) => {
    const cart = currentCart(database.db, NOW);
    localLink(cart.id);
    const paidEvent: ServerEvent = { seq: 0, type: 'link.paid', at: iso(NOW + 60_000), linkId: 'lnk_1', link: paidLink(cart.id), saleId: 'sale_1' };
    const saleEvent: ServerEvent = { seq: 0, type: 'sale.created', at: iso(NOW + 60_000), saleId: 'sale_1', sale };
    const events = (paidFirst ? [paidEvent, saleEvent] : [saleEvent, paidEvent]).map((e, i) => ({ ...e, seq: i + 1 }));
    applyServerEvents(database.db, events, handlers, context);
    expect(getMeta(database.db, 'lastSaleId')).toBe('sale_1');
    expect(currentCart(database.db, NOW).id).not.toBe(cart.id);
    expect(view()).toMatchObject({ status: 'paid', phase: 'paid', id: 'lnk_1', saleId: 'sale_1', onScreen: false });
    expect(view().activity.map((a) => a.message)).toEqual(['SMS sent to (555) 555-0101', 'Paid with Visa •• 4242']);
    // Replayed events change nothing.
    learnServerLink(database.db, row(), paidLink(cart.id), { now: NOW, serverNow });
    expect(view().activity).toHaveLength(2);
    expect(stateOf(row())).toEqual({ kind: 'paid', serverId: 'lnk_1', saleId: 'sale_1', saleRecorded: true, late: false, dismissed: false });
    expect(listNotices(database.db)).toEqual([]);
  });

  it('a stale create answer after the events does not move the link back', () => {
    const cart = currentCart(database.db, NOW);
    localLink(cart.id, { kind: 'creating' });
    applyServerEvents(
      database.db,
      [
        {
          seq: 1,
          type: 'link.delivery',
          at: iso(NOW + 1000),
          linkId: 'lnk_1',
          link: link(cart.id, { deliveries: [{ channel: 'sms', to: '+15555550101', status: 'sent' }] }),
        },
      ],
      handlers,
      context,
    );
    learnServerLink(database.db, row(), link(cart.id), { now: NOW, serverNow });
    expect(view()).toMatchObject({ id: 'lnk_1', phase: 'waiting', expiresInMs: 15 * 60_000 });
    expect(view().deliveries[0]!.status).toBe('sent');
  });

  it('a payment for a link the register gave up on is recorded and told, and the open cart is left alone', () => {
    const cart = currentCart(database.db, NOW);
    database.db.update(carts).set({ status: 'locked' }).where(eq(carts.id, cart.id)).run();
    localLink(cart.id, { kind: 'cancel_queued', serverId: 'lnk_1', expiresAt: NOW + 15 * 60_000, pendingSeenAt: NOW });
    serverNow = NOW + 15 * 60_000 + EXPIRY_SAFETY_MARGIN_MS;
    // Without the judgement (offline, a trusted server time) the register never decides alone.
    const online = runLinkInput(
      database.db,
      'local1',
      { type: 'unreachable', judgement: { trustedServerNow: serverNow, offline: false } },
      { now: NOW, serverNow },
    );
    expect(online!.state.kind).toBe('cancel_queued');
    const gaveUp = runLinkInput(
      database.db,
      'local1',
      { type: 'unreachable', judgement: { trustedServerNow: serverNow, offline: true } },
      { now: NOW, serverNow },
    );
    expect(gaveUp!.state.kind).toBe('given_up');
    expect(view()).toMatchObject({ status: 'canceled', phase: 'given_up' });
    expect(database.db.select().from(carts).where(eq(carts.id, cart.id)).get()!.status).toBe('open');
    applyServerEvents(
      database.db,
      [
        { seq: 1, type: 'link.paid', at: iso(NOW + 60_000), linkId: 'lnk_1', link: paidLink(cart.id), saleId: 'sale_1' },
        { seq: 2, type: 'sale.created', at: iso(NOW + 60_000), saleId: 'sale_1', sale },
      ],
      handlers,
      context,
    );
    expect(currentCart(database.db, NOW).id).toBe(cart.id);
    expect(getMeta(database.db, 'lastSaleId')).toBeNull();
    const notices = listNotices(database.db);
    expect(notices.map((n) => n.level)).toEqual(['warning', 'warning']);
    expect(notices[1]!.message).toMatch(/^Maya Chen paid \$25\.00 by payment link after the register had opened the cart again/);
    expect(stateOf(row())).toMatchObject({ kind: 'paid', saleRecorded: true, late: true });
    expect(notices[1]!.saleId).toBe('sale_1');
  });

  it('link events of another register are ignored', () => {
    const cart = currentCart(database.db, NOW);
    localLink(cart.id);
    const result = applyServerEvents(
      database.db,
      [{ seq: 1, type: 'link.paid', at: iso(NOW), linkId: 'other', link: { ...paidLink('other-cart'), id: 'other' } }],
      handlers,
      context,
    );
    expect(result.applied).toBe(1);
    expect(stateOf(row())).toEqual(WAITING);
  });
});
