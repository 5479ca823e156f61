import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { AppError } from '@frontdesk/shared/contract/errors';
import { isUniqueViolation, type Db, type Queryable, type Tx } from '../db/database';
import { idempotencyKeys } from '../db/schema';

// The first successful answer of a state-changing POST is stored with its key in the same transaction as the
// change, and replayed for the same key and body: the same status and body, byte for byte, except `serverTime`,
// which no stored answer carries: the onSend hook adds it fresh to every answer (registers set their clock offset
// from it). Refusals are
// not stored: they changed nothing, so a retry is judged again.
//
// Twins (the same key at once, on one node or several) are serialized by a transaction-scoped advisory lock on the
// key, taken before the stored answer is looked up: the second waits until the first commits, then finds its
// answer. PGlite runs one transaction at a time, so there the lock is only a formality.

/** An answer's status and its JSON text (without `serverTime`). */
export type StoredAnswer = { status: number; replayText: string };
export type IdempotencyRef = { scope: string; key: string; requestHash: string };

/** A hash of a JSON value that does not depend on the order of object keys. */
export function requestHash(value: unknown): string {
  return createHash('sha256').update(stableJson(value)).digest('base64url');
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export async function findStoredAnswer(db: Queryable, ref: IdempotencyRef): Promise<StoredAnswer | undefined> {
  const [row] = await db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.scope, ref.scope), eq(idempotencyKeys.key, ref.key)));
  if (!row) return undefined;
  if (row.requestHash !== ref.requestHash) {
    throw new AppError('idempotency_key_reused', 'This Idempotency-Key was already used for a different request.', {
      key: ref.key,
    });
  }
  return { status: row.status, replayText: row.body };
}

/** Stores an answer, in the transaction of the change it answers (under the key's lock, see withIdempotency). */
export async function storeAnswer(tx: Tx | Queryable, ref: IdempotencyRef, answer: StoredAnswer, atMs: number): Promise<void> {
  await tx.insert(idempotencyKeys).values({
    scope: ref.scope,
    key: ref.key,
    requestHash: ref.requestHash,
    status: answer.status,
    body: answer.replayText,
    createdAt: new Date(atMs),
  });
}

/** Serializes twins of one key, on any node, until the transaction ends (PGlite runs one transaction at a time anyway). */
export async function lockIdempotencyKey(tx: Tx, ref: IdempotencyRef): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${ref.scope}), hashtext(${ref.key}))`);
}

/** What an idempotent command did: its answer, and what to do once that is committed (publish events, wake jobs). */
export type CommandOutcome = { answer: StoredAnswer; afterCommit?: () => void };

/** A unique index hit by a concurrent command with another key (another link for the cart) is judged again this often. */
const MAX_ATTEMPTS = 4;

/**
 * Runs a state-changing command once per Idempotency-Key: in one transaction, locks the key, replays a stored
 * answer (422 idempotency_key_reused for another body), or runs `command` and stores its answer with its change.
 * `afterCommit` runs only for a fresh answer, after commit.
 *
 * `beforeTransaction` is for a step that talks to the outside world (the processor) and commits on its own, so it
 * cannot sit inside a transaction that blocks other work while it waits: it must be safe to run twice (twins both
 * run it), it runs only when no answer is stored yet, and `command` then answers from the state it left.
 */
export async function withIdempotency(
  ctx: { db: Db; now: () => number },
  ref: IdempotencyRef,
  command: (tx: Tx) => Promise<CommandOutcome>,
  options: { beforeTransaction?: () => Promise<void> } = {},
): Promise<StoredAnswer> {
  if (options.beforeTransaction) {
    const stored = await findStoredAnswer(ctx.db, ref);
    if (stored) return stored;
    await options.beforeTransaction();
  }
  for (let attempt = 1; ; attempt += 1) {
    try {
      const outcome = await ctx.db.transaction(async (tx): Promise<CommandOutcome & { replayed: boolean }> => {
        await lockIdempotencyKey(tx, ref);
        const stored = await findStoredAnswer(tx, ref);
        if (stored) return { answer: stored, replayed: true };
        const done = await command(tx);
        await storeAnswer(tx, ref, done.answer, ctx.now());
        return { ...done, replayed: false };
      });
      if (!outcome.replayed) outcome.afterCommit?.();
      return outcome.answer;
    } catch (error) {
      if (isUniqueViolation(error) && attempt < MAX_ATTEMPTS) continue;
      throw error;
    }
  }
}
