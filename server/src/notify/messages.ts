import type { PricedLine } from '../../../shared/contract/entities';
import { formatMoney } from '../../../shared/domain/money';
import type { DeliveryKind } from '../db/schema';
import { escapeHtml } from '../pages/html';

/** A message as it goes out (or into the dev outbox). */
export type OutgoingMessage = { channel: 'sms' | 'email'; to: string; subject?: string; text: string; html?: string };

export type MessageFacts = {
  kind: DeliveryKind;
  channel: 'sms' | 'email';
  to: string;
  studioName: string;
  clientName: string;
  url: string;
  lines: readonly PricedLine[];
  totalCents: number;
  currency: string;
  expiresAtMs: number;
  nowMs: number;
  receiptNumber?: string;
};

const firstName = (name: string) => name.trim().split(/\s+/)[0] ?? name;

function minutesLeft(facts: MessageFacts): number {
  return Math.max(1, Math.round((facts.expiresAtMs - facts.nowMs) / 60_000));
}

function lineText(line: PricedLine, currency: string): string {
  const what = line.quantity > 1 ? `${line.quantity} × ${line.name}` : line.name;
  const extra = line.seatLabel ? ` (seat ${line.seatLabel})` : '';
  return `${what}${extra}: ${formatMoney(line.totalCents, currency)}`;
}

/** The words of each message: a short SMS; an email in text and HTML with the lines. */
export function composeMessage(facts: MessageFacts): OutgoingMessage {
  const total = formatMoney(facts.totalCents, facts.currency);
  const hello = `Hi ${firstName(facts.clientName)},`;
  const lines = facts.lines.map((line) => lineText(line, facts.currency));
  if (facts.kind === 'receipt') {
    const subject = `Your receipt from ${facts.studioName}`;
    const text = [
      hello,
      '',
      `Thank you: we received ${total}.`,
      ...lines.map((l) => `- ${l}`),
      '',
      `Receipt ${facts.receiptNumber ?? ''}`.trim(),
      facts.studioName,
    ].join('\n');
    const html = emailHtml(
      subject,
      [escapeHtml(hello), `Thank you: we received <strong>${escapeHtml(total)}</strong>.`],
      lines,
      facts.receiptNumber ? `Receipt ${facts.receiptNumber}` : '',
    );
    return { channel: 'email', to: facts.to, subject, text, html };
  }
  const expires = `expires in ${minutesLeft(facts)} minutes`;
  if (facts.channel === 'sms') {
    return { channel: 'sms', to: facts.to, text: `${facts.studioName}: ${total} to pay. ${facts.url} (${expires})` };
  }
  const subject = `${facts.studioName}: your payment link for ${total}`;
  const text = [
    hello,
    '',
    `${facts.studioName} sent you a payment link for ${total}:`,
    ...lines.map((l) => `- ${l}`),
    '',
    `Pay here: ${facts.url}`,
    `The link ${expires}.`,
  ].join('\n');
  const html = emailHtml(
    subject,
    [escapeHtml(hello), `${escapeHtml(facts.studioName)} sent you a payment link for <strong>${escapeHtml(total)}</strong>.`],
    lines,
    `<a href="${escapeHtml(facts.url)}">Pay ${escapeHtml(total)}</a><br>The link ${escapeHtml(expires)}.`,
  );
  return { channel: 'email', to: facts.to, subject, text, html };
}

function emailHtml(title: string, intro: string[], lines: string[], footer: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body>${intro
    .map((p) => `<p>${p}</p>`)
    .join('')}<ul>${lines.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul><p>${footer}</p></body></html>`;
}
