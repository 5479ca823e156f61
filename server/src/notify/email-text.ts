import type { PricedLine } from '@frontdesk/shared/contract/entities';
import {
  cardSummaryText,
  formatStudioDateTime,
  formatStudioDayAndTime,
  formatStudioMoney,
  formatStudioTime,
  type StudioClock,
} from '@frontdesk/shared/domain/studio-format';
import { escapeHtml } from '../pages/html';
import type { LinkMessageFacts, ReceiptMessageFacts } from './messages';

// Emails in text and HTML, saying the same: each line with its booking (day, time, seat), the total, and the
// link's expiry or the receipt's payment. Everything from data is escaped in the HTML; the text has no markup.

const firstName = (name: string) => name.trim().split(/\s+/)[0] ?? name;

type Email = { subject: string; text: string; html: string };
type LineWords = { what: string; booking: string | undefined; amount: string };

function lineWords(line: PricedLine, clock: StudioClock, currency: string): LineWords {
  const when = line.startsAt ? formatStudioDayAndTime(Date.parse(line.startsAt), clock) : undefined;
  const booking = [when, line.seatLabel ? `seat ${line.seatLabel}` : undefined].filter(Boolean).join(', ');
  return {
    what: line.quantity > 1 ? `${line.quantity} × ${line.name}` : line.name,
    booking: booking || undefined,
    amount: formatStudioMoney(line.totalCents, currency, clock.locale),
  };
}

function linesText(lines: readonly LineWords[], total: string): string[] {
  return [...lines.flatMap((l) => [`- ${l.what}: ${l.amount}`, ...(l.booking ? [`  ${l.booking}`] : [])]), `Total: ${total}`];
}

function linesHtml(lines: readonly LineWords[], total: string): string {
  const items = lines
    .map((l) => `<li>${escapeHtml(`${l.what}: ${l.amount}`)}${l.booking ? `<br><span style="color:#555">${escapeHtml(l.booking)}</span>` : ''}</li>`)
    .join('');
  return `<ul>${items}</ul><p>Total: <strong>${escapeHtml(total)}</strong></p>`;
}

/** `parts` are already HTML (each escaped where it is made). */
function page(title: string, locale: string, parts: readonly string[]): string {
  return `<!doctype html><html lang="${escapeHtml(locale)}"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body>${parts.join('')}</body></html>`;
}

export function linkEmail(facts: LinkMessageFacts): Email {
  const { studio } = facts;
  const total = formatStudioMoney(facts.totalCents, facts.currency, studio.locale);
  const lines = facts.lines.map((line) => lineWords(line, studio, facts.currency));
  const expires = `The link expires at ${formatStudioTime(facts.expiresAtMs, studio)}.`;
  const hello = `Hi ${firstName(facts.clientName)},`;
  const subject = `${studio.name}: your payment link for ${total}`;
  const text = [hello, '', `${studio.name} sent you a payment link for ${total}:`, ...linesText(lines, total), '', `Pay here: ${facts.url}`, expires].join(
    '\n',
  );
  const html = page(subject, studio.locale, [
    `<p>${escapeHtml(hello)}</p>`,
    `<p>${escapeHtml(studio.name)} sent you a payment link for <strong>${escapeHtml(total)}</strong>.</p>`,
    linesHtml(lines, total),
    `<p><a href="${escapeHtml(facts.url)}">Pay ${escapeHtml(total)}</a><br>${escapeHtml(expires)}</p>`,
  ]);
  return { subject, text, html };
}

export function receiptEmail(facts: ReceiptMessageFacts): Email {
  const { studio } = facts;
  const total = formatStudioMoney(facts.totalCents, facts.currency, studio.locale);
  const lines = facts.lines.map((line) => lineWords(line, studio, facts.currency));
  const paid = `Paid ${formatStudioDateTime(facts.paidAtMs, studio)}${facts.card ? ` with ${cardSummaryText(facts.card.brand, facts.card.last4)}` : ''}.`;
  const hello = `Hi ${firstName(facts.clientName)},`;
  const subject = `Your receipt from ${studio.name}`;
  const text = [
    hello,
    '',
    `Thank you: we received ${total}.`,
    ...linesText(lines, total),
    '',
    paid,
    `Receipt ${facts.receiptNumber}: ${facts.receiptUrl}`,
    studio.name,
  ].join('\n');
  const html = page(subject, studio.locale, [
    `<p>${escapeHtml(hello)}</p>`,
    `<p>Thank you: we received <strong>${escapeHtml(total)}</strong>.</p>`,
    linesHtml(lines, total),
    `<p>${escapeHtml(paid)}<br><a href="${escapeHtml(facts.receiptUrl)}">Receipt ${escapeHtml(facts.receiptNumber)}</a></p>`,
    `<p>${escapeHtml(studio.name)}</p>`,
  ]);
  return { subject, text, html };
}
