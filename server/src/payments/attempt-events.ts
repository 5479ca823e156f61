import type { PaymentAttempt, ServerEvent } from '@frontdesk/shared/contract/events';
import type { AppContext } from '../app-context';
import type { Tx } from '../db/database';
import { appendLinkEvent } from '../links/link-events';
import type { LinkRow } from '../links/link-view';

// The client's progress on the invoice page reaches the register: a 3-D Secure step started, or a card declined or
// not confirmed by the bank. One event per attempt outcome, in the attempt's own transaction.

export function appendAttemptEvent(ctx: AppContext, tx: Tx, row: LinkRow, attempt: PaymentAttempt, nowMs: number): Promise<ServerEvent> {
  const type = attempt.outcome === 'authenticating' ? 'link.authenticating' : 'link.payment_failed';
  return appendLinkEvent(ctx, tx, row, type, nowMs, { attempt });
}
