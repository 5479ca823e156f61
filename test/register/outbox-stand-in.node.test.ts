import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Staff } from '../../shared/contract/entities';
import { outbox } from '../../db/schema';
import type { RawAnswer } from '../../electron/register/api-client';
import { SALE_COMMAND } from '../../electron/register/command-kinds';
import { listNotices } from '../../electron/register/notices';
import { createOutboxSender, enqueueCommand, type OutboxRow, type OutboxTransport, type StandIn } from '../../electron/register/outbox';
import { STAND_IN_AFTER_MS, standInFor, type StandInDeps } from '../../electron/register/outbox-stand-in';
import type { StaffSession } from '../../electron/register/staff-auth';
import { createManualClock } from './support/manual-clock';
import { openTempDatabase } from './support/temp-database';

// A queued sale whose maker's token is gone does not wait forever: after 10 minutes a colleague who can take
// payments and is signed in online sends it; a 401 marks the token dead; a command waiting 30 minutes is told once.

let database: ReturnType<typeof openTempDatabase>;
let clock: ReturnType<typeof createManualClock>;
beforeEach(() => {
  database = openTempDatabase();
  clock = createManualClock();
});
afterEach(() => database.cleanup());

type Call = Parameters<OutboxTransport>[0];
const flush = () => new Promise((r) => setImmediate(r));
const enqueue = () => enqueueCommand(database.db, { kind: SALE_COMMAND, subjectId: 'sale-1', body: { id: 'sale-1' }, staffId: 'frank' }, clock.now());
const row = (id: string) => database.db.select().from(outbox).where(eq(outbox.id, id)).get()!;

function sender(options: {
  answers: RawAnswer[];
  tokenFor: (id: string | null) => string | null;
  standIn?: (row: OutboxRow) => StandIn | null;
  refused?: string[];
}) {
  const calls: Call[] = [];
  const s = createOutboxSender({
    db: database.db,
    clock,
    transport: async (request) => {
      calls.push(request);
      return options.answers.shift() ?? { status: 201, json: {} };
    },
    tokenFor: options.tokenFor,
    ...(options.standIn ? { standIn: options.standIn } : {}),
    onTokenRefused: (staffId) => options.refused?.push(staffId),
    handlers: { [SALE_COMMAND]: { longWaitSentence: (_db, r) => `Sale ${r.subjectId} is still waiting (${r.lastError}).` } },
    onChange: () => {},
  });
  return { calls, sender: s };
}

describe('outbox: a stand-in token and long waits', () => {
  it('a 401 marks the token refused, then the command goes with a stand-in token, body unchanged', async () => {
    const refused: string[] = [];
    let frankToken: string | null = 'frank-token';
    const { calls, sender: s } = sender({
      answers: [{ status: 401, json: { error: { code: 'unauthorized', message: 'The token has expired.' } } }],
      tokenFor: () => frankToken,
      standIn: () => ({ staffId: 'olivia', token: 'olivia-token' }),
      refused,
    });
    const command = enqueue();
    await s.drain();
    expect(refused).toEqual(['frank']);
    expect(row(command.id)).toMatchObject({ status: 'pending', responseStatus: 401, nextAttemptAt: clock.now() + 60_000 });
    frankToken = null; // what tokenRefused does to tokenFor
    clock.advance(60_000);
    await flush();
    await s.drain();
    expect(calls.map((c) => c.token)).toEqual(['frank-token', 'olivia-token']);
    expect(calls[1]!.body).toEqual(calls[0]!.body);
    expect(calls[1]!.idempotencyKey).toBe(calls[0]!.idempotencyKey);
    expect(row(command.id).status).toBe('done');
  });

  it('without a token or a stand-in it looks again every minute (no request), and tells staff once after 30 minutes', async () => {
    const { calls, sender: s } = sender({ answers: [], tokenFor: () => null, standIn: () => null });
    const command = enqueue();
    await s.drain();
    expect(row(command.id).nextAttemptAt).toBe(clock.now() + 60_000);
    for (let minute = 0; minute < 29; minute++) {
      clock.advance(60_000);
      await flush();
    }
    await s.drain();
    expect(listNotices(database.db)).toEqual([]);
    for (let minute = 0; minute < 3; minute++) {
      clock.advance(60_000);
      await flush();
    }
    await s.drain();
    const notices = listNotices(database.db);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ level: 'warning', message: expect.stringContaining('Sale sale-1 is still waiting (Waiting for the staff member') });
    expect(calls).toHaveLength(0);
  });
});

describe('standInFor', () => {
  const frank: Staff = { id: 'frank', name: 'Frank', role: 'front_desk', permissions: ['take_payment'] };
  const olivia: Staff = { id: 'olivia', name: 'Olivia', role: 'owner', permissions: ['take_payment', 'send_payment_link', 'view_sales'] };
  const tess: Staff = { id: 'tess', name: 'Tess', role: 'teacher_restricted', permissions: ['view_sales'] };
  const serverStart = Date.parse('2026-03-02T15:00:00.000Z');

  function deps(overrides: {
    session?: StaffSession | null;
    frankUnusableSince?: number | null | undefined;
    online?: boolean;
    serverNow?: number;
  }): StandInDeps {
    return {
      clock,
      serverNow: () => overrides.serverNow ?? serverStart,
      online: () => overrides.online ?? true,
      staffAuth: {
        current: () => (overrides.session === undefined ? { staff: olivia, offline: false } : overrides.session),
        tokenFor: (id) => (id === 'frank' ? null : `${id}-token`),
        tokenUnusableSince: (id) =>
          id === 'frank' ? ('frankUnusableSince' in overrides ? overrides.frankUnusableSince : serverStart - STAND_IN_AFTER_MS - 1) : undefined,
      },
    };
  }
  const sale = () => enqueue();

  it('after 10 minutes of an unusable token, a signed-in colleague who can take payments sends it', () => {
    expect(standInFor(sale(), deps({}))).toEqual({ staffId: 'olivia', token: 'olivia-token' });
    expect(standInFor(sale(), deps({ frankUnusableSince: serverStart - STAND_IN_AFTER_MS + 60_000 }))).toBeNull();
  });

  it('never when the maker is fine, the colleague signed in offline, cannot take payments, is the maker, or the server is out of reach', () => {
    expect(standInFor(sale(), deps({ frankUnusableSince: undefined }))).toBeNull();
    expect(standInFor(sale(), deps({ session: { staff: olivia, offline: true } }))).toBeNull();
    expect(standInFor(sale(), deps({ session: { staff: tess, offline: false } }))).toBeNull();
    expect(standInFor(sale(), deps({ session: { staff: frank, offline: false } }))).toBeNull();
    expect(standInFor(sale(), deps({ session: null }))).toBeNull();
    expect(standInFor(sale(), deps({ online: false }))).toBeNull();
    const linkCommand = enqueueCommand(database.db, { kind: 'link.cancel', params: { id: 'lnk_x' }, body: {}, staffId: 'frank' }, clock.now());
    expect(standInFor(linkCommand, deps({}))).toBeNull();
  });

  it('with no token at all, counts from when the sale was queued', () => {
    const queued = sale();
    expect(standInFor(queued, deps({ frankUnusableSince: null }))).toBeNull();
    clock.advance(STAND_IN_AFTER_MS + 1000);
    expect(standInFor(queued, deps({ frankUnusableSince: null }))).toEqual({ staffId: 'olivia', token: 'olivia-token' });
  });
});
