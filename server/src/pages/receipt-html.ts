import type { PricedLine } from '@frontdesk/shared/contract/entities';
import { cardSummaryText, formatStudioDateTime, formatStudioDayAndTime, formatStudioMoney, type StudioClock } from '@frontdesk/shared/domain/studio-format';
import { escapeHtml } from './html';

// The receipt page a paid link's client opens from their message: server-rendered, no script, a few hundred bytes
// of style (carrying the answer's CSP nonce), readable on a phone and by a screen reader.

export type ReceiptFacts = {
  studio: StudioClock & { name: string };
  clientName: string | null;
  receiptNumber: string;
  lines: readonly PricedLine[];
  totalCents: number;
  currency: string;
  paidAtMs: number;
  card: { brand: string | null; last4: string } | undefined;
};

const STYLE = `*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;background:#f4f4f6}
main{max-width:30rem;margin:0 auto;padding:1rem}h1{font-size:1.4rem;margin:.5rem 0}h2{font-size:1.2rem;margin:0 0 .5rem;color:#145c26}
.card{background:#fff;border-radius:.75rem;padding:1rem;margin:1rem 0;box-shadow:0 1px 3px rgba(0,0,0,.12)}
table{width:100%;border-collapse:collapse}th{text-align:left;font-weight:400}td,th{padding:.35rem 0;vertical-align:top}td{text-align:right;white-space:nowrap}
tr.total th,tr.total td{border-top:1px solid #ccc;font-weight:700;padding-top:.6rem}.muted{color:#555;font-size:.9rem}
caption{text-align:left;padding-bottom:.25rem}dl{display:grid;grid-template-columns:auto 1fr;gap:.25rem 1rem;margin:0}dt{color:#555}dd{margin:0}`;

/** `lang` is the studio's locale: the words are English, the dates and money are written its way. */
function page(title: string, locale: string, nonce: string, body: string): string {
  return `<!doctype html>
<html lang="${escapeHtml(locale)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer"><meta name="robots" content="noindex"><link rel="icon" href="data:,"><title>${escapeHtml(title)}</title><style nonce="${nonce}">${STYLE}</style></head>
<body><main>${body}</main></body></html>`;
}

const firstName = (name: string) => name.trim().split(/\s+/)[0] ?? name;

function lineRow(line: PricedLine, facts: ReceiptFacts): string {
  const what = `${line.quantity > 1 ? `${line.quantity} × ` : ''}${line.name}`;
  const when = line.startsAt ? formatStudioDayAndTime(Date.parse(line.startsAt), facts.studio) : undefined;
  const booking = [when, line.seatLabel ? `seat ${line.seatLabel}` : undefined].filter(Boolean).join(', ');
  const detail = booking ? `<br><span class="muted">${escapeHtml(booking)}</span>` : '';
  return `<tr><th scope="row">${escapeHtml(what)}${detail}</th><td>${escapeHtml(formatStudioMoney(line.totalCents, facts.currency, facts.studio.locale))}</td></tr>`;
}

export function receiptPage(facts: ReceiptFacts, nonce: string): string {
  const { studio } = facts;
  const total = formatStudioMoney(facts.totalCents, facts.currency, studio.locale);
  const thanks = facts.clientName ? `Paid — thank you, ${firstName(facts.clientName)}` : 'Paid — thank you';
  const card = facts.card ? cardSummaryText(facts.card.brand, facts.card.last4) : undefined;
  const rows = facts.lines.map((line) => lineRow(line, facts)).join('');
  const body = `<h1>${escapeHtml(studio.name)}</h1>
<section class="card" aria-labelledby="paid-title"><h2 id="paid-title">${escapeHtml(thanks)}</h2>
<dl><dt>Receipt</dt><dd id="receipt-number">${escapeHtml(facts.receiptNumber)}</dd>
<dt>Paid</dt><dd>${escapeHtml(formatStudioDateTime(facts.paidAtMs, studio))}</dd>
${card ? `<dt>Card</dt><dd id="card">${escapeHtml(card)}</dd>` : ''}</dl></section>
<section class="card"><table><caption class="muted">What you paid for</caption><tbody>${rows}
<tr class="total"><th scope="row">Total</th><td id="total">${escapeHtml(total)}</td></tr></tbody></table></section>
<p class="muted">Keep this page as your receipt. Questions? Contact ${escapeHtml(studio.name)}.</p>`;
  return page(`Receipt ${facts.receiptNumber} from ${studio.name}`, studio.locale, nonce, body);
}

/** A page with a heading and a sentence (no receipt found, too many tries): the studio is unknown, so plain English. */
export function receiptMessagePage(title: string, text: string, nonce: string): string {
  return page(title, 'en', nonce, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p>`);
}
