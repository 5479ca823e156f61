import { describe, expect, it } from 'vitest';
import {
  EXPIRY_SAFETY_MARGIN_MS as MARGIN,
  LINK_INPUT_TYPES,
  LINK_MESSAGES,
  LINK_STATE_KINDS,
  LinkStateSchema,
  SEND_STEP,
  stepLink,
  type LinkCommandKind,
  type LinkEffect,
  type LinkInput,
  type LinkState,
  type ServerFacts,
} from '../../electron/register/link-machine';

// The link machine as a table: every state kind (and its meaningful variants) against every input type (and its
// meaningful variants), with the whole next state and the effects in order. A state or input added to the machine
// without a row here fails the coverage test.

const ID = 'lnk_1';
const SALE = 'sale_1';
const EXP = 1_800_000_000_000;
const DEADLINE = EXP + MARGIN;
const SEEN = EXP - 10 * 60_000; // the last pending read a fixture state knows: well before the deadline
const LATER = SEEN + 1_000; // the pending read an input brings

type Of<K extends LinkState['kind']> = Extract<LinkState, { kind: K }>;
const waiting = (over: Partial<Of<'waiting'>> = {}): LinkState => ({
  kind: 'waiting',
  serverId: ID,
  expiresAt: EXP,
  pendingSeenAt: SEEN,
  resending: false,
  ...over,
});
const queued = (over: Partial<Of<'cancel_queued'>> = {}): LinkState => ({ kind: 'cancel_queued', serverId: ID, expiresAt: EXP, pendingSeenAt: SEEN, ...over });
const givenUp = (over: Partial<Of<'given_up'>> = {}): LinkState => ({ kind: 'given_up', serverId: ID, expiresAt: EXP, dismissed: false, ...over });
const closed = (outcome: Of<'closed'>['outcome'], over: Partial<Of<'closed'>> = {}): LinkState => ({
  kind: 'closed',
  outcome,
  serverId: ID,
  dismissed: false,
  ...over,
});
const paid = (over: Partial<Of<'paid'>> = {}): LinkState => ({
  kind: 'paid',
  serverId: ID,
  saleId: SALE,
  saleRecorded: false,
  late: false,
  dismissed: false,
  ...over,
});
const NO_ID: LinkState = { kind: 'cancel_queued', serverId: null, expiresAt: null, pendingSeenAt: null };

const STATES = {
  creating: { kind: 'creating' },
  waiting: waiting(),
  'waiting(resending)': waiting({ resending: true }),
  'cancel_queued(no id)': NO_ID,
  cancel_queued: queued(),
  'cancel_queued(pending seen at deadline)': queued({ pendingSeenAt: DEADLINE }),
  'cancel_queued(pending seen just before deadline)': queued({ pendingSeenAt: DEADLINE - 1 }),
  given_up: givenUp(),
  'given_up(dismissed)': givenUp({ dismissed: true }),
  'closed(unknown)': closed('unknown'),
  'closed(canceled)': closed('canceled'),
  paid: paid(),
  'paid(no sale id)': paid({ saleId: null }),
  'paid(recorded)': paid({ saleRecorded: true }),
  'paid(late)': paid({ late: true }),
} satisfies Record<string, LinkState>;
type StateKey = keyof typeof STATES;

const facts = (status: ServerFacts['status'], saleId: string | null = null): ServerFacts => ({ serverId: ID, status, expiresAt: EXP, saleId });
const server = (f: ServerFacts, seenAt = LATER, saleKnown = false): LinkInput => ({ type: 'server', facts: f, seenAt, saleKnown });
const unreachable = (trustedServerNow: number | null, offline = true): LinkInput => ({ type: 'unreachable', judgement: { trustedServerNow, offline } });
const answered = (command: LinkCommandKind, f: ServerFacts | null): LinkInput => ({ type: 'answered', command, facts: f, seenAt: LATER, saleKnown: false });
const refused = (command: LinkCommandKind, code: string, f: ServerFacts | null = null, awaited = false): LinkInput => ({
  type: 'refused',
  command,
  code,
  message: 'Refused by the server.',
  facts: f,
  seenAt: LATER,
  saleKnown: true, // only matters with paid facts: the sale is already here
  awaited,
});

const INPUTS = {
  send: { type: 'send' },
  resend: { type: 'resend', serverNow: LATER },
  'resend(after expiry)': { type: 'resend', serverNow: EXP },
  cancel: { type: 'cancel', createSent: true },
  'cancel(never sent)': { type: 'cancel', createSent: false },
  dismiss: { type: 'dismiss' },
  park: { type: 'park' },
  open: { type: 'open' },
  'server(pending)': server(facts('pending')),
  'server(pending, older read)': server(facts('pending'), SEEN - 1_000),
  'server(pending after deadline)': server(facts('pending'), DEADLINE + 1),
  'server(paid)': server(facts('paid', SALE)),
  'server(paid, sale known)': server(facts('paid', SALE), LATER, true),
  'server(canceled)': server(facts('canceled')),
  'server(expired)': server(facts('expired')),
  sale_recorded: { type: 'sale_recorded', saleId: SALE },
  not_found: { type: 'not_found' },
  'unreachable(offline, at deadline)': unreachable(DEADLINE),
  'unreachable(offline, long past)': unreachable(DEADLINE + 3_600_000),
  'unreachable(online, long past)': unreachable(DEADLINE + 3_600_000, false),
  'unreachable(offline, just before deadline)': unreachable(DEADLINE - 1),
  'unreachable(offline, no trusted time)': unreachable(null),
  'answered(create)': answered('create', facts('pending')),
  'answered(create, no facts)': answered('create', null),
  'answered(resend)': answered('resend', facts('pending')),
  'answered(cancel)': answered('cancel', facts('canceled')),
  'answered(cancel, no facts)': answered('cancel', null),
  'refused(create)': refused('create', 'capacity_unavailable'),
  'refused(create, awaited)': refused('create', 'capacity_unavailable', null, true),
  'refused(resend)': refused('resend', 'invalid_request'),
  'refused(resend, awaited)': refused('resend', 'invalid_request', null, true),
  'refused(cancel)': refused('cancel', 'invalid_request'),
  'refused(cancel, awaited)': refused('cancel', 'invalid_request', null, true),
  'refused(cancel, already_paid)': refused('cancel', 'already_paid', facts('paid', SALE), true),
  'refused(cancel, expired)': refused('cancel', 'link_not_payable', facts('expired'), true),
} satisfies Record<string, LinkInput>;
type InputKey = keyof typeof INPUTS;

const SAME = 'same' as const; // the state does not change
type Spec = [input: InputKey, state: LinkState | typeof SAME, effects: string];
type Row = { name: string; state: StateKey; input: InputKey; expected: { state: LinkState; effects: string } };

// Effects as text: the kind plus the fields that matter (a notice names the LINK_MESSAGES entry it shows).
function effectText(effect: LinkEffect): string {
  switch (effect.kind) {
    case 'enqueue':
      return `enqueue ${effect.command}`;
    case 'refuse':
      return `refuse ${effect.code}`;
    case 'complete_sale':
      return effect.late ? 'complete_sale late' : 'complete_sale';
    case 'activity':
      return `activity ${effect.key}`;
    case 'notice': {
      const key = Object.entries(LINK_MESSAGES).find(([, message]) => message === effect.message)?.[0];
      return key ? `notice ${effect.level} ${key}` : `notice ${effect.level}`;
    }
    default:
      return effect.kind;
  }
}

const rowsOf = (state: StateKey, specs: Spec[]): Row[] =>
  specs.map(([input, next, effects]) => {
    const expected = { state: next === SAME ? STATES[state] : next, effects };
    return { name: `${state} × ${input} → ${expected.state.kind} [${effects}]`, state, input, expected };
  });

const GIVE_UP = 'unlock_cart, activity given-up, notice warning givenUp';
const PAID_BEFORE_CANCEL = 'notice info paidBeforeCancel';

const TABLE: Row[] = [
  ...rowsOf('creating', [
    ['send', SAME, 'refuse link_already_active'],
    ['resend', SAME, 'refuse invalid_request'],
    ['cancel', NO_ID, ''],
    ['cancel(never sent)', SAME, 'discard, unlock_cart'],
    ['dismiss', SAME, 'refuse link_active'],
    ['park', SAME, 'park_cart'],
    ['open', SAME, 'refuse invalid_request'],
    ['server(pending)', waiting({ pendingSeenAt: LATER }), ''],
    ['server(paid)', paid(), ''],
    ['server(paid, sale known)', paid({ saleRecorded: true }), 'complete_sale'],
    ['server(canceled)', closed('canceled'), 'unlock_cart, notice info canceled'],
    ['server(expired)', closed('expired'), 'unlock_cart, notice info expired'],
    ['sale_recorded', SAME, ''], // no server id yet: nothing to match the sale to
    ['not_found', SAME, ''], // the outbox settles an unanswered create, never a second link
    ['unreachable(offline, long past)', SAME, ''],
    ['answered(create)', waiting({ pendingSeenAt: LATER }), ''],
    ['answered(create, no facts)', SAME, ''],
    // Nobody waits at the desk (the cart may be parked): the link stays in the tray, refused, with its cart reopenable.
    ['refused(create)', closed('refused', { serverId: null }), 'unlock_cart, notice error'],
    ['refused(create, awaited)', SAME, 'forget, unlock_cart'],
  ]),
  ...rowsOf('waiting', [
    ['send', SAME, 'refuse link_already_active'],
    ['resend', waiting({ resending: true }), 'enqueue resend'],
    ['resend(after expiry)', SAME, 'refuse link_not_payable'],
    ['cancel', queued(), 'enqueue cancel'],
    ['cancel(never sent)', queued(), 'enqueue cancel'], // createSent only matters while creating
    ['dismiss', SAME, 'refuse link_active'],
    ['park', SAME, 'park_cart'],
    ['open', SAME, 'refuse invalid_request'],
    ['server(pending)', waiting({ pendingSeenAt: LATER }), ''],
    ['server(pending, older read)', SAME, ''],
    ['server(paid)', paid(), ''],
    ['server(paid, sale known)', paid({ saleRecorded: true }), 'complete_sale'],
    ['server(canceled)', closed('canceled'), 'unlock_cart, notice info canceled'],
    ['server(expired)', closed('expired'), 'unlock_cart, notice info expired'],
    ['sale_recorded', paid({ saleRecorded: true }), 'complete_sale'],
    ['not_found', closed('unknown'), 'unlock_cart, notice info unknownToServer'],
    ['unreachable(offline, long past)', SAME, ''], // only a queued cancel may give up
    ['answered(create)', waiting({ pendingSeenAt: LATER }), ''],
    ['answered(resend)', waiting({ pendingSeenAt: LATER }), ''],
    ['refused(create)', SAME, ''],
    ['refused(resend)', SAME, 'notice error'],
    ['refused(cancel)', SAME, ''],
    ['refused(cancel, already_paid)', paid({ saleRecorded: true }), 'complete_sale'],
  ]),
  ...rowsOf('waiting(resending)', [
    ['resend', SAME, 'refuse invalid_request'],
    ['cancel', queued(), 'enqueue cancel'],
    ['server(pending)', waiting({ resending: true, pendingSeenAt: LATER }), ''],
    ['answered(create)', waiting({ resending: true, pendingSeenAt: LATER }), ''],
    ['answered(resend)', waiting({ pendingSeenAt: LATER }), ''],
    ['refused(resend)', waiting(), 'notice error'],
    ['refused(resend, awaited)', waiting(), ''],
    ['server(paid, sale known)', paid({ saleRecorded: true }), 'complete_sale'],
  ]),
  ...rowsOf('cancel_queued(no id)', [
    ['send', SAME, 'refuse link_already_active'],
    ['resend', SAME, 'refuse invalid_request'],
    ['cancel', SAME, ''],
    ['dismiss', SAME, 'refuse link_active'],
    ['park', SAME, 'park_cart'],
    ['open', SAME, 'refuse invalid_request'],
    ['server(pending)', queued({ pendingSeenAt: LATER }), 'enqueue cancel'], // the create took effect: its cancel goes out
    ['server(paid)', paid(), PAID_BEFORE_CANCEL],
    ['server(canceled)', closed('canceled'), 'unlock_cart, notice info canceled'],
    ['sale_recorded', SAME, ''],
    ['not_found', SAME, ''],
    ['unreachable(offline, long past)', SAME, ''], // no deadline known: never give up
    ['answered(create)', queued({ pendingSeenAt: LATER }), 'enqueue cancel'],
    ['answered(create, no facts)', SAME, ''],
    // Nobody waits at the desk (the cart may be parked): the link stays in the tray, refused, with its cart reopenable.
    ['refused(create)', closed('refused', { serverId: null }), 'unlock_cart, notice error'],
    ['refused(create, awaited)', SAME, 'forget, unlock_cart'],
    ['refused(cancel, already_paid)', paid({ saleRecorded: true }), `complete_sale, ${PAID_BEFORE_CANCEL}`],
    // Not reachable through today's interpreter (no cancel is enqueued before the id is known), but stepLink is
    // total over LinkState × LinkInput and must return a state that parses.
    // A cancel waiting for the create's answer was never sent: a refusal of it changes nothing.
    ['refused(cancel)', SAME, ''],
  ]),
  ...rowsOf('cancel_queued', [
    ['send', SAME, 'refuse link_already_active'],
    ['resend', SAME, 'refuse invalid_request'],
    ['cancel', SAME, ''],
    ['dismiss', SAME, 'refuse link_active'],
    ['park', SAME, 'park_cart'],
    ['open', SAME, 'refuse invalid_request'],
    ['server(pending)', queued({ pendingSeenAt: LATER }), ''], // the cancel is already out: not a second one
    ['server(pending, older read)', SAME, ''],
    ['server(pending after deadline)', queued({ pendingSeenAt: DEADLINE + 1 }), ''],
    ['server(paid)', paid(), PAID_BEFORE_CANCEL],
    ['server(paid, sale known)', paid({ saleRecorded: true }), `complete_sale, ${PAID_BEFORE_CANCEL}`],
    ['server(canceled)', closed('canceled'), 'unlock_cart, notice info canceled'],
    ['server(expired)', closed('expired'), 'unlock_cart, notice info expired'],
    ['sale_recorded', paid({ saleRecorded: true }), `complete_sale, ${PAID_BEFORE_CANCEL}`],
    ['not_found', closed('unknown'), 'unlock_cart, notice info unknownToServer'],
    ['unreachable(offline, at deadline)', givenUp(), GIVE_UP],
    ['unreachable(offline, long past)', givenUp(), GIVE_UP],
    ['unreachable(online, long past)', SAME, ''], // HTTP works: wait for the server's word
    ['unreachable(offline, just before deadline)', SAME, ''],
    ['unreachable(offline, no trusted time)', SAME, ''], // the PC clock alone is not trusted
    ['answered(create)', queued({ pendingSeenAt: LATER }), ''],
    ['answered(resend)', queued({ pendingSeenAt: LATER }), ''],
    ['answered(cancel)', closed('canceled'), 'unlock_cart, notice info canceled'],
    ['answered(cancel, no facts)', SAME, ''],
    ['refused(create)', SAME, ''], // the create was answered already (the id is known)
    ['refused(resend)', SAME, 'notice error'],
    ['refused(cancel)', waiting(), 'notice error'],
    ['refused(cancel, awaited)', waiting(), ''],
    ['refused(cancel, already_paid)', paid({ saleRecorded: true }), `complete_sale, ${PAID_BEFORE_CANCEL}`],
    ['refused(cancel, expired)', closed('expired'), 'unlock_cart, notice info expired'],
  ]),
  ...rowsOf('cancel_queued(pending seen at deadline)', [
    ['unreachable(offline, at deadline)', SAME, ''], // the server said pending at the deadline: it may still take payment
    ['unreachable(offline, long past)', SAME, ''],
  ]),
  ...rowsOf('cancel_queued(pending seen just before deadline)', [['unreachable(offline, at deadline)', givenUp(), GIVE_UP]]),
  ...rowsOf('given_up', [
    ['send', SAME, 'refuse invalid_request'],
    ['resend', SAME, 'refuse link_not_payable'],
    ['cancel', SAME, 'refuse not_found'],
    ['dismiss', givenUp({ dismissed: true }), ''],
    ['park', SAME, 'refuse invalid_request'],
    ['open', givenUp({ dismissed: true }), 'reopen_cart'],
    ['server(pending)', SAME, ''],
    ['server(paid)', paid({ late: true }), ''], // told plainly once the sale is here, with its receipt
    ['server(paid, sale known)', paid({ late: true, saleRecorded: true }), 'complete_sale late, late_payment_notice'],
    ['server(canceled)', closed('canceled'), ''], // the end already assumed: mirrored quietly
    ['server(expired)', closed('expired'), ''],
    ['sale_recorded', paid({ late: true, saleRecorded: true }), 'complete_sale late, late_payment_notice'],
    ['not_found', SAME, ''],
    ['unreachable(offline, long past)', SAME, ''], // given up once: no second unlock
    ['answered(create)', SAME, ''],
    ['answered(cancel)', closed('canceled'), ''],
    ['refused(create)', SAME, ''],
    ['refused(cancel)', SAME, ''],
    ['refused(cancel, already_paid)', paid({ late: true, saleRecorded: true }), 'complete_sale late, late_payment_notice'],
  ]),
  ...rowsOf('given_up(dismissed)', [
    ['open', SAME, 'reopen_cart'],
    ['server(canceled)', closed('canceled', { dismissed: true }), ''],
    ['server(paid)', paid({ late: true }), ''], // back in the tray (dismissed false): staff must see it
  ]),
  ...rowsOf('closed(unknown)', [
    ['send', SAME, 'refuse invalid_request'],
    ['resend', SAME, 'refuse link_not_payable'],
    ['cancel', SAME, 'refuse not_found'],
    ['dismiss', closed('unknown', { dismissed: true }), ''],
    ['park', SAME, 'refuse invalid_request'],
    ['open', closed('unknown', { dismissed: true }), 'reopen_cart'],
    ['server(pending)', SAME, ''],
    ['server(paid)', paid({ late: true }), ''],
    ['server(canceled)', closed('canceled'), ''], // learns the real end, quietly
    ['server(expired)', closed('expired'), ''],
    ['sale_recorded', paid({ late: true, saleRecorded: true }), 'complete_sale late, late_payment_notice'],
    ['not_found', SAME, ''],
    ['unreachable(offline, long past)', SAME, ''],
    ['answered(create)', SAME, ''],
    ['refused(create)', SAME, ''],
  ]),
  ...rowsOf('closed(canceled)', [
    ['send', SAME, 'refuse invalid_request'],
    ['resend', SAME, 'refuse link_not_payable'],
    ['cancel', SAME, 'refuse not_found'],
    ['dismiss', closed('canceled', { dismissed: true }), ''],
    ['park', SAME, 'refuse invalid_request'],
    ['open', closed('canceled', { dismissed: true }), 'reopen_cart'],
    ['server(pending)', SAME, ''], // an older read cannot undo an end
    ['server(canceled)', SAME, ''],
    ['server(expired)', SAME, ''], // terminal on the server never changes
    ['sale_recorded', paid({ late: true, saleRecorded: true }), 'complete_sale late, late_payment_notice'],
    ['not_found', SAME, ''],
    ['unreachable(offline, long past)', SAME, ''],
    ['answered(cancel)', SAME, ''],
    ['refused(resend)', SAME, 'notice error'],
  ]),
  ...rowsOf('paid', [
    ['send', SAME, 'refuse invalid_request'],
    ['resend', SAME, 'refuse link_not_payable'],
    ['cancel', SAME, 'refuse not_found'],
    // Paid, the sale on its way: the cart is about to become it; it can be parked, not dismissed.
    ['dismiss', SAME, 'refuse link_active'],
    ['park', SAME, 'park_cart'],
    ['open', SAME, 'refuse invalid_request'],
    ['server(pending)', SAME, ''],
    ['server(paid)', SAME, ''],
    ['server(paid, sale known)', paid({ saleRecorded: true }), 'complete_sale'],
    ['server(canceled)', SAME, ''],
    ['server(expired)', SAME, ''],
    ['sale_recorded', paid({ saleRecorded: true }), 'complete_sale'],
    ['not_found', SAME, ''],
    ['unreachable(offline, long past)', SAME, ''],
    ['answered(create)', SAME, ''],
    ['refused(create)', SAME, ''],
    ['refused(cancel, already_paid)', paid({ saleRecorded: true }), 'complete_sale'],
  ]),
  ...rowsOf('paid(no sale id)', [
    ['server(paid)', paid(), ''], // learns the sale id, still waits for the sale
    ['server(paid, sale known)', paid({ saleRecorded: true }), 'complete_sale'],
    ['sale_recorded', paid({ saleRecorded: true }), 'complete_sale'],
  ]),
  ...rowsOf('paid(recorded)', [
    ['dismiss', paid({ saleRecorded: true, dismissed: true }), ''],
    ['park', SAME, 'refuse invalid_request'],
    ['open', SAME, 'refuse invalid_request'],
    ['server(paid, sale known)', SAME, ''], // the sale completes once
    ['sale_recorded', SAME, ''],
    ['refused(cancel, already_paid)', SAME, ''],
  ]),
  ...rowsOf('paid(late)', [
    ['dismiss', paid({ late: true, dismissed: true }), ''],
    ['park', SAME, 'refuse invalid_request'],
    ['sale_recorded', paid({ late: true, saleRecorded: true }), 'complete_sale late, late_payment_notice'],
    ['server(paid, sale known)', paid({ late: true, saleRecorded: true }), 'complete_sale late, late_payment_notice'],
  ]),
];

function check(row: Row) {
  const step = stepLink(STATES[row.state], INPUTS[row.input]);
  expect(LinkStateSchema.safeParse(step.state).success).toBe(true);
  expect(step.state).toEqual(row.expected.state);
  expect(step.effects.map(effectText).join(', ')).toBe(row.expected.effects);
}

describe('link machine transition table', () => {
  it.each(TABLE)('$name', check);

  it('covers every state kind × input type', () => {
    const covered = new Set(TABLE.map((row) => `${STATES[row.state].kind} × ${INPUTS[row.input].type}`));
    const missing = LINK_STATE_KINDS.flatMap((kind) => LINK_INPUT_TYPES.map((type) => `${kind} × ${type}`)).filter((pair) => !covered.has(pair));
    expect(missing).toEqual([]);
  });

  it('uses fixture states that parse', () => {
    for (const state of Object.values(STATES)) expect(LinkStateSchema.parse(state)).toEqual(state);
  });

  it('starts a sent link creating with its cart locked', () => {
    expect(SEND_STEP).toEqual({ state: { kind: 'creating' }, effects: [{ kind: 'lock_cart' }] });
  });
});
