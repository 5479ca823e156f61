import { eq } from 'drizzle-orm';
import { LinkSchema, type Link } from '../../shared/contract/entities';
import { AppError } from '../../shared/contract/errors';
import { hasPermission } from '../../shared/domain/permissions';
import type { LocalDb } from '../../db/open-database';
import { outbox } from '../../db/schema';
import { errorFromAnswer, type RawAnswer } from './api-client';
import type { EngineClock } from './engine-clock';
import { resolveCorrections } from './link-contact';
import { LINK_CANCEL_COMMAND, LINK_CREATE_COMMAND, LINK_RESEND_COMMAND } from './command-kinds';
import { dismissEndedLinks, runLinkInput, settleCommand, type LinkRunContext } from './link-interpreter';
import { isInTray, locksCart, type LinkCommandKind, type LinkInput } from './link-machine';
import { createLink, type LinkSendInput, type SendContext } from './link-send';
import { lockingLink, onScreenLinkRow, readLinkRow, rowForSale, stateOf, type LinkRow } from './link-store';
import { getMeta } from './meta-store';
import type { OutboxKindHandler } from './outbox';
import type { StaffSession } from './staff-auth';
import { studioRegion } from './studio-region';

// Staff commands on payment links (send, resend, cancel, dismiss, serve next client, reopen), each one input to the
// link's state machine; the outbox handlers of the three link commands; and the short wait after writing a command
// so the server's answer (or refusal) comes back to the person who asked.

export type LinkCommandDeps = {
  db: LocalDb;
  clock: EngineClock;
  serverNow(): number;
  online(): boolean;
  drainOutbox(): Promise<void>;
  refreshCatalog(): Promise<void>;
  /** How long a command waits for the server's answer before it is left to the outbox. */
  sendWaitMs: number;
  outcomes: LinkOutcomes;
};

const REFRESH_ON = new Set(['total_mismatch', 'seat_unavailable', 'capacity_unavailable']);
const COMMAND_OF: Record<string, LinkCommandKind> = {
  [LINK_CREATE_COMMAND]: 'create',
  [LINK_RESEND_COMMAND]: 'resend',
  [LINK_CANCEL_COMMAND]: 'cancel',
};

/** The server's link carried by an answer: `{link}`, or an error's details.link (409 already_paid). */
function linkFromAnswer(answer: RawAnswer): Link | null {
  const json = answer.json as { link?: unknown; error?: { details?: { link?: unknown } } } | null;
  const parsed = LinkSchema.safeParse(json?.link ?? json?.error?.details?.link);
  return parsed.success ? parsed.data : null;
}

/** Which link a staff command is about: the one named (a parked link chosen in the tray), or the current cart's. */
export type LinkTarget = { linkId?: string | undefined };

/**
 * What a settled link command does locally (the outbox's handlers): the answer or refusal goes to the link's state
 * machine. `awaited` holds the outbox ids someone is waiting for at the desk, so a refusal is told in the dialog, not
 * again as a notice.
 */
export function createLinkOutcomes(deps: { clock: EngineClock; serverNow(): number }) {
  const awaited = new Set<string>();
  const ctx = (): LinkRunContext => ({ now: deps.clock.now(), serverNow: deps.serverNow() });
  const settle = (kind: string): OutboxKindHandler => ({
    onDone: (tx, row, answer) => {
      if (row.subjectId) settleCommand(tx, row.subjectId, { command: COMMAND_OF[kind]!, link: linkFromAnswer(answer), ok: true }, ctx());
    },
    onFailed(tx, row, error, answer) {
      if (!row.subjectId) return null;
      const outcome = { command: COMMAND_OF[kind]!, link: linkFromAnswer(answer), ok: false as const, ...error, awaited: awaited.has(row.id) };
      settleCommand(tx, row.subjectId, outcome, ctx());
      // The link's state machine tells staff (as a notice) what the refusal means.
      return null;
    },
  });

  const handlers: Record<string, OutboxKindHandler> = {
    [LINK_CREATE_COMMAND]: settle(LINK_CREATE_COMMAND),
    [LINK_RESEND_COMMAND]: settle(LINK_RESEND_COMMAND),
    [LINK_CANCEL_COMMAND]: settle(LINK_CANCEL_COMMAND),
  };

  return { awaited, handlers };
}
type LinkOutcomes = ReturnType<typeof createLinkOutcomes>;

export function createLinkCommands(deps: LinkCommandDeps) {
  const { db } = deps;
  const awaited = deps.outcomes.awaited;
  const ctx = (staffId?: string): LinkRunContext => ({ now: deps.clock.now(), serverNow: deps.serverNow(), ...(staffId ? { staffId } : {}) });

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

  function target(input: LinkTarget, fallback: () => LinkRow | null): LinkRow {
    const row = input.linkId ? readLinkRow(db, input.linkId) : fallback();
    if (!row) throw new AppError('not_found', 'There is no such payment link on this register.');
    return row;
  }
  const currentLocking = () => {
    const cartId = getMeta(db, 'currentCartId');
    return cartId ? lockingLink(db, cartId) : null;
  };
  /** The newest outbox command written for this link by this input, to wait for its answer. */
  const newestCommand = (rowId: string, kind: string) =>
    db
      .select()
      .from(outbox)
      .where(eq(outbox.subjectId, rowId))
      .all()
      .filter((r) => r.kind === kind && r.status === 'pending')
      .sort((a, b) => b.createdAt - a.createdAt || b.id.localeCompare(a.id))[0] ?? null;

  function requirePermission(session: StaffSession): void {
    if (!hasPermission(session.staff, 'send_payment_link')) throw new AppError('permission_denied', 'Your role cannot manage payment links.');
  }
  const run = (row: LinkRow, input: LinkInput, extra: Partial<LinkRunContext> = {}) => runLinkInput(db, row.id, input, { ...ctx(), ...extra });

  return {
    async send(input: LinkSendInput, context: SendContext): Promise<void> {
      const command = createLink(db, input, { ...context, online: deps.online(), serverNow: deps.serverNow(), now: deps.clock.now() });
      try {
        await sendAndWait(command.id);
      } catch (error) {
        if (error instanceof AppError && REFRESH_ON.has(error.code)) await deps.refreshCatalog().catch(() => {});
        throw error;
      }
    },

    async resend(input: LinkTarget & { phone?: string | undefined; email?: string | undefined }, session: StaffSession): Promise<void> {
      requirePermission(session);
      const row = target(input, currentLocking);
      const corrections = resolveCorrections(input, studioRegion(db).phoneRegion);
      run(row, { type: 'resend', serverNow: deps.serverNow() }, { staffId: session.staff.id, resendBody: corrections });
      const command = newestCommand(row.id, LINK_RESEND_COMMAND);
      if (command) await sendAndWait(command.id);
    },

    async cancel(input: LinkTarget, session: StaffSession): Promise<void> {
      requirePermission(session);
      const row = target(input, currentLocking);
      const create = db
        .select()
        .from(outbox)
        .where(eq(outbox.subjectId, row.id))
        .all()
        .find((r) => r.kind === LINK_CREATE_COMMAND);
      const createSent = !create || create.attempts > 0 || create.status !== 'pending';
      run(row, { type: 'cancel', createSent }, { staffId: session.staff.id });
      const command = newestCommand(row.id, LINK_CANCEL_COMMAND);
      if (!command) return;
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

    /** Staff saw how a link ended: it leaves the tray (and the Sell screen). */
    dismiss(input: LinkTarget): void {
      // Nothing on screen to dismiss is not an error: the panel may already be gone (two clicks, two windows).
      if (!input.linkId && !onScreenLinkRow(db)) return;
      run(
        target(input, () => onScreenLinkRow(db)),
        { type: 'dismiss' },
      );
    },

    /** Serve next client: the current cart and its pending link wait in the tray; a new empty cart opens. */
    park(): void {
      const row = currentLocking();
      if (!row) throw new AppError('not_found', 'There is no payment link waiting for this cart.');
      run(row, { type: 'park' });
    },

    /** Staff moved on (the cart changed, a receipt closed, a sale made): ended links of that cart leave the panel and tray. */
    moveOn(cartId: string | null = getMeta(db, 'currentCartId')): void {
      if (cartId) dismissEndedLinks(db, cartId, ctx());
    },

    /** A receipt closed: the paid link it came from leaves the tray. */
    receiptSeen(saleId: string): void {
      const row = rowForSale(db, { id: saleId });
      if (row && isInTray(stateOf(row)) && !locksCart(stateOf(row))) run(row, { type: 'dismiss' });
    },

    /** Reopens the cart of an ended link (expired, canceled, given up) for editing or another payment method. */
    reopen(input: { linkId: string }): void {
      run(
        target(input, () => null),
        { type: 'open' },
      );
    },
  };
}
export type LinkCommands = ReturnType<typeof createLinkCommands>;
