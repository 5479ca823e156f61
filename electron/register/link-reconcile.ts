import type { Link, LinkStatus } from '../../shared/contract/entities';
import { isTerminal } from '../../shared/domain/link-lifecycle';

// The one decision of reconciliation (DESIGN.md section 6): given what the register believes about a payment link
// and what the server says now, what to do. Pure, so every combination is tested on its own
// (test/register/link-reconcile.test.ts). Events, polls, command answers and restarts all go through it.

/** After expiresAt, how long the register waits before it trusts that a link is dead without the server's word. */
export const EXPIRY_SAFETY_MARGIN_MS = 60_000;

export type PendingCommand = 'create' | 'resend' | 'cancel';

export type LocalLinkState = {
  /** The server's status as last mirrored here ('pending' until the server says otherwise). */
  status: LinkStatus;
  pendingCommand: PendingCommand | null;
  serverId: string | null;
  /** Server-clock ms, once the server has answered the create. */
  expiresAt: number | null;
  /** The register unlocked the cart without the server's word. */
  givenUp: boolean;
  /** The paid link's sale is recorded here (receipt, cart closed). */
  completed: boolean;
  /** Server time of the latest server read that said pending (null: none). */
  pendingSeenAt: number | null;
};

/**
 * What the register can vouch for when it would decide alone (give up on a cancel it could not deliver).
 * Giving up opens a cart whose link may still be paid, so it needs both: HTTP to the server failing (the connection
 * is `offline`; while the server answers, its word is awaited and the cancel retried), and a server time that does
 * not rest on the PC's wall clock (ServerClock.trustedNow; null after a restart until an answer or the monotonic
 * clock vouches for it).
 */
export type GiveUpJudgement = { serverNow: number | null; offline: boolean };

export type ServerKnowledge =
  | { kind: 'found'; link: Pick<Link, 'status' | 'expiresAt' | 'saleId'> }
  | { kind: 'not_found' }
  /** The server could not be asked (offline, timeout). */
  | { kind: 'unknown' };

export type LinkAction =
  /** Paid while the register was waiting: the sale completes like any sale. */
  | { kind: 'complete_sale'; saleId: string | null }
  /** Paid after the register had given up on it: record the sale and tell staff plainly. */
  | { kind: 'record_late_payment'; saleId: string | null }
  /** Canceled or expired on the server: the cart opens again, with a message. */
  | { kind: 'unlock'; status: 'canceled' | 'expired'; message: string }
  /** The server confirms the end the register had already assumed: mirror it quietly. */
  | { kind: 'confirm_closed'; status: 'canceled' | 'expired' }
  /** Still pending on the server: keep the countdown on the server's deadline. */
  | { kind: 'rearm'; expiresAt: number }
  /** The server's id is not known yet, or the server cannot be asked: wait (the countdown goes on). */
  | { kind: 'keep_waiting' }
  /** A cancel made offline and the deadline safely past: open the cart without the server's word. */
  | { kind: 'give_up'; message: string }
  | { kind: 'none' };

export const UNLOCK_MESSAGES = {
  expired: 'The payment link expired; the held spots were released.',
  canceled: 'The payment link was canceled; the held spots were released.',
  unknownToServer: 'The server does not know this payment link any more; the cart is open again.',
  givenUp:
    'The payment link was canceled while the register could not reach the server, and its time has run out, so the cart ' +
    'is open again. If the server later reports that the client paid, the register will record the sale and tell you.',
} as const;

export function reconcileLink(local: LocalLinkState, server: ServerKnowledge, judgement: GiveUpJudgement): LinkAction {
  if (server.kind === 'found') {
    const remote = server.link;
    if (remote.status === 'paid') {
      if (local.completed) return { kind: 'none' };
      // The register had opened the cart (given up, or told it ended): the sale is recorded and staff are told.
      if (local.givenUp || local.status === 'canceled' || local.status === 'expired') {
        return { kind: 'record_late_payment', saleId: remote.saleId ?? null };
      }
      return { kind: 'complete_sale', saleId: remote.saleId ?? null };
    }
    if (remote.status === 'canceled' || remote.status === 'expired') {
      if (local.givenUp) return local.status === remote.status ? { kind: 'none' } : { kind: 'confirm_closed', status: remote.status };
      // Terminal states never change: what the register already mirrors stays.
      if (isTerminal(local.status)) return { kind: 'none' };
      return { kind: 'unlock', status: remote.status, message: UNLOCK_MESSAGES[remote.status] };
    }
    // Pending on the server. An older read cannot undo a terminal state the register already learned.
    if (isTerminal(local.status)) return { kind: 'none' };
    // Given up here but still payable there: the queued cancel (or the server's expiry) settles it.
    if (local.givenUp) return { kind: 'keep_waiting' };
    return { kind: 'rearm', expiresAt: Date.parse(remote.expiresAt) };
  }
  if (isTerminal(local.status) || local.givenUp) return { kind: 'none' };
  if (server.kind === 'not_found') {
    // A create not yet answered: the outbox settles it (same idempotency key), never a second link.
    if (local.serverId === null || local.pendingCommand === 'create') return { kind: 'keep_waiting' };
    return { kind: 'unlock', status: 'canceled', message: UNLOCK_MESSAGES.unknownToServer };
  }
  if (local.pendingCommand === 'cancel' && local.expiresAt !== null) {
    const deadline = local.expiresAt + EXPIRY_SAFETY_MARGIN_MS;
    // The server said pending after the deadline (its expiry or our cancel could not close the link): still payable.
    const payableAfterDeadline = local.pendingSeenAt !== null && local.pendingSeenAt >= deadline;
    if (judgement.offline && !payableAfterDeadline && judgement.serverNow !== null && judgement.serverNow >= deadline) {
      return { kind: 'give_up', message: UNLOCK_MESSAGES.givenUp };
    }
  }
  return { kind: 'keep_waiting' };
}

/** Whether the link keeps its cart locked: pending on the server (and not given up), or a create/cancel in flight. */
export function locksCart(local: Pick<LocalLinkState, 'status' | 'pendingCommand' | 'givenUp'>): boolean {
  if (local.givenUp) return false;
  return local.status === 'pending' || local.pendingCommand === 'create' || local.pendingCommand === 'cancel';
}
