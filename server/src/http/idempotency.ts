import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { AppError } from '../../../shared/contract/errors';
import type { Queryable, Tx } from '../db/database';
import { idempotencyKeys } from '../db/schema';
import { withFreshServerTime, withoutServerTime } from './respond';

// The first successful answer of a state-changing POST is stored with its key in the same transaction as the
// change, and replayed for the same key and body: the same status and body, byte for byte, except `serverTime`,
// which is stored without and set fresh on every replay (registers set their clock offset from it). Refusals are
// not stored: they changed nothing, so a retry is judged again.

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

export async function findStoredAnswer(db: Queryable, ref: IdempotencyRef, nowMs: number): Promise<StoredAnswer | undefined> {
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
  return { status: row.status, replayText: withFreshServerTime(row.body, nowMs) };
}

/**
 * Stores an answer. Inside the change's transaction a concurrent twin makes this insert fail (unique key), which
 * rolls the twin's change back; the caller then replays the stored answer.
 */
export async function storeAnswer(tx: Tx | Queryable, ref: IdempotencyRef, answer: StoredAnswer, atMs: number): Promise<void> {
  await tx.insert(idempotencyKeys).values({
    scope: ref.scope,
    key: ref.key,
    requestHash: ref.requestHash,
    status: answer.status,
    body: withoutServerTime(answer.replayText),
    createdAt: new Date(atMs),
  });
}
