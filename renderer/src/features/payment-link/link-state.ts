import type { LinkView } from '../../../../shared/contract/register-view';
import { displayPhone } from './contact';

// How the register shows its current link. While one waits (or a command about it is not yet confirmed) the cart is
// locked and the waiting panel replaces checkout; a paid one keeps it until its sale is recorded. An expired or
// canceled one leaves the cart open: the engine says why in a notice.

export type LinkStage =
  | { kind: 'none' }
  | { kind: 'waiting'; link: LinkView }
  | { kind: 'paid'; link: LinkView }
  | { kind: 'ended'; link: LinkView };

export function linkStage(link: LinkView | null): LinkStage {
  if (!link) return { kind: 'none' };
  if (link.pendingCommand !== null || link.status === 'pending') return { kind: 'waiting', link };
  if (link.status === 'paid') return { kind: 'paid', link };
  return { kind: 'ended', link };
}

/** The cart and the catalog take no changes while a link waits or its payment is being recorded. */
export function isCartLocked(link: LinkView | null): boolean {
  const kind = linkStage(link).kind;
  return kind === 'waiting' || kind === 'paid';
}

const CHANNEL_NAME = { sms: 'SMS', email: 'Email' } as const;

/** "SMS to (555) 555-0101: sent", "Email to maya@…: failed — mailbox full". */
export function deliveryText(delivery: LinkView['deliveries'][number]): string {
  const to = `${CHANNEL_NAME[delivery.channel]} to ${delivery.channel === 'sms' ? displayPhone(delivery.to) || delivery.to : delivery.to}`;
  if (delivery.status === 'failed') return `${to}: failed${delivery.error ? ` — ${delivery.error}` : ''}`;
  return `${to}: ${delivery.status === 'sent' ? 'sent' : 'sending…'}`;
}
