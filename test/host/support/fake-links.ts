import type { Channel } from '../../../shared/contract/entities';
import { AppError } from '../../../shared/contract/errors';
import type { IpcHandlers } from '../../../shared/contract/ipc';
import type { LinkView, RegisterSnapshot } from '../../../shared/contract/register-view';
import { linkEligibility } from '../../../shared/domain/link-eligibility';
import { FAKE_CLIENTS } from './fake-catalog';
import { addNotice, fakeId, fakeToday, holdCartPlaces, pricedCart, recordSale, type FakeState } from './fake-state';

// Payment links in the fake engine: enough of the real behaviour to build and look at the UI (send, deliveries,
// resend, cancel — queued while offline — and the outcomes), plus controls to make the client's side happen.

const FAKE_LINK_TTL_MS = 15 * 60_000;
const DELIVERY_DELAY_MS = 400;

export type FakeLinkControls = {
  /** The next link.send is refused with this code (seat_unavailable, capacity_unavailable, total_mismatch, …). */
  refuseNextSend(code: string, message: string, details?: Record<string, unknown>): void;
  opened(): void;
  activity(message: string): void;
  deliveryFailed(channel: Channel, reason: string): void;
  /** Moves the deadline so the countdown shows this much time left. */
  setExpiresIn(ms: number): void;
  paid(card?: { brand: string; last4: string }): void;
  expired(): void;
};

export function fakeLinkView(state: FakeState, now = Date.now()): LinkView | null {
  if (!state.link) return null;
  const { expiresAtMs, ...view } = state.link;
  return { ...view, expiresInMs: expiresAtMs === null ? null : Math.max(0, Math.round(expiresAtMs - now)) };
}

export function createFakeLinks(state: FakeState, changed: () => RegisterSnapshot) {
  let refusal: AppError | null = null;
  const requireLink = () => {
    if (!state.link || state.link.status !== 'pending') throw new AppError('not_found', 'There is no payment link waiting.');
    return state.link;
  };
  const log = (message: string) => state.link?.activity.push({ at: new Date().toISOString(), message });
  const deliverSoon = () =>
    setTimeout(() => {
      if (!state.link) return;
      for (const d of state.link.deliveries) if (d.status === 'queued') log(`${d.channel === 'sms' ? 'SMS' : 'Email'} sent to ${d.to}`);
      state.link.deliveries = state.link.deliveries.map((d) => (d.status === 'queued' ? { ...d, status: 'sent' } : d));
      changed();
    }, DELIVERY_DELAY_MS);
  const end = (status: 'expired' | 'canceled', sentence: string) => {
    if (!state.link) return;
    holdCartPlaces(state, false);
    state.link = { ...state.link, status, phase: status, expiresAtMs: null };
    log(status === 'expired' ? 'Link expired; the held spots were released' : 'Link canceled; the held spots were released');
    addNotice(state, 'info', sentence);
    changed();
  };

  /** Staff moved on (cart changed, receipt dismissed): a finished link leaves the panel. */
  const acknowledge = () => {
    if (state.link && state.link.status !== 'pending' && state.link.phase !== 'cancel_queued') state.link = null;
  };

  const handlers: Pick<IpcHandlers, 'link.send' | 'link.resend' | 'link.cancel' | 'link.dismiss' | 'link.park' | 'link.reopen'> = {
    'link.send': async ({ channels, phone, email }) => {
      if (!state.staff) throw new AppError('not_signed_in', 'Sign in first.');
      const eligibility = linkEligibility({
        staff: state.staff,
        clientId: state.cart.clientId,
        lines: state.cart.lines,
        today: fakeToday(),
        online: state.connection.kind !== 'offline',
        activeLinkId: state.link?.status === 'pending' ? state.link.id : null,
      });
      if (eligibility.kind !== 'allowed') throw new AppError(eligibility.code === 'offline' ? 'offline' : eligibility.code, eligibility.message);
      if (refusal) {
        const error = refusal;
        refusal = null;
        throw error;
      }
      const priced = pricedCart(state);
      const client = FAKE_CLIENTS.find((c) => c.id === state.cart.clientId)!;
      const id = fakeId();
      state.link = {
        localId: id,
        id,
        url: `http://fake/demo-studio/i/${id}`,
        phase: 'waiting',
        status: 'pending',
        saleId: null,
        onScreen: true,
        payment: null,
        clientName: client.name,
        totalCents: priced.totalCents,
        currency: 'USD',
        expiresAt: new Date(Date.now() + FAKE_LINK_TTL_MS).toISOString(),
        expiresAtMs: Date.now() + FAKE_LINK_TTL_MS,
        resendCount: 0,
        deliveries: channels.map((channel) => ({ channel, to: (channel === 'sms' ? phone : email) ?? '', status: 'queued' as const })),
        activity: [{ at: new Date().toISOString(), message: `Link sent to ${client.name}` }],
      };
      holdCartPlaces(state, true);
      deliverSoon();
      return changed();
    },
    'link.resend': async ({ phone, email }) => {
      const link = requireLink();
      link.resendCount += 1;
      log(link.resendCount === 1 ? 'Link sent again' : `Link sent again (${link.resendCount})`);
      link.deliveries = link.deliveries.map((d) => ({
        ...d,
        status: 'queued',
        error: undefined,
        to: (d.channel === 'sms' ? phone : email) ?? d.to,
      }));
      deliverSoon();
      return changed();
    },
    'link.cancel': async () => {
      const link = requireLink();
      // Offline, the cancel waits in the outbox and the cart stays locked until the server confirms it.
      if (state.connection.kind === 'offline') link.phase = 'cancel_queued';
      else end('canceled', 'The payment link was canceled; the held spots were released.');
      return changed();
    },
    'link.dismiss': async () => {
      acknowledge();
      return changed();
    },
    // The fake keeps one link, on screen: parking (and so reopening a parked cart) is the real engine's.
    'link.park': async () => {
      throw new AppError('invalid_request', 'The fake engine keeps one payment link on screen; it cannot park it.');
    },
    'link.reopen': async () => {
      throw new AppError('not_found', 'The fake engine has no parked carts.');
    },
  };

  const controls: FakeLinkControls = {
    refuseNextSend(code, message, details) {
      refusal = new AppError(code as never, message, details);
    },
    opened() {
      requireLink().openedAt = new Date().toISOString();
      log('Client opened the link');
      changed();
    },
    activity(message) {
      requireLink().activity.push({ at: new Date().toISOString(), message });
      changed();
    },
    deliveryFailed(channel, reason) {
      const link = requireLink();
      link.deliveries = link.deliveries.map((d) => (d.channel === channel ? { ...d, status: 'failed', error: reason } : d));
      for (const d of link.deliveries) if (d.channel === channel) log(`${channel === 'sms' ? 'SMS' : 'Email'} to ${d.to} failed: ${reason}`);
      changed();
    },
    setExpiresIn(ms) {
      const link = requireLink();
      link.expiresAtMs = Date.now() + ms;
      link.expiresAt = new Date(link.expiresAtMs).toISOString();
      changed();
    },
    paid(card = { brand: 'Visa', last4: '4242' }) {
      const link = requireLink();
      log(`Paid with ${card.brand} •••• ${card.last4}`);
      recordSale(
        state,
        { method: 'payment_link', amountCents: link.totalCents, cardBrand: card.brand, cardLast4: card.last4 },
        { linkId: link.id ?? undefined },
      );
      // Like the engine: the paid link stays shown with the receipt until staff move on.
      const sale = state.lastSale;
      state.link = { ...link, status: 'paid', phase: 'paid', saleId: sale?.id ?? null, paidAt: new Date().toISOString(), expiresAtMs: null };
      changed();
    },
    expired() {
      end('expired', 'The payment link expired; the held spots were released.');
    },
  };

  /** Called when the connection changes: a queued cancel reaches the "server" once the register is back. */
  const onConnection = () => {
    if (state.link?.phase === 'cancel_queued' && state.connection.kind !== 'offline') {
      end('canceled', 'The payment link was canceled; the held spots were released.');
    }
  };

  return { handlers, controls, onConnection, acknowledge };
}
