import { eq } from 'drizzle-orm';
import { LinkSchema, type Link } from '../../shared/contract/entities';
import { AppError } from '../../shared/contract/errors';
import { API_PREFIX } from '../../shared/contract/http';
import { hasPermission } from '../../shared/domain/permissions';
import type { LocalDb } from '../../db/open-database';
import { outbox, paymentLinks } from '../../db/schema';
import { errorFromAnswer, type RawAnswer } from './api-client';
import type { EngineClock } from './engine-clock';
import { applyServerKnowledge, enqueueCancel, LINK_CANCEL_COMMAND, type LinkApplyContext } from './link-apply';
import { resolveCorrections } from './link-contact';
import { locksCart } from './link-reconcile';
import { createLink, LINK_CREATE_COMMAND, type LinkSendInput, type SendContext } from './link-send';
import { acknowledgeFinishedLinks, localStateOf, lockingLink, readLinkRow, shownLinkRow, type LinkRow } from './link-store';
import { getMeta } from './meta-store';
import { enqueueCommand, type OutboxKindHandler } from './outbox';
import type { StaffSession } from './staff-auth';

// Resend, cancel and dismiss of the current cart's link, the outbox handlers of the three link commands, and the
// short wait after writing a command so the server's answer (or refusal) comes back to the person who asked.

export { LINK_CREATE_COMMAND } from './link-send';
export const LINK_RESEND_COMMAND = 'link.resend';
export { LINK_CANCEL_COMMAND };

export type LinkCommandDeps = {
  db: LocalDb;
  clock: EngineClock;
  serverNow(): number;
  online(): boolean;
  drainOutbox(): Promise<void>;
  refreshCatalog(): Promise<void>;
  /** How long a command waits for the server's answer before it is left to the outbox. */
  sendWaitMs: number;
};

const REFRESH_ON = new Set(['total_mismatch', 'seat_unavailable', 'capacity_unavailable']);

/** The server's link carried by an answer: `{link}`, or an error's details.link (409 already_paid). */
export function linkFromAnswer(answer: RawAnswer): Link | null {
  const json = answer.json as { link?: unknown; error?: { details?: { link?: unknown } } } | null;
  const parsed = LinkSchema.safeParse(json?.link ?? json?.error?.details?.link);
  return parsed.success ? parsed.data : null;
}

export function createLinkCommands(deps: LinkCommandDeps) {
  const { db } = deps;
  const awaited = new Set<string>();
  const ctx = (): LinkApplyContext => ({ now: deps.clock.now(), serverNow: deps.serverNow() });
  const setLink = (tx: LocalDb, id: string, values: Partial<LinkRow>) =>
    tx.update(paymentLinks).set({ ...values, updatedAt: deps.clock.now() }).where(eq(paymentLinks.id, id)).run();
  const applyAnswer = (tx: LocalDb, subjectId: string | null, answer: RawAnswer) => {
    const row = subjectId ? readLinkRow(tx, subjectId) : null;
    const link = linkFromAnswer(answer);
    if (row && link) applyServerKnowledge(tx, row, { kind: 'found', link }, ctx());
    return row ? readLinkRow(tx, row.id) : null;
  };
  const clearCommand = (tx: LocalDb, row: LinkRow | null, command: string) => {
    if (row?.pendingCommand === command) setLink(tx, row.id, { pendingCommand: null, cancelRequested: false });
  };

  /** Sends at once and waits briefly: a refusal throws with the server's code and sentence; no answer leaves it queued. */
  async function sendAndWait(outboxId: string): Promise<void> {
    awaited.add(outboxId);
    let timer: unknown = null;
    try {
      await Promise.race([
        deps.drainOutbox(),
        new Promise<void>((resolve) => {
          timer = deps.clock.setTimeout(resolve, deps.sendWaitMs);
        }),
      ]);
      const row = db.select().from(outbox).where(eq(outbox.id, outboxId)).get();
      if (row?.status === 'failed') {
        throw errorFromAnswer({ status: row.responseStatus ?? 500, json: row.responseJson ? JSON.parse(row.responseJson) : null });
      }
    } finally {
      if (timer !== null) deps.clock.clearTimeout(timer);
      awaited.delete(outboxId);
    }
  }

  function activeRow(): LinkRow {
    const cartId = getMeta(db, 'currentCartId');
    const row = cartId ? lockingLink(db, cartId) : null;
    if (!row) throw new AppError('not_found', 'There is no payment link waiting for this cart.');
    return row;
  }

  const outboxHandlers: Record<string, OutboxKindHandler> = {
    [LINK_CREATE_COMMAND]: {
      onDone: (tx, row, answer) => void applyAnswer(tx, row.subjectId, answer),
      onFailed(tx, row, error) {
        // Refused: nothing was made on the server. Drop the local link; the cart opens again.
        const link = row.subjectId ? readLinkRow(tx, row.subjectId) : null;
        if (link) tx.delete(paymentLinks).where(eq(paymentLinks.id, link.id)).run();
        if (awaited.has(row.id)) return null;
        return `The payment link for ${link?.clientName ?? 'the client'} could not be sent: ${error.message} The cart is open again.`;
      },
    },
    [LINK_RESEND_COMMAND]: {
      onDone: (tx, row, answer) => clearCommand(tx, applyAnswer(tx, row.subjectId, answer), 'resend'),
      onFailed(tx, row, error, answer) {
        clearCommand(tx, applyAnswer(tx, row.subjectId, answer), 'resend');
        return awaited.has(row.id) ? null : `The payment link could not be sent again: ${error.message}`;
      },
    },
    [LINK_CANCEL_COMMAND]: {
      onDone: (tx, row, answer) => clearCommand(tx, applyAnswer(tx, row.subjectId, answer), 'cancel'),
      onFailed(tx, row, error, answer) {
        const link = applyAnswer(tx, row.subjectId, answer);
        clearCommand(tx, link, 'cancel');
        if (error.code === 'already_paid') return 'The client paid before the cancel reached the server, so the sale is complete.';
        return awaited.has(row.id) ? null : `The payment link could not be canceled: ${error.message} It is still waiting for payment.`;
      },
    },
  };

  function requirePermission(session: StaffSession): void {
    if (!hasPermission(session.staff, 'send_payment_link')) throw new AppError('permission_denied', 'Your role cannot manage payment links.');
  }

  return {
    outboxHandlers,

    async send(input: LinkSendInput, context: SendContext): Promise<void> {
      const command = createLink(db, input, { ...context, online: deps.online(), serverNow: deps.serverNow(), now: deps.clock.now() });
      try {
        await sendAndWait(command.id);
      } catch (error) {
        if (error instanceof AppError && REFRESH_ON.has(error.code)) await deps.refreshCatalog().catch(() => {});
        throw error;
      }
    },

    async resend(input: { phone?: string | undefined; email?: string | undefined }, session: StaffSession): Promise<void> {
      requirePermission(session);
      const row = activeRow();
      if (row.serverId === null) throw new AppError('invalid_request', 'The link is still being sent. Resend it once it shows as sent.');
      if (row.pendingCommand === 'cancel') throw new AppError('invalid_request', 'This link is being canceled; it cannot be sent again.');
      if (row.expiresAt !== null && row.expiresAt <= deps.serverNow()) {
        throw new AppError('link_not_payable', 'This link has run out of time. Cancel it and send a new one.');
      }
      const corrections = resolveCorrections(input);
      const command = db.transaction((tx) => {
        setLink(tx, row.id, { pendingCommand: 'resend' });
        return enqueueCommand(
          tx,
          {
            kind: LINK_RESEND_COMMAND,
            subjectId: row.id,
            method: 'POST',
            path: `${API_PREFIX}/payment-links/${encodeURIComponent(row.serverId!)}/resend`,
            body: corrections,
            staffId: session.staff.id,
          },
          deps.clock.now(),
        );
      });
      await sendAndWait(command.id);
    },

    async cancel(session: StaffSession): Promise<void> {
      requirePermission(session);
      const row = activeRow();
      if (row.pendingCommand === 'cancel' || row.cancelRequested) return;
      if (row.serverId === null) {
        const create = db.select().from(outbox).where(eq(outbox.subjectId, row.id)).get();
        db.transaction((tx) => {
          if (create && create.status === 'pending' && create.attempts === 0) {
            // Never sent: nothing exists on the server, so both go.
            tx.delete(outbox).where(eq(outbox.id, create.id)).run();
            tx.delete(paymentLinks).where(eq(paymentLinks.id, row.id)).run();
          } else {
            setLink(tx, row.id, { cancelRequested: true, pendingCommand: 'cancel' });
          }
        });
        return;
      }
      const command = db.transaction((tx) => {
        setLink(tx, row.id, { pendingCommand: 'cancel' });
        return enqueueCancel(tx, row.id, session.staff.id, row.serverId!, deps.clock.now());
      });
      if (!deps.online()) {
        void deps.drainOutbox();
        return;
      }
      try {
        await sendAndWait(command.id);
      } catch (error) {
        if (error instanceof AppError && error.code === 'already_paid') return;
        throw error;
      }
    },

    dismiss(): void {
      const row = shownLinkRow(db);
      if (row && locksCart(localStateOf(row))) {
        throw new AppError('invalid_request', 'The link is still waiting for payment. Cancel it first.');
      }
      acknowledgeFinishedLinks(db, deps.clock.now());
    },
  };
}
export type LinkCommands = ReturnType<typeof createLinkCommands>;
