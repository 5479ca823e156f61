import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { outbox } from '../../db/schema';
import { unreachable, type RawAnswer } from '../../electron/register/api-client';
import { listNotices } from '../../electron/register/notices';
import { SALE_COMMAND } from '../../electron/register/command-kinds';
import { createOutboxSender, enqueueCommand, pendingCommandCount, type OutboxTransport } from '../../electron/register/outbox';
import { createManualClock } from './support/manual-clock';
import { openTempDatabase } from './support/temp-database';

type Call = Parameters<OutboxTransport>[0];

let database: ReturnType<typeof openTempDatabase>;
let clock: ReturnType<typeof createManualClock>;
beforeEach(() => {
  database = openTempDatabase();
  clock = createManualClock();
});
afterEach(() => database.cleanup());

function setup(answers: Array<RawAnswer | 'network'>, tokenFor: (id: string | null) => string | null = () => 'staff-token') {
  const calls: Call[] = [];
  const settled: string[] = [];
  const transport: OutboxTransport = async (request) => {
    calls.push(request);
    const answer = answers.shift() ?? 'network';
    if (answer === 'network') throw unreachable('connection refused');
    return answer;
  };
  const sender = createOutboxSender({
    db: database.db,
    transport,
    clock,
    tokenFor,
    handlers: {
      [SALE_COMMAND]: {
        onDone: (_db, row) => settled.push(`done:${row.subjectId}`),
        onFailed: (_db, row, error) => {
          settled.push(`failed:${row.subjectId}`);
          return `Sale ${row.subjectId} was refused: ${error.message}`;
        },
      },
    },
    onChange: () => {},
  });
  return { calls, settled, sender };
}

const enqueue = (subjectId = 's1') => enqueueCommand(database.db, { kind: SALE_COMMAND, subjectId, body: { id: subjectId }, staffId: 'frank' }, clock.now());
const row = (id: string) => database.db.select().from(outbox).where(eq(outbox.id, id)).get()!;

describe('outbox', () => {
  it('writes only command kinds that have a route in the table, and takes method and path from it', () => {
    // @ts-expect-error: a kind outside COMMAND_ROUTES does not compile
    expect(() => enqueueCommand(database.db, { kind: 'test', body: {}, staffId: 'frank' }, clock.now())).toThrow(
      expect.objectContaining({ code: 'unknown_command' }),
    );
    expect(pendingCommandCount(database.db)).toBe(0);
    const cancel = enqueueCommand(database.db, { kind: 'link.cancel', params: { id: 'a/b' }, body: {}, staffId: 'frank' }, clock.now());
    expect([cancel.method, cancel.path]).toEqual(['POST', '/api/v1/payment-links/a%2Fb/cancel']);
  });

  it('is written in the same transaction as the local change: a rolled-back change leaves no command', () => {
    expect(() =>
      database.db.transaction(() => {
        enqueue();
        throw new Error('the local change failed');
      }),
    ).toThrow('the local change failed');
    expect(pendingCommandCount(database.db)).toBe(0);
  });

  it('retries with backoff until the server answers, with the same idempotency key every time', async () => {
    const { calls, settled, sender } = setup(['network', { status: 503, json: null }, { status: 201, json: { sale: {} } }]);
    const command = enqueue();
    await sender.drain();
    expect(calls).toHaveLength(1);
    expect(row(command.id)).toMatchObject({ status: 'pending', attempts: 1, nextAttemptAt: clock.now() + 1000 });

    await sender.drain(); // not due yet: nothing is sent
    expect(calls).toHaveLength(1);

    clock.advance(1000); // the sender's timer fires the retry
    await new Promise((r) => setImmediate(r));
    await sender.drain();
    expect(calls).toHaveLength(2);
    expect(row(command.id)).toMatchObject({ status: 'pending', attempts: 2, responseStatus: 503 });

    clock.advance(2000);
    await sender.drain();
    expect(calls).toHaveLength(3);
    expect(row(command.id)).toMatchObject({ status: 'done', attempts: 3, responseStatus: 201 });
    expect(new Set(calls.map((c) => c.idempotencyKey))).toEqual(new Set([command.idempotencyKey]));
    expect(calls.every((c) => c.token === 'staff-token' && c.path === '/api/v1/sales')).toBe(true);
    expect(settled).toEqual(['done:s1']);

    clock.advance(120_000);
    await sender.drain();
    expect(calls).toHaveLength(3);
  });

  it('a permanent refusal marks the command failed and tells staff what happened', async () => {
    const refusal = { error: { code: 'seat_unavailable', message: 'Seat R3 is already taken.', details: { seatId: 'R3' } } };
    const { calls, settled, sender } = setup([{ status: 409, json: refusal }]);
    const command = enqueue('sale-7');
    await sender.drain();
    expect(row(command.id)).toMatchObject({ status: 'failed', responseStatus: 409, lastError: 'Seat R3 is already taken.' });
    expect(settled).toEqual(['failed:sale-7']);
    expect(listNotices(database.db)).toEqual([expect.objectContaining({ level: 'error', message: 'Sale sale-7 was refused: Seat R3 is already taken.' })]);
    clock.advance(600_000);
    await sender.drain();
    expect(calls).toHaveLength(1);
  });

  it.each([408, 429, 500, 502])('status %i is retried, not final', async (status) => {
    const { sender } = setup([{ status, json: null }]);
    const command = enqueue();
    await sender.drain();
    expect(row(command.id).status).toBe('pending');
    expect(listNotices(database.db)).toEqual([]);
  });

  it('never has one command in flight twice, however often drain is called', async () => {
    let release: (a: RawAnswer) => void = () => {};
    const calls: Call[] = [];
    const sender = createOutboxSender({
      db: database.db,
      clock,
      tokenFor: () => 't',
      handlers: {},
      onChange: () => {},
      transport: (request) => {
        calls.push(request);
        return new Promise<RawAnswer>((resolve) => (release = resolve));
      },
    });
    enqueue('a');
    const first = sender.drain();
    const second = sender.drain();
    void sender.wake();
    await new Promise((r) => setImmediate(r));
    expect(calls).toHaveLength(1);
    release({ status: 201, json: {} });
    await Promise.all([first, second]);
    expect(calls).toHaveLength(1);
    expect(pendingCommandCount(database.db)).toBe(0);
  });

  it('waits for the staff member to sign in again when there is no usable token, then sends as them', async () => {
    let token: string | null = null;
    const { calls, sender } = setup([{ status: 201, json: {} }], () => token);
    const command = enqueue();
    await sender.drain();
    expect(calls).toHaveLength(0);
    expect(row(command.id)).toMatchObject({ status: 'pending', attempts: 0 });
    token = 'fresh-token';
    await sender.wake('frank');
    expect(calls.map((c) => c.token)).toEqual(['fresh-token']);
    expect(row(command.id).status).toBe('done');
  });

  it('sends commands in the order they were made and stops the round when the server is unreachable', async () => {
    const { calls, sender } = setup(['network']);
    enqueue('first');
    clock.advance(1);
    enqueue('second');
    await sender.drain();
    expect(calls.map((c) => (c.body as { id: string }).id)).toEqual(['first']);
  });
});
