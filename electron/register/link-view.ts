import { eq } from 'drizzle-orm';
import type { LinkPhase, LinkView } from '../../shared/contract/register-view';
import type { LinkStatus } from '../../shared/contract/entities';
import type { LocalDb } from '../../db/open-database';
import { linkActivity } from '../../db/schema';
import { ATTEMPT_KEY_PREFIX } from './link-activity';
import type { LinkState } from './link-machine';
import { serverLinkOf, stateOf, type LinkRow, type StoredDelivery } from './link-store';

// How a link is shown: its state told as one phase (so the panel never shows two contradictory lines), the
// countdown on the server-corrected clock, and its activity in time order with the end always last.

const END_KEYS = new Set(['paid', 'canceled', 'expired', 'given-up']);

function phaseOf(state: LinkState): LinkPhase {
  switch (state.kind) {
    case 'creating':
      return 'sending';
    case 'waiting':
      return state.resending ? 'resending' : 'waiting';
    case 'cancel_queued':
      return 'cancel_queued';
    case 'given_up':
      return 'given_up';
    case 'closed':
      return state.outcome;
    case 'paid':
      return 'paid';
  }
}

function statusOf(state: LinkState): LinkStatus {
  switch (state.kind) {
    case 'closed':
      return state.outcome === 'expired' ? 'expired' : 'canceled';
    case 'given_up':
      return 'canceled';
    case 'paid':
      return 'paid';
    default:
      return 'pending';
  }
}

function expiresAtOf(state: LinkState): number | null {
  if (state.kind === 'waiting' || state.kind === 'cancel_queued' || state.kind === 'given_up') return state.expiresAt;
  return null;
}

export function buildLinkView(db: LocalDb, row: LinkRow, serverNow: number, currentCartId: string | null): LinkView {
  const state = stateOf(row);
  const link = serverLinkOf(row);
  const delivery = JSON.parse(row.deliveryJson) as StoredDelivery;
  const last = (key: string) => (END_KEYS.has(key) ? 1 : 0);
  const rows = db.select().from(linkActivity).where(eq(linkActivity.linkId, row.id)).all();
  const activity = [...rows]
    .sort((a, b) => last(a.dedupeKey) - last(b.dedupeKey) || a.at.localeCompare(b.at) || a.seq - b.seq)
    .map((a) => ({ at: a.at, message: a.message }));
  const phase = phaseOf(state);
  const latestAttempt = rows
    .filter((a) => a.dedupeKey.startsWith(ATTEMPT_KEY_PREFIX))
    .sort((a, b) => a.seq - b.seq)
    .at(-1);
  const active = state.kind === 'waiting' || state.kind === 'cancel_queued';
  const expiresAt = expiresAtOf(state) ?? (link ? Date.parse(link.expiresAt) : null);
  const counting = state.kind === 'waiting' || state.kind === 'cancel_queued';
  return {
    localId: row.id,
    id: 'serverId' in state ? state.serverId : null,
    url: link?.url ?? null,
    phase,
    status: statusOf(state),
    clientName: link?.clientName ?? row.clientName,
    clientId: row.clientId,
    totalCents: link?.totalCents ?? row.totalCents,
    currency: link?.currency ?? row.currency,
    expiresAt: expiresAt !== null ? new Date(expiresAt).toISOString() : null,
    expiresInMs: counting && expiresAt !== null ? Math.max(0, Math.round(expiresAt - serverNow)) : phase === 'expired' ? 0 : null,
    resendCount: link?.resendCount ?? 0,
    deliveries:
      link?.deliveries ??
      delivery.channels.map((channel) => ({ channel, to: (channel === 'sms' ? delivery.phone : delivery.email) ?? '', status: 'queued' as const })),
    ...(link?.openedAt ? { openedAt: link.openedAt } : {}),
    ...(link?.paidAt ? { paidAt: link.paidAt } : {}),
    saleId: state.kind === 'paid' && state.saleRecorded ? state.saleId : null,
    onScreen: row.cartId === currentCartId,
    payment:
      active && latestAttempt
        ? { kind: latestAttempt.dedupeKey.endsWith(':authenticating') ? 'authenticating' : 'failed', message: latestAttempt.message }
        : null,
    activity,
  };
}
