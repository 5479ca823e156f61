import { z } from 'zod';
import type { ErrorCode } from '../../shared/contract/errors';

// The whole local life of one payment link (DESIGN.md section 6): one tagged union, persisted as one state, and one
// pure step `(state, input) → { state, effects }` for every input the register can receive about it — staff
// commands, what the server says (pushed event, poll read, command answer, not found, cannot be asked), outbox
// outcomes and the give-up timer. The interpreter (link-interpreter.ts) saves the next state and carries out its
// effects in one SQLite transaction. The server is the judge: the register only gives up without its word by the
// one rule in `mayGiveUp`.

/** After expiresAt, how long the register waits before it trusts that a link is dead without the server's word. */
export const EXPIRY_SAFETY_MARGIN_MS = 60_000;

const Id = z.string().min(1).max(64);
const Ms = z.number().int();

export const LinkStateSchema = z.discriminatedUnion('kind', [
  /** The create is in the outbox; the server's answer (and so its id and deadline) is not known yet. */
  z.object({ kind: z.literal('creating') }).strict(),
  /** Pending on the server; `resending` while a resend is written here and not yet answered. */
  z.object({ kind: z.literal('waiting'), serverId: Id, expiresAt: Ms, pendingSeenAt: Ms, resending: z.boolean() }).strict(),
  /**
   * Staff canceled; the cancel is in the outbox (or, with no serverId yet, waits for the create's answer). The cart
   * stays locked: the client may still pay until the server confirms.
   */
  z.object({ kind: z.literal('cancel_queued'), serverId: Id.nullable(), expiresAt: Ms.nullable(), pendingSeenAt: Ms.nullable() }).strict(),
  /** Canceled here while the server was out of reach and safely past its deadline: the cart is open, the server's word awaited. */
  z.object({ kind: z.literal('given_up'), serverId: Id, expiresAt: Ms, dismissed: z.boolean() }).strict(),
  /** Ended without payment: canceled or expired on the server, or unknown to it. The cart is open again. */
  z
    .object({
      kind: z.literal('closed'),
      // refused: the server refused the create (nothing was made there) while nobody waited at the desk for it.
      outcome: z.enum(['canceled', 'expired', 'unknown', 'refused']),
      serverId: Id.nullable(),
      dismissed: z.boolean(),
    })
    .strict(),
  /** Paid on the server. `saleRecorded` once its sale is here (receipt, roster); `late` when the cart had been opened before. */
  z
    .object({
      kind: z.literal('paid'),
      serverId: Id,
      saleId: Id.nullable(),
      saleRecorded: z.boolean(),
      late: z.boolean(),
      dismissed: z.boolean(),
    })
    .strict(),
]);
export type LinkState = z.infer<typeof LinkStateSchema>;
export type LinkStateKind = LinkState['kind'];
export const LINK_STATE_KINDS = ['creating', 'waiting', 'cancel_queued', 'given_up', 'closed', 'paid'] as const satisfies readonly LinkStateKind[];

/** Send payment link: the new link starts creating (its create command written beside it) and locks its cart. */
export const SEND_STEP: Step = { state: { kind: 'creating' }, effects: [{ kind: 'lock_cart' }] };

/** What the server says of the link: its status, deadline (server ms) and sale. */
export type ServerFacts = { serverId: string; status: 'pending' | 'paid' | 'canceled' | 'expired'; expiresAt: number; saleId: string | null };

/** What the register can vouch for when it would decide alone: HTTP failing, and a server time not resting on the PC clock. */
export type GiveUpJudgement = { trustedServerNow: number | null; offline: boolean };

export type LinkCommandKind = 'create' | 'resend' | 'cancel';

export type LinkInput =
  // Staff commands
  | { type: 'send' }
  | { type: 'resend'; serverNow: number }
  /** `createSent`: the create has been attempted at least once (it may exist on the server). */
  | { type: 'cancel'; createSent: boolean }
  | { type: 'dismiss' }
  | { type: 'park' }
  /** Reopen the cart of an ended link for editing or another payment method. */
  | { type: 'open' }
  // Server knowledge
  /** `seenAt`: server time the facts are as of; `saleKnown`: the facts' sale is in the local database. */
  | { type: 'server'; facts: ServerFacts; seenAt: number; saleKnown: boolean }
  /** The link's sale arrived (a sale.created event or GET /sales/:id): it proves the payment. */
  | { type: 'sale_recorded'; saleId: string }
  | { type: 'not_found' }
  /** The server could not be asked (a poll, or the give-up deadline's timer, found it out of reach). */
  | { type: 'unreachable'; judgement: GiveUpJudgement }
  // Outbox outcomes
  | { type: 'answered'; command: LinkCommandKind; facts: ServerFacts | null; seenAt: number; saleKnown: boolean }
  /** `awaited`: the staff member who sent it is waiting for the answer (the dialog shows the refusal). */
  | {
      type: 'refused';
      command: LinkCommandKind;
      code: string;
      message: string;
      facts: ServerFacts | null;
      seenAt: number;
      saleKnown: boolean;
      awaited: boolean;
    };
export type LinkInputType = LinkInput['type'];
export const LINK_INPUT_TYPES = [
  'send',
  'resend',
  'cancel',
  'dismiss',
  'park',
  'open',
  'server',
  'sale_recorded',
  'not_found',
  'unreachable',
  'answered',
  'refused',
] as const satisfies readonly LinkInputType[];

type NoticeEffect = { kind: 'notice'; level: 'info' | 'warning' | 'error'; message: string };
export type LinkEffect =
  | { kind: 'enqueue'; command: 'resend' | 'cancel' }
  /** Cancel before the create was ever sent: the create and the local link both go (nothing exists on the server). */
  | { kind: 'discard' }
  /** The server refused the create: nothing was made there; the local link goes. */
  | { kind: 'forget' }
  | { kind: 'lock_cart' }
  | { kind: 'unlock_cart' }
  /** The link's sale is here: the cart becomes a sale (receipt shown when on screen; a notice when parked). */
  | { kind: 'complete_sale'; late: boolean }
  | NoticeEffect
  /** Paid after the register had opened the cart: staff are told plainly (with the client, amount and receipt). */
  | { kind: 'late_payment_notice' }
  | { kind: 'activity'; key: string; message: string }
  | { kind: 'park_cart' }
  | { kind: 'reopen_cart' }
  /** The staff command is not allowed in this state: nothing changes, the person is told why. */
  | { kind: 'refuse'; code: ErrorCode; message: string };

export type Step = { state: LinkState; effects: LinkEffect[] };

export const LINK_MESSAGES = {
  expired: 'The payment link expired; the held spots were released.',
  canceled: 'The payment link was canceled; the held spots were released.',
  unknownToServer: 'The server does not know this payment link any more; the cart is open again.',
  givenUp:
    'The payment link was canceled while the register could not reach the server, and its time has run out, so the cart ' +
    'is open again. If the server later reports that the client paid, the register will record the sale and tell you.',
  paidBeforeCancel: 'The client paid before the cancel reached the server, so the sale is complete.',
} as const;

/** Whether the link keeps its cart locked: the server may still take payment and the register has not given up. */
export function locksCart(state: LinkState): boolean {
  return state.kind === 'creating' || state.kind === 'waiting' || state.kind === 'cancel_queued';
}

/**
 * Whether the link holds its cart: locked while the server may take payment, and still held once paid until its sale
 * is here (the cart is about to become that sale; it must not be edited, sold again, or sent another link).
 */
export function holdsCart(state: LinkState): boolean {
  return locksCart(state) || (state.kind === 'paid' && !state.saleRecorded && !state.late);
}

/** Shown in the tray: every link not yet dismissed. */
export function isInTray(state: LinkState): boolean {
  return !('dismissed' in state) || !state.dismissed;
}

export function serverIdOf(state: LinkState): string | null {
  return 'serverId' in state ? state.serverId : null;
}

/** The give-up rule: offline, past expiresAt + margin by a trusted server time, and the server never said pending after that. */
function mayGiveUp(state: Extract<LinkState, { kind: 'cancel_queued' }>, judgement: GiveUpJudgement): boolean {
  if (state.serverId === null || state.expiresAt === null || !judgement.offline || judgement.trustedServerNow === null) return false;
  const deadline = state.expiresAt + EXPIRY_SAFETY_MARGIN_MS;
  const payableAfterDeadline = state.pendingSeenAt !== null && state.pendingSeenAt >= deadline;
  return !payableAfterDeadline && judgement.trustedServerNow >= deadline;
}

/** When the give-up timer should next look at this link (server ms), or null. */
export function giveUpDeadline(state: LinkState): number | null {
  return state.kind === 'cancel_queued' && state.serverId !== null && state.expiresAt !== null ? state.expiresAt + EXPIRY_SAFETY_MARGIN_MS : null;
}

const same = (state: LinkState): Step => ({ state, effects: [] });
const refuse = (state: LinkState, code: ErrorCode, message: string): Step => ({ state, effects: [{ kind: 'refuse', code, message }] });

export function stepLink(state: LinkState, input: LinkInput): Step {
  switch (input.type) {
    case 'send':
      return locksCart(state)
        ? refuse(state, 'link_already_active', 'A payment link is already waiting for this cart. Cancel it first to send a new one.')
        : refuse(state, 'invalid_request', 'This payment link has ended. Send a new link from the cart.');
    case 'resend':
      return onResend(state, input.serverNow);
    case 'cancel':
      return onCancel(state, input.createSent);
    case 'dismiss':
      if (locksCart(state)) return refuse(state, 'link_active', 'The link is still waiting for payment. Cancel it first.');
      if (holdsCart(state)) return refuse(state, 'link_active', 'The client has paid; the sale is being recorded. It leaves the list once it is.');
      return 'dismissed' in state ? same({ ...state, dismissed: true }) : same(state);
    case 'park':
      // A paid link whose sale is on its way may be parked too: the sale completes in the tray.
      if (!holdsCart(state)) return refuse(state, 'invalid_request', 'This payment link has ended; its cart is open on the screen.');
      return { state, effects: [{ kind: 'park_cart' }] };
    case 'open':
      if (state.kind !== 'closed' && state.kind !== 'given_up') {
        return refuse(state, 'invalid_request', locksCart(state) ? 'The link is still waiting for payment. Cancel it first.' : 'This cart became a sale.');
      }
      return { state: { ...state, dismissed: true }, effects: [{ kind: 'reopen_cart' }] };
    case 'server':
      return onServerFacts(state, input.facts, input.seenAt, input.saleKnown);
    case 'sale_recorded': {
      const serverId = serverIdOf(state);
      if (serverId === null) return same(state);
      return onPaid(state, { serverId, status: 'paid', expiresAt: 0, saleId: input.saleId }, true);
    }
    case 'not_found':
      return onNotFound(state);
    case 'unreachable':
      return state.kind === 'cancel_queued' && mayGiveUp(state, input.judgement) ? giveUp(state) : same(state);
    case 'answered':
      return onAnswered(state, input);
    case 'refused':
      return onRefused(state, input);
  }
}

function onResend(state: LinkState, serverNow: number): Step {
  switch (state.kind) {
    case 'waiting':
      if (state.resending) return refuse(state, 'invalid_request', 'The link is being sent again. Wait for it to show as sent.');
      if (state.expiresAt <= serverNow) return refuse(state, 'link_not_payable', 'This link has run out of time. Cancel it and send a new one.');
      return { state: { ...state, resending: true }, effects: [{ kind: 'enqueue', command: 'resend' }] };
    case 'creating':
      return refuse(state, 'invalid_request', 'The link is still being sent. Resend it once it shows as sent.');
    case 'cancel_queued':
      return refuse(state, 'invalid_request', 'This link is being canceled; it cannot be sent again.');
    default:
      return refuse(state, 'link_not_payable', 'This payment link has ended; it cannot be sent again.');
  }
}

function onCancel(state: LinkState, createSent: boolean): Step {
  switch (state.kind) {
    case 'creating':
      // Never sent: nothing exists on the server, so the link simply goes.
      if (!createSent) return { state, effects: [{ kind: 'discard' }, { kind: 'unlock_cart' }] };
      return same({ kind: 'cancel_queued', serverId: null, expiresAt: null, pendingSeenAt: null });
    case 'waiting':
      return {
        state: { kind: 'cancel_queued', serverId: state.serverId, expiresAt: state.expiresAt, pendingSeenAt: state.pendingSeenAt },
        effects: [{ kind: 'enqueue', command: 'cancel' }],
      };
    case 'cancel_queued':
      return same(state);
    default:
      return refuse(state, 'not_found', 'There is no payment link waiting for this cart.');
  }
}

function giveUp(state: Extract<LinkState, { kind: 'cancel_queued' }>): Step {
  return {
    state: { kind: 'given_up', serverId: state.serverId!, expiresAt: state.expiresAt!, dismissed: false },
    effects: [
      { kind: 'unlock_cart' },
      { kind: 'activity', key: 'given-up', message: 'Stopped waiting: the link has run out of time' },
      { kind: 'notice', level: 'warning', message: LINK_MESSAGES.givenUp },
    ],
  };
}

function onNotFound(state: LinkState): Step {
  // A create not yet answered: the outbox settles it (same idempotency key), never a second link.
  if ((state.kind === 'waiting' || state.kind === 'cancel_queued') && state.serverId !== null) {
    return close(state, 'unknown', state.serverId, { kind: 'notice', level: 'info', message: LINK_MESSAGES.unknownToServer });
  }
  return same(state);
}

function close(state: LinkState, outcome: 'canceled' | 'expired' | 'unknown', serverId: string | null, notice: NoticeEffect | null): Step {
  const effects: LinkEffect[] = locksCart(state) ? [{ kind: 'unlock_cart' }] : [];
  if (notice) effects.push(notice);
  return { state: { kind: 'closed', outcome, serverId, dismissed: false }, effects };
}

function onServerFacts(state: LinkState, facts: ServerFacts, seenAt: number, saleKnown: boolean): Step {
  if (facts.status === 'paid') return onPaid(state, facts, saleKnown);
  if (facts.status === 'canceled' || facts.status === 'expired') {
    switch (state.kind) {
      case 'creating':
      case 'waiting':
        return close(state, facts.status, facts.serverId, { kind: 'notice', level: 'info', message: LINK_MESSAGES[facts.status] });
      case 'cancel_queued':
        // Staff asked for this end: the panel says it; an expiry that came first is still worth a sentence.
        return close(state, facts.status, facts.serverId, { kind: 'notice', level: 'info', message: LINK_MESSAGES[facts.status] });
      case 'given_up':
        // The end the register had already assumed: mirrored quietly.
        return same({ kind: 'closed', outcome: facts.status, serverId: facts.serverId, dismissed: state.dismissed });
      case 'closed':
        // Terminal on the server never changes; a link the server had not found keeps what it learned now.
        return state.outcome === 'unknown' ? same({ ...state, outcome: facts.status }) : same(state);
      case 'paid':
        return same(state);
    }
  }
  // Pending on the server: an older read cannot undo an end the register already learned.
  switch (state.kind) {
    case 'creating':
      return same({ kind: 'waiting', serverId: facts.serverId, expiresAt: facts.expiresAt, pendingSeenAt: seenAt, resending: false });
    case 'waiting':
      return same({ ...state, serverId: facts.serverId, expiresAt: facts.expiresAt, pendingSeenAt: Math.max(state.pendingSeenAt, seenAt) });
    case 'cancel_queued': {
      const next = { ...state, serverId: facts.serverId, expiresAt: facts.expiresAt, pendingSeenAt: Math.max(state.pendingSeenAt ?? seenAt, seenAt) };
      // The create took effect: the cancel that waited for the server's id goes out now.
      return state.serverId === null ? { state: next, effects: [{ kind: 'enqueue', command: 'cancel' }] } : same(next);
    }
    default:
      return same(state);
  }
}

function onPaid(state: LinkState, facts: ServerFacts, saleKnown: boolean): Step {
  if (state.kind === 'paid') {
    const saleId = state.saleId ?? facts.saleId;
    if (state.saleRecorded || !saleKnown || saleId === null) return same(saleId === state.saleId ? state : { ...state, saleId });
    return { state: { ...state, saleId, saleRecorded: true }, effects: completion(state.late) };
  }
  // The register had opened the cart (given up, or told it ended): the sale is recorded and staff told plainly.
  const late = state.kind === 'given_up' || state.kind === 'closed';
  const saleRecorded = saleKnown && facts.saleId !== null;
  const next: LinkState = { kind: 'paid', serverId: facts.serverId, saleId: facts.saleId, saleRecorded, late, dismissed: false };
  const effects: LinkEffect[] = saleRecorded ? completion(late) : [];
  if (state.kind === 'cancel_queued') effects.push({ kind: 'notice', level: 'info', message: LINK_MESSAGES.paidBeforeCancel });
  return { state: next, effects };
}

/** The sale is here: it completes; a late one is told plainly then, with its receipt. */
function completion(late: boolean): LinkEffect[] {
  return late ? [{ kind: 'complete_sale', late }, { kind: 'late_payment_notice' }] : [{ kind: 'complete_sale', late }];
}

function onAnswered(state: LinkState, input: Extract<LinkInput, { type: 'answered' }>): Step {
  const settled = input.command === 'resend' && state.kind === 'waiting' ? { ...state, resending: false } : state;
  return input.facts ? onServerFacts(settled, input.facts, input.seenAt, input.saleKnown) : same(settled);
}

function onRefused(state: LinkState, input: Extract<LinkInput, { type: 'refused' }>): Step {
  // The refusal may carry the link as the server has it (409 already_paid, 422 link_not_payable): that is the truth.
  const tell = (message: string): LinkEffect[] => (input.awaited ? [] : [{ kind: 'notice', level: 'error', message }]);
  if (input.command === 'create') {
    if (state.kind !== 'creating' && state.kind !== 'cancel_queued') return same(state);
    if (state.kind === 'cancel_queued' && state.serverId !== null) return same(state);
    // Someone at the desk waits for the answer: the dialog says why, and the cart is right there. Otherwise (the cart
    // may be parked by now) the link stays in the tray, refused, so its cart can be found and reopened.
    if (input.awaited) return { state, effects: [{ kind: 'forget' }, { kind: 'unlock_cart' }] };
    return {
      state: { kind: 'closed', outcome: 'refused', serverId: null, dismissed: false },
      effects: [{ kind: 'unlock_cart' }, ...tell(`The payment link could not be sent: ${input.message} The cart is open again.`)],
    };
  }
  const settled = input.command === 'resend' && state.kind === 'waiting' ? { ...state, resending: false } : state;
  const after = input.facts ? onServerFacts(settled, input.facts, input.seenAt, input.saleKnown) : same(settled);
  if (input.command === 'resend')
    return { state: after.state, effects: [...after.effects, ...tell(`The payment link could not be sent again: ${input.message}`)] };
  // A refused cancel: the link is as the server says (already paid), or, still payable, waiting for payment again.
  // A cancel still waiting for the create's answer was never sent, so nothing of it can be refused.
  if (state.kind !== 'cancel_queued' || state.serverId === null || after.state.kind !== 'cancel_queued' || after.state.serverId === null) return after;
  const back: LinkState = {
    kind: 'waiting',
    serverId: after.state.serverId,
    expiresAt: after.state.expiresAt ?? 0,
    pendingSeenAt: after.state.pendingSeenAt ?? 0,
    resending: false,
  };
  return { state: back, effects: [...after.effects, ...tell(`The payment link could not be canceled: ${input.message} It is still waiting for payment.`)] };
}
