import { describe, expect, it } from 'vitest';
import type { LinkStatus } from '../../shared/contract/entities';
import {
  EXPIRY_SAFETY_MARGIN_MS,
  UNLOCK_MESSAGES,
  locksCart,
  reconcileLink,
  type GiveUpJudgement,
  type LinkAction,
  type LocalLinkState,
  type PendingCommand,
  type ServerKnowledge,
} from '../../electron/register/link-reconcile';

// reconcileLink: every combination of what the register believes and what the server says (or cannot say).

const NOW = Date.parse('2026-03-02T15:00:00.000Z');
const EXPIRES = NOW + 5 * 60_000;

const local = (over: Partial<LocalLinkState> = {}): LocalLinkState => ({
  status: 'pending',
  pendingCommand: null,
  serverId: 'lnk_1',
  expiresAt: EXPIRES,
  givenUp: false,
  completed: false,
  pendingSeenAt: null,
  ...over,
});
const found = (status: LinkStatus, saleId?: string): ServerKnowledge => ({
  kind: 'found',
  link: { status, expiresAt: new Date(EXPIRES).toISOString(), ...(saleId ? { saleId } : {}) },
});
const NOT_FOUND: ServerKnowledge = { kind: 'not_found' };
const UNKNOWN: ServerKnowledge = { kind: 'unknown' };
const afterDeadline = EXPIRES + EXPIRY_SAFETY_MARGIN_MS;

// serverNow is the trusted server time (ServerClock.trustedNow); rows are judged offline unless they say otherwise.
type Row = [name: string, local: LocalLinkState, server: ServerKnowledge, serverNow: number | null, expected: LinkAction, judgement?: Partial<GiveUpJudgement>];
const GIVE_UP: LinkAction = { kind: 'give_up', message: UNLOCK_MESSAGES.givenUp };
const KEEP: LinkAction = { kind: 'keep_waiting' };
const cancelQueued = local({ pendingCommand: 'cancel' });

const table: Row[] = [
  // the server says paid
  ['paid while waiting → complete the sale', local(), found('paid', 'sale_1'), NOW, { kind: 'complete_sale', saleId: 'sale_1' }],
  ['paid while a resend was in flight → complete', local({ pendingCommand: 'resend' }), found('paid', 'sale_1'), NOW, { kind: 'complete_sale', saleId: 'sale_1' }],
  ['paid while a cancel was in flight → complete (the client won the race)', local({ pendingCommand: 'cancel' }), found('paid', 'sale_1'), NOW, { kind: 'complete_sale', saleId: 'sale_1' }],
  ['paid, create answer lost → complete', local({ pendingCommand: 'create', serverId: null, expiresAt: null }), found('paid', 'sale_1'), NOW, { kind: 'complete_sale', saleId: 'sale_1' }],
  ['paid, already known paid but sale not recorded yet → complete', local({ status: 'paid' }), found('paid', 'sale_1'), NOW, { kind: 'complete_sale', saleId: 'sale_1' }],
  ['paid, sale already recorded → nothing', local({ status: 'paid', completed: true }), found('paid', 'sale_1'), NOW, { kind: 'none' }],
  ['paid after the register gave up → record it and tell staff', local({ givenUp: true, pendingCommand: 'cancel' }), found('paid', 'sale_1'), afterDeadline, { kind: 'record_late_payment', saleId: 'sale_1' }],
  ['late payment already recorded → nothing', local({ givenUp: true, status: 'paid', completed: true }), found('paid', 'sale_1'), afterDeadline, { kind: 'none' }],
  // the server says canceled / expired
  ['expired while waiting → unlock with the message', local(), found('expired'), afterDeadline, { kind: 'unlock', status: 'expired', message: UNLOCK_MESSAGES.expired }],
  ['canceled (our cancel confirmed) → unlock', local({ pendingCommand: 'cancel' }), found('canceled'), NOW, { kind: 'unlock', status: 'canceled', message: UNLOCK_MESSAGES.canceled }],
  ['canceled elsewhere while a resend was queued → unlock', local({ pendingCommand: 'resend' }), found('canceled'), NOW, { kind: 'unlock', status: 'canceled', message: UNLOCK_MESSAGES.canceled }],
  ['expired, already mirrored → nothing', local({ status: 'expired' }), found('expired'), afterDeadline, { kind: 'none' }],
  ['canceled, already mirrored → nothing', local({ status: 'canceled' }), found('canceled'), NOW, { kind: 'none' }],
  ['given up, server confirms canceled → confirm quietly', local({ givenUp: true, pendingCommand: 'cancel' }), found('canceled'), afterDeadline, { kind: 'confirm_closed', status: 'canceled' }],
  ['given up, server says expired → confirm quietly', local({ givenUp: true, pendingCommand: 'cancel' }), found('expired'), afterDeadline, { kind: 'confirm_closed', status: 'expired' }],
  ['given up and already confirmed → nothing', local({ givenUp: true, status: 'expired' }), found('expired'), afterDeadline, { kind: 'none' }],
  // the server says pending
  ['pending while waiting → re-arm on the server deadline', local({ expiresAt: null }), found('pending'), NOW, { kind: 'rearm', expiresAt: EXPIRES }],
  ['pending, create answer lost → re-arm', local({ pendingCommand: 'create', serverId: null, expiresAt: null }), found('pending'), NOW, { kind: 'rearm', expiresAt: EXPIRES }],
  ['pending while our cancel is queued → re-arm (the cancel is in the outbox)', local({ pendingCommand: 'cancel' }), found('pending'), NOW, { kind: 'rearm', expiresAt: EXPIRES }],
  ['pending, but we already know it is paid (stale read) → nothing', local({ status: 'paid' }), found('pending'), NOW, { kind: 'none' }],
  ['pending, but we already know it expired (stale read) → nothing', local({ status: 'expired' }), found('pending'), NOW, { kind: 'none' }],
  ['pending on the server after we gave up → keep waiting for the queued cancel', local({ givenUp: true, pendingCommand: 'cancel' }), found('pending'), afterDeadline, { kind: 'keep_waiting' }],
  // the server does not know it
  ['not found, create never answered → keep waiting (the outbox settles it)', local({ pendingCommand: 'create', serverId: null, expiresAt: null }), NOT_FOUND, NOW, { kind: 'keep_waiting' }],
  ['not found, a cancel asked while creating → keep waiting', local({ pendingCommand: 'cancel', serverId: null, expiresAt: null }), NOT_FOUND, NOW, { kind: 'keep_waiting' }],
  ['not found for a link the server had made → unlock and say so', local(), NOT_FOUND, NOW, { kind: 'unlock', status: 'canceled', message: UNLOCK_MESSAGES.unknownToServer }],
  ['not found for a finished link → nothing', local({ status: 'canceled' }), NOT_FOUND, NOW, { kind: 'none' }],
  ['not found after giving up → nothing', local({ givenUp: true }), NOT_FOUND, NOW, { kind: 'none' }],
  // the server cannot be asked
  ['unknown while waiting → keep waiting (the countdown goes on)', local(), UNKNOWN, NOW, { kind: 'keep_waiting' }],
  ['unknown, past the deadline, no cancel → keep waiting (it may have been paid)', local(), UNKNOWN, afterDeadline + 60_000, { kind: 'keep_waiting' }],
  ['unknown, cancel queued, before the deadline → keep waiting', local({ pendingCommand: 'cancel' }), UNKNOWN, EXPIRES + 1000, { kind: 'keep_waiting' }],
  ['unknown, cancel queued, just before the safe margin → keep waiting', local({ pendingCommand: 'cancel' }), UNKNOWN, afterDeadline - 1, { kind: 'keep_waiting' }],
  ['unknown, cancel queued, deadline safely past → give up with the message', local({ pendingCommand: 'cancel' }), UNKNOWN, afterDeadline, { kind: 'give_up', message: UNLOCK_MESSAGES.givenUp }],
  ['unknown, cancel asked while creating (no deadline known) → keep waiting', local({ pendingCommand: 'cancel', serverId: null, expiresAt: null }), UNKNOWN, afterDeadline * 2, { kind: 'keep_waiting' }],
  ['unknown after giving up → nothing', local({ givenUp: true, pendingCommand: 'cancel' }), UNKNOWN, afterDeadline, { kind: 'none' }],
  ['unknown for a finished link → nothing', local({ status: 'paid', completed: true }), UNKNOWN, NOW, { kind: 'none' }],
  // giving up needs: offline, a trusted server time past the deadline, and no server read since the deadline saying pending
  ['cancel queued, deadline past, but the server answers (polling) → keep waiting, the cancel is retried', cancelQueued, UNKNOWN, afterDeadline + 600_000, KEEP, { offline: false }],
  ['cancel queued, deadline past, offline, no trusted time (restarted, no answer yet) → keep waiting', cancelQueued, UNKNOWN, null, KEEP],
  ['cancel queued, deadline past, offline, the server said pending after the deadline → keep waiting', local({ pendingCommand: 'cancel', pendingSeenAt: afterDeadline + 5000 }), UNKNOWN, afterDeadline + 600_000, KEEP],
  ['cancel queued, deadline past, offline, the server said pending exactly at the deadline → keep waiting', local({ pendingCommand: 'cancel', pendingSeenAt: afterDeadline }), UNKNOWN, afterDeadline + 1, KEEP],
  ['cancel queued, deadline past, offline, the last pending read was before the deadline → give up', local({ pendingCommand: 'cancel', pendingSeenAt: afterDeadline - 1 }), UNKNOWN, afterDeadline, GIVE_UP],
  ['cancel queued, deadline past, online, the server says pending → re-arm (locked, the cancel is retried)', cancelQueued, found('pending'), afterDeadline + 600_000, { kind: 'rearm', expiresAt: EXPIRES }, { offline: false }],
  ['cancel queued, deadline past, offline, a read says pending → re-arm, never give up', cancelQueued, found('pending'), afterDeadline + 600_000, { kind: 'rearm', expiresAt: EXPIRES }],
  ['paid although the register had mirrored it as expired (impossible on the server) → record it plainly', local({ status: 'expired' }), found('paid', 'sale_1'), NOW, { kind: 'record_late_payment', saleId: 'sale_1' }],
];

describe('reconcileLink', () => {
  it.each(table)('%s', (_name, state, server, serverNow, expected, judgement) => {
    expect(reconcileLink(state, server, { serverNow, offline: true, ...judgement })).toEqual(expected);
  });

  it('never gives up while the server answers or without a trusted time, whatever else', () => {
    const answers: ServerKnowledge[] = [found('pending'), found('paid'), found('canceled'), found('expired'), NOT_FOUND, UNKNOWN];
    for (const server of answers)
      for (const pendingSeenAt of [null, NOW, afterDeadline])
        for (const [serverNow, offline] of [[afterDeadline * 2, false], [null, true]] as const) {
          const action = reconcileLink(local({ pendingCommand: 'cancel', pendingSeenAt }), server, { serverNow, offline });
          expect(action.kind).not.toBe('give_up');
        }
  });

  it('covers every local status × server answer', () => {
    const statuses: LinkStatus[] = ['pending', 'paid', 'canceled', 'expired'];
    const answers: ServerKnowledge[] = [found('pending'), found('paid'), found('canceled'), found('expired'), NOT_FOUND, UNKNOWN];
    const commands: Array<PendingCommand | null> = [null, 'create', 'resend', 'cancel'];
    for (const status of statuses)
      for (const server of answers)
        for (const pendingCommand of commands)
          for (const givenUp of [false, true]) {
            const action = reconcileLink(local({ status, pendingCommand, givenUp }), server, { serverNow: afterDeadline, offline: true });
            const serverPaid = server.kind === 'found' && server.link.status === 'paid';
            if (serverPaid) {
              // A payment is never dropped; it is "late" exactly when the register had already opened the cart.
              const opened = givenUp || status === 'canceled' || status === 'expired';
              expect(action.kind).toBe(opened ? 'record_late_payment' : 'complete_sale');
            } else if (status !== 'pending') {
              // A terminal state the register learned never goes back to waiting or unlocking again.
              expect(['none', 'confirm_closed']).toContain(action.kind);
            }
          }
  });
});

describe('locksCart', () => {
  it.each([
    ['pending, nothing in flight', local(), true],
    ['being created', local({ pendingCommand: 'create', serverId: null }), true],
    ['cancel queued', local({ pendingCommand: 'cancel' }), true],
    ['cancel queued, server already says canceled but not applied', local({ status: 'canceled', pendingCommand: 'cancel' }), true],
    ['paid', local({ status: 'paid' }), false],
    ['expired', local({ status: 'expired' }), false],
    ['canceled', local({ status: 'canceled' }), false],
    ['given up', local({ givenUp: true, pendingCommand: 'cancel' }), false],
  ] as const)('%s → %s', (_name, state, expected) => {
    expect(locksCart(state)).toBe(expected);
  });
});
