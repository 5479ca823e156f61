import type { ConnectionState, LinkPhase, LinkView, OutboxWaiting } from '../../../../shared/contract/register-view';
import { displayPhone } from './contact';

// How the register shows a link. The engine tells each link's state as one phase; everything here is said from
// that phase alone, so the panel and the tray never show two contradictory lines. While a link is active its cart is
// locked and the waiting panel replaces checkout; a paid one keeps it until its sale is recorded.

export type LinkStage = { kind: 'none' } | { kind: 'waiting'; link: LinkView } | { kind: 'paid'; link: LinkView } | { kind: 'ended'; link: LinkView };

const ACTIVE: ReadonlySet<LinkPhase> = new Set(['sending', 'waiting', 'resending', 'cancel_queued']);

export function isActive(link: LinkView): boolean {
  return ACTIVE.has(link.phase);
}

export function linkStage(link: LinkView | null): LinkStage {
  if (!link) return { kind: 'none' };
  if (isActive(link)) return { kind: 'waiting', link };
  if (link.phase === 'paid') return { kind: 'paid', link };
  return { kind: 'ended', link };
}

/**
 * A link created to be shown as a QR code only: the server has it (it has an id) and it has no deliveries, since
 * the server queues one per channel in the same transaction that creates the link.
 */
export function isQrOnly(link: Pick<LinkView, 'id' | 'deliveries'>): boolean {
  return link.id !== null && link.deliveries.length === 0;
}

/** The one sentence of where a link stands, beside its countdown, or null while it simply waits. */
export function phaseSentence(phase: LinkPhase, connection: ConnectionState): string | null {
  switch (phase) {
    case 'sending':
      return connection.kind === 'offline' ? 'Sending the link — it goes out when the server is back' : 'Sending the link…';
    case 'resending':
      return 'Sending the link again…';
    case 'cancel_queued':
      return connection.kind === 'offline' ? 'Cancel queued — it is sent when the server is back' : 'Canceling — waiting for the server to confirm';
    case 'given_up':
      return 'Canceled here while the server was out of reach; its time ran out, so the cart is open again';
    case 'paid':
      return 'Paid';
    case 'expired':
      return 'Expired — the held spots were released';
    case 'canceled':
      return 'Canceled — the held spots were released';
    case 'unknown':
      return 'The server no longer knows this link — the cart is open again';
    case 'refused':
      return 'Not sent — the server refused the link; the cart is open again';
    case 'waiting':
      return null;
  }
}

/** The tray's short mark of a link: "Paid", "Expired", "Cancel queued", … or null while it waits with time left. */
export function trayMark(link: LinkView): string | null {
  switch (link.phase) {
    case 'sending':
      return 'Sending…';
    case 'resending':
      return 'Sending again…';
    case 'cancel_queued':
      return 'Cancel queued';
    case 'given_up':
      return 'Stopped waiting';
    case 'paid':
      return link.saleId ? 'Paid' : 'Paid — recording…';
    case 'expired':
      return 'Expired';
    case 'canceled':
      return 'Canceled';
    case 'unknown':
      return 'Closed';
    case 'refused':
      return 'Not sent';
    case 'waiting':
      return null;
  }
}

/** The latest thing that happened to the link (sent, delivery failed, opened, paid, expired, canceled). */
export function latestActivity(link: LinkView): string | null {
  return link.activity.at(-1)?.message ?? null;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "1 cash sale, 1 cancel waiting to sync", or null when nothing waits. */
export function outboxWords(waiting: OutboxWaiting): string | null {
  const parts = [
    waiting.cashSales > 0 ? plural(waiting.cashSales, 'cash sale', 'cash sales') : null,
    waiting.cardSales > 0 ? plural(waiting.cardSales, 'card sale', 'card sales') : null,
    waiting.links > 0 ? plural(waiting.links, 'payment link', 'payment links') : null,
    waiting.resends > 0 ? plural(waiting.resends, 'resend', 'resends') : null,
    waiting.cancels > 0 ? plural(waiting.cancels, 'cancel', 'cancels') : null,
  ].filter((part): part is string => part !== null);
  return parts.length === 0 ? null : `${parts.join(', ')} waiting to sync`;
}

const CHANNEL_NAME = { sms: 'SMS', email: 'Email' } as const;

/** "SMS to (555) 555-0101: sent", "Email to maya@…: failed — mailbox full". */
export function deliveryText(delivery: LinkView['deliveries'][number]): string {
  const to = `${CHANNEL_NAME[delivery.channel]} to ${delivery.channel === 'sms' ? displayPhone(delivery.to) || delivery.to : delivery.to}`;
  if (delivery.status === 'failed') return `${to}: failed${delivery.error ? ` — ${delivery.error}` : ''}`;
  return `${to}: ${delivery.status === 'sent' ? 'sent' : 'sending…'}`;
}
