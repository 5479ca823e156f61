import { describe, expect, it } from 'vitest';
import type { CatalogItem, PricedLine } from '../../shared/contract/entities';
import type { LinkView } from '../../shared/contract/register-view';
import { refusalHelp } from '../../renderer/src/features/payment-link/link-refusal';
import type { ConnectionState, LinkPhase } from '../../shared/contract/register-view';
import { deliveryText, linkStage, outboxWords, phaseSentence, trayMark } from '../../renderer/src/features/payment-link/link-state';

const link = (over: Partial<LinkView>): LinkView => ({
  localId: 'loc1',
  id: 'lnk1',
  url: 'http://x/demo-studio/i/lnk1',
  phase: 'waiting',
  status: 'pending',
  clientName: 'Maya Chen',
  totalCents: 4700,
  currency: 'USD',
  expiresAt: null,
  expiresInMs: 900_000,
  resendCount: 0,
  deliveries: [],
  saleId: null,
  onScreen: true,
  payment: null,
  activity: [],
  ...over,
});
const PHASES: LinkPhase[] = ['sending', 'waiting', 'resending', 'cancel_queued', 'given_up', 'paid', 'expired', 'canceled', 'unknown'];
const offline: ConnectionState = { kind: 'offline', since: 0 };
const live: ConnectionState = { kind: 'live', since: 0 };

describe('link stage', () => {
  it('tells an active link (waiting, sending, resending, cancel queued) from a paid or ended one', () => {
    expect(linkStage(null).kind).toBe('none');
    for (const phase of ['waiting', 'sending', 'resending', 'cancel_queued'] as const) expect(linkStage(link({ phase })).kind).toBe('waiting');
    expect(linkStage(link({ phase: 'paid', status: 'paid' })).kind).toBe('paid');
    for (const phase of ['expired', 'canceled', 'given_up', 'unknown', 'refused'] as const) expect(linkStage(link({ phase })).kind).toBe('ended');
  });

  it('says where a link stands in one sentence per phase, never two at once', () => {
    const sentences = PHASES.map((phase) => phaseSentence(phase, offline));
    expect(phaseSentence('waiting', offline)).toBeNull();
    expect(phaseSentence('cancel_queued', offline)).toBe('Cancel queued — it is sent when the server is back');
    expect(phaseSentence('cancel_queued', live)).toBe('Canceling — waiting for the server to confirm');
    // Each phase has its own words.
    expect(new Set(sentences.filter((s) => s !== null)).size).toBe(PHASES.length - 1);
    expect(PHASES.map((phase) => trayMark(link({ phase })))).toEqual([
      'Sending…',
      null,
      'Sending again…',
      'Cancel queued',
      'Stopped waiting',
      'Paid — recording…',
      'Expired',
      'Canceled',
      'Closed',
    ]);
  });

  it('says what waits to sync in words, singular and plural', () => {
    const none = { cashSales: 0, cardSales: 0, links: 0, resends: 0, cancels: 0 };
    expect(outboxWords(none)).toBeNull();
    expect(outboxWords({ ...none, cashSales: 1, cancels: 1 })).toBe('1 cash sale, 1 cancel waiting to sync');
    expect(outboxWords({ ...none, cashSales: 2, cardSales: 1, links: 1, resends: 2 })).toBe(
      '2 cash sales, 1 card sale, 1 payment link, 2 resends waiting to sync',
    );
  });

  it('says each delivery in words, with the reason of a failure', () => {
    expect(deliveryText({ channel: 'sms', to: '+12125550123', status: 'sent' })).toBe('SMS to (212) 555-0123: sent');
    expect(deliveryText({ channel: 'email', to: 'maya@example.com', status: 'queued' })).toBe('Email to maya@example.com: sending…');
    expect(deliveryText({ channel: 'email', to: 'maya@example.com', status: 'failed', error: 'Mailbox full' })).toBe(
      'Email to maya@example.com: failed — Mailbox full',
    );
  });
});

describe('refusal help', () => {
  const session = { id: 'ses-ref', startsAt: '2026-03-04T14:00:00.000Z', durationMin: 50, capacity: 12, booked: 0, held: 1, seats: [] };
  const items: CatalogItem[] = [{ id: 'item-ref', kind: 'class', name: 'Reformer Pilates', priceCents: 3500, sessions: [session] }];
  const seatLine: PricedLine = {
    id: 'l1',
    itemId: 'item-ref',
    quantity: 1,
    sessionId: 'ses-ref',
    seatId: 'r3',
    seatLabel: 'R3',
    kind: 'class',
    name: 'Reformer Pilates',
    unitCents: 3500,
    totalCents: 3500,
    startsAt: session.startsAt,
  };
  const refused = (code: string, details?: Record<string, unknown>) => ({ code, message: 'refused', details });

  it('offers the seat picker of the session when another link holds the seat', () => {
    const help = refusalHelp(refused('seat_unavailable', { sessionId: 'ses-ref', seatId: 'r3' }), [seatLine], items);
    expect(help).toMatchObject({ kind: 'pick_seat', line: { id: 'l1' }, session: { id: 'ses-ref' } });
  });

  it('names the full line, and says prices were refreshed on a total mismatch', () => {
    expect(refusalHelp(refused('capacity_unavailable', { sessionId: 'ses-ref' }), [seatLine], items)).toMatchObject({ kind: 'full', line: { id: 'l1' } });
    expect(refusalHelp(refused('total_mismatch', { expectedCents: 4000 }), [seatLine], items)).toEqual({ kind: 'prices_refreshed' });
    expect(refusalHelp(refused('invalid_contact'), [seatLine], items)).toEqual({ kind: 'none' });
    expect(refusalHelp(null, [seatLine], items)).toEqual({ kind: 'none' });
  });
});
