import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Link, Sale } from '../../shared/contract/entities';
import type { ServerEvent } from '../../shared/contract/events';
import { paymentLinks } from '../../db/schema';
import { currentCart } from '../../electron/register/cart-store';
import { applyServerEvents, coreEventHandlers } from '../../electron/register/event-applier';
import { applyServerKnowledge } from '../../electron/register/link-apply';
import { EXPIRY_SAFETY_MARGIN_MS } from '../../electron/register/link-reconcile';
import { buildLinkView, readLinkRow } from '../../electron/register/link-store';
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

function localLink(cartId: string, over: Partial<typeof paymentLinks.$inferInsert> = {}) {
  database.db
    .insert(paymentLinks)
    .values({
      id: 'local1',
      serverId: 'lnk_1',
      cartId,
      clientId: 'cli_1',
      clientName: 'Maya Chen',
      totalCents: 2500,
      currency: 'USD',
      status: 'pending',
      pendingCommand: null,
      expiresAt: NOW + 15 * 60_000,
      deliveryJson: JSON.stringify({ channels: ['sms'], phone: '+15555550101' }),
      staffId: 'frank',
      createdAt: NOW,
      updatedAt: NOW,
      ...over,
    })
    .run();
}

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
const paidLink = (cartId: string) => link(cartId, { status: 'paid', saleId: 'sale_1', paidAt: iso(NOW + 60_000), deliveries: [{ channel: 'sms', to: '+15555550101', status: 'sent' }] });

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
    const view = buildLinkView(database.db, serverNow)!;
    expect(view).toMatchObject({ status: 'paid', id: 'lnk_1' });
    expect(view.activity.map((a) => a.message)).toEqual(['SMS sent to +15555550101', 'Paid with Visa •••• 4242']);
    // Replayed events change nothing.
    applyServerKnowledge(database.db, readLinkRow(database.db, 'local1')!, { kind: 'found', link: paidLink(cart.id) }, { now: NOW, serverNow });
    expect(buildLinkView(database.db, serverNow)!.activity).toHaveLength(2);
    expect(listNotices(database.db)).toEqual([]);
  });

  it('a stale create answer after the events does not move the link back', () => {
    const cart = currentCart(database.db, NOW);
    localLink(cart.id, { serverId: null, pendingCommand: 'create', expiresAt: null });
    applyServerEvents(database.db, [{ seq: 1, type: 'link.delivery', at: iso(NOW + 1000), linkId: 'lnk_1', link: link(cart.id, { deliveries: [{ channel: 'sms', to: '+15555550101', status: 'sent' }] }) }], handlers, context);
    applyServerKnowledge(database.db, readLinkRow(database.db, 'local1')!, { kind: 'found', link: link(cart.id) }, { now: NOW, serverNow });
    const view = buildLinkView(database.db, serverNow)!;
    expect(view).toMatchObject({ id: 'lnk_1', pendingCommand: null, expiresInMs: 15 * 60_000 });
    expect(view.deliveries[0]!.status).toBe('sent');
  });

  it('a payment for a link the register gave up on is recorded and told, and the open cart is left alone', () => {
    const cart = currentCart(database.db, NOW);
    localLink(cart.id, { pendingCommand: 'cancel' });
    serverNow = NOW + 15 * 60_000 + EXPIRY_SAFETY_MARGIN_MS;
    const row = () => readLinkRow(database.db, 'local1')!;
    // Without the judgement (offline, a trusted server time) the register never decides alone.
    expect(applyServerKnowledge(database.db, row(), { kind: 'unknown' }, { now: NOW, serverNow }).action.kind).toBe('keep_waiting');
    const gaveUp = applyServerKnowledge(database.db, row(), { kind: 'unknown' }, { now: NOW, serverNow, giveUp: { serverNow, offline: true } });
    expect(gaveUp.action.kind).toBe('give_up');
    expect(buildLinkView(database.db, serverNow)).toMatchObject({ status: 'canceled', pendingCommand: null });
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
    expect(notices[1]!.message).toMatch(/^Maya Chen paid \$25\.00 by payment link after the register had stopped waiting/);
    expect(readLinkRow(database.db, 'local1')).toMatchObject({ status: 'paid', completedAt: NOW });
  });

  it('link events of another register are ignored', () => {
    const cart = currentCart(database.db, NOW);
    localLink(cart.id);
    const result = applyServerEvents(database.db, [{ seq: 1, type: 'link.paid', at: iso(NOW), linkId: 'other', link: { ...paidLink('other-cart'), id: 'other' } }], handlers, context);
    expect(result.applied).toBe(1);
    expect(readLinkRow(database.db, 'local1')).toMatchObject({ status: 'pending' });
  });
});
