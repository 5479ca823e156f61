import type { Link, Sale } from '../../shared/contract/entities';
import type { PaymentAttempt } from '../../shared/contract/events';
import type { CountryCode } from 'libphonenumber-js';
import { cardBrandName, cardSummaryText } from '../../shared/domain/studio-format';
import { displayPhone } from './link-contact';

// The lines of the waiting panel, derived from the server's link (and its sale once paid). Each line has a stable
// key, so the same state seen twice (event, then poll) adds it once.

export type ActivityLine = { key: string; at: string; message: string };

const CHANNEL_NAME = { sms: 'SMS', email: 'Email' } as const;
export function paymentSentence(sale: Pick<Sale, 'payments'> | null): string {
  const card = sale?.payments.find((p) => p.cardBrand || p.cardLast4);
  if (!card) return 'Paid';
  // The card as the client's receipt writes it: "Visa •• 4242".
  return `Paid with ${cardSummaryText(card.cardBrand, card.cardLast4) ?? (card.cardBrand ? cardBrandName(card.cardBrand) : 'card')}`;
}

/** `seenAt` dates lines the link carries no time for (deliveries): the event's time, or the poll's. */
export function activityOf(link: Link, seenAt: string, sale: Pick<Sale, 'payments'> | null = null, phoneRegion?: CountryCode): ActivityLine[] {
  const lines: ActivityLine[] = [];
  for (const d of link.deliveries) {
    const key = `delivery:${link.resendCount}:${d.channel}:${d.to}:${d.status}`;
    // Phone numbers read as everywhere else on the register ("(555) 555-0101"), not as stored (E.164).
    const to = d.channel === 'sms' ? displayPhone(d.to, phoneRegion) : d.to;
    if (d.status === 'sent') lines.push({ key, at: seenAt, message: `${CHANNEL_NAME[d.channel]} sent to ${to}` });
    if (d.status === 'failed') {
      lines.push({ key, at: seenAt, message: `${CHANNEL_NAME[d.channel]} to ${to} failed${d.error ? `: ${d.error}` : ''}` });
    }
  }
  if (link.openedAt) lines.push({ key: 'opened', at: link.openedAt, message: 'Client opened the link' });
  for (let n = 1; n <= link.resendCount; n++) {
    lines.push({ key: `resent:${n}`, at: seenAt, message: n === 1 ? 'Link sent again' : `Link sent again (${n})` });
  }
  // The paid line waits for the sale, which says how it was paid.
  if (link.status === 'paid' && sale) lines.push({ key: 'paid', at: link.paidAt ?? seenAt, message: paymentSentence(sale) });
  if (link.status === 'canceled') lines.push({ key: 'canceled', at: link.canceledAt ?? seenAt, message: 'Link canceled; the held spots were released' });
  if (link.status === 'expired') lines.push({ key: 'expired', at: link.expiredAt ?? seenAt, message: 'Link expired; the held spots were released' });
  return lines;
}

const DECLINE_REASONS: Record<string, string> = {
  insufficient_funds: 'insufficient funds',
  card_declined: 'declined by the bank',
  expired_card: 'the card has expired',
  incorrect_cvc: 'the security code is wrong',
  card_not_supported: 'a card this studio cannot take',
};

/** Key of an attempt's line: `attempt:<id>:<outcome>` (the panel reads the newest one to say where the client is). */
export const ATTEMPT_KEY_PREFIX = 'attempt:';

/** The line staff read when the client's card is declined or the client is in a 3-D Secure step. */
export function attemptLine(attempt: PaymentAttempt, at: string): ActivityLine {
  const key = `${ATTEMPT_KEY_PREFIX}${attempt.id}:${attempt.outcome}`;
  if (attempt.outcome === 'authenticating') return { key, at, message: 'The client is verifying the card with their bank…' };
  if (attempt.code === 'authentication_failed') {
    return { key, at, message: 'Card not verified — the bank did not confirm it. The client can try again or use another card.' };
  }
  const reason = (attempt.code && DECLINE_REASONS[attempt.code]) ?? null;
  return { key, at, message: `Card declined${reason ? ` — ${reason}` : ''}. The client can try another card.` };
}
