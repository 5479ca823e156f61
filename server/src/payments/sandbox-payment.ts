import { and, eq } from 'drizzle-orm';
import type { ServerEvent } from '@frontdesk/shared/contract/events';
import { isPayable } from '@frontdesk/shared/domain/link-lifecycle';
import type { AppContext } from '../app-context';
import { newId } from '../auth/tokens';
import type { Tx } from '../db/database';
import { paymentAttempts, paymentLinks } from '../db/schema';
import type { LinkRow } from '../links/link-view';
import { sandboxOutcome, type CardForm } from './sandbox-cards';
import { appendAttemptEvent } from './attempt-events';
import { markPaid } from './settle-payment';

export type PayResult =
  { kind: 'paid' } | { kind: 'challenge'; attemptId: string } | { kind: 'declined'; message: string } | { kind: 'not_payable' } | { kind: 'unknown_attempt' };

const payable = (row: LinkRow, nowMs: number) => isPayable({ status: row.status, expiresAt: row.expiresAt.toISOString() }, nowMs);

/**
 * Runs a sandbox charge inside one transaction holding the link's row lock: a cancel or the expiry either ran
 * before (the link is not payable, nothing is charged) or runs after (the link is paid, and stays paid).
 */
async function withLockedLink(
  ctx: AppContext,
  linkId: string,
  work: (tx: Tx, row: LinkRow, nowMs: number) => Promise<{ result: PayResult; events?: ServerEvent[] }>,
): Promise<PayResult> {
  const outcome = await ctx.db.transaction(async (tx) => {
    const [row] = await tx.select().from(paymentLinks).where(eq(paymentLinks.id, linkId)).for('update');
    const nowMs = ctx.now();
    if (!row || !payable(row, nowMs)) return { result: { kind: 'not_payable' } as PayResult, row };
    return { ...(await work(tx, row, nowMs)), row };
  });
  if (outcome.events && outcome.row) {
    ctx.events.publish(outcome.row.locationId, outcome.events);
    ctx.jobs.deliveriesQueued();
  }
  return outcome.result;
}

export function paySandbox(ctx: AppContext, linkId: string, form: CardForm): Promise<PayResult> {
  const outcome = sandboxOutcome(form.cardNumber);
  return withLockedLink(ctx, linkId, async (tx, row, nowMs) => {
    const attemptId = newId('pay');
    const at = new Date(nowMs);
    const base = {
      id: attemptId,
      linkId: row.id,
      processor: 'sandbox',
      intentId: null,
      cardBrand: outcome.card.brand,
      cardLast4: outcome.card.last4,
      createdAt: at,
      updatedAt: at,
    };
    const card = { cardBrand: outcome.card.brand, cardLast4: outcome.card.last4 };
    if (outcome.kind === 'declined') {
      await tx.insert(paymentAttempts).values({ ...base, status: 'failed', threeDsState: 'none', declineCode: outcome.code, message: outcome.message });
      const failed = { id: attemptId, outcome: 'failed' as const, code: outcome.code, message: outcome.message, ...card };
      return { result: { kind: 'declined', message: outcome.message }, events: [await appendAttemptEvent(ctx, tx, row, failed, nowMs)] };
    }
    if (outcome.kind === 'requires_action') {
      await tx.insert(paymentAttempts).values({ ...base, status: 'requires_action', threeDsState: 'challenged' });
      const started = { id: attemptId, outcome: 'authenticating' as const, ...card };
      return { result: { kind: 'challenge', attemptId }, events: [await appendAttemptEvent(ctx, tx, row, started, nowMs)] };
    }
    await tx.insert(paymentAttempts).values({ ...base, status: 'succeeded', threeDsState: 'none' });
    const events = await markPaid(ctx, tx, { linkId: row.id, card: outcome.card, intentId: null, nowMs });
    return { result: { kind: 'paid' }, events };
  });
}

export function completeSandboxChallenge(ctx: AppContext, linkId: string, attemptId: string, result: 'complete' | 'fail'): Promise<PayResult> {
  return withLockedLink(ctx, linkId, async (tx, row, nowMs) => {
    const [attempt] = await tx
      .select()
      .from(paymentAttempts)
      .where(and(eq(paymentAttempts.id, attemptId), eq(paymentAttempts.linkId, row.id), eq(paymentAttempts.status, 'requires_action')));
    if (!attempt) return { result: { kind: 'unknown_attempt' } };
    const at = new Date(nowMs);
    if (result === 'fail') {
      const message = 'The card issuer could not confirm it was you. Try again or use another card.';
      await tx
        .update(paymentAttempts)
        .set({ status: 'failed', threeDsState: 'failed', declineCode: 'authentication_failed', message, updatedAt: at })
        .where(eq(paymentAttempts.id, attempt.id));
      const failed = {
        id: attempt.id,
        outcome: 'failed' as const,
        code: 'authentication_failed',
        message,
        ...(attempt.cardBrand ? { cardBrand: attempt.cardBrand } : {}),
        ...(attempt.cardLast4 ? { cardLast4: attempt.cardLast4 } : {}),
      };
      return { result: { kind: 'declined', message }, events: [await appendAttemptEvent(ctx, tx, row, failed, nowMs)] };
    }
    await tx.update(paymentAttempts).set({ status: 'succeeded', threeDsState: 'completed', updatedAt: at }).where(eq(paymentAttempts.id, attempt.id));
    const events = await markPaid(ctx, tx, {
      linkId: row.id,
      card: { brand: attempt.cardBrand ?? 'card', last4: attempt.cardLast4 ?? '0000' },
      intentId: null,
      nowMs,
    });
    return { result: { kind: 'paid' }, events };
  });
}
