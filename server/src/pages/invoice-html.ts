import type { PricedLine } from '@frontdesk/shared/contract/entities';
import type { CardEntryInput } from '@frontdesk/shared/domain/card-entry';
import { DEFAULT_STUDIO_LOCALE } from '@frontdesk/shared/domain/studio-locale';
import { CARD_ENTRY_SCRIPT } from './card-entry/card-entry-script';
import { cardForm, keptCardFields, type CardFieldErrors } from './card-entry/card-form-html';
import { escapeHtml } from './html';
import { pageFormat, type PageFormat } from './page-format';
import { page } from './page-shell';

// The invoice page and the pages of its steps: server-rendered, no third-party scripts in sandbox mode, whole
// without JavaScript. The one inline script (countdown, card formatting, live checks) carries the CSP nonce.

export type InvoiceFacts = {
  studioName: string;
  clientName: string;
  lines: readonly PricedLine[];
  totalCents: number;
  currency: string;
  /** The studio's time zone: class and appointment times are shown as the studio's clock shows them. */
  timeZone: string;
  /** The studio's locale (BCP 47); en-US when not given. */
  locale?: string;
  expiresAtMs: number;
  nowMs: number;
  baseUrl: string; // `/{widget}/i/{id}`
};

type StripeFacts = { publishableKey: string; clientSecret: string; returnUrl: string };

const URGENT_MS = 2 * 60_000;
const formatOf = (facts: InvoiceFacts): PageFormat =>
  pageFormat({ currency: facts.currency, timeZone: facts.timeZone, locale: facts.locale ?? DEFAULT_STUDIO_LOCALE });
const firstName = (name: string) => name.trim().split(/\s+/)[0] ?? name;
const holdsPlace = (facts: InvoiceFacts) => facts.lines.some((line) => line.startsAt);

/** What the page says once the link ran out, with JavaScript (at zero) or without (on submit). */
function expiredSentence(facts: InvoiceFacts): string {
  const released = holdsPlace(facts) ? ' and your spot was released' : '';
  return `This payment link has expired${released}. Nothing was charged. Please ask ${facts.studioName} for a new link.`;
}

function linesTable(facts: InvoiceFacts, name: string): string {
  const format = formatOf(facts);
  const rows = facts.lines
    .map((line) => {
      const what = `${line.quantity > 1 ? `${line.quantity} × ` : ''}${line.name}${line.seatLabel ? `, seat ${line.seatLabel}` : ''}`;
      const when = line.startsAt ? `<br><span class="muted">${escapeHtml(format.dateTime(Date.parse(line.startsAt)))}</span>` : '';
      return `<tr><td>${escapeHtml(what)}${when}</td><td class="amount">${escapeHtml(format.money(line.totalCents))}</td></tr>`;
    })
    .join('');
  const total = `<tr class="total"><td>Total</td><td class="amount" id="total">${escapeHtml(format.money(facts.totalCents))}</td></tr>`;
  return `<table aria-label="${escapeHtml(name)}"><tbody>${rows}${total}</tbody></table>`;
}

function timeLeftText(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s left`;
}

/**
 * The time left, first thing under the greeting. The script counts it down from the server's clock (expiry and
 * server time at render, advanced by performance.now()), says so in the last two minutes, and at zero turns the
 * form off and says the link expired.
 */
function timer(facts: InvoiceFacts): string {
  const left = facts.expiresAtMs - facts.nowMs;
  const urgent = left <= URGENT_MS;
  const until = formatOf(facts).time(facts.expiresAtMs);
  const urgentText = holdsPlace(facts) ? 'Less than 2 minutes left: pay now to keep your spot.' : 'Less than 2 minutes left to pay.';
  const untilHtml = `<span class="nowrap">${escapeHtml(until)}</span>`;
  const note = urgent ? escapeHtml(urgentText) : holdsPlace(facts) ? `Your spot is held for you until ${untilHtml}.` : `This link works until ${untilHtml}.`;
  return `<div class="timer${urgent ? ' urgent' : ''}" id="timer" data-urgent-text="${escapeHtml(urgentText)}" data-expired-text="${escapeHtml(expiredSentence(facts))}">
<p class="timer-label">Time left to pay</p><p id="time-left" role="timer" aria-live="off" data-expires-at="${facts.expiresAtMs}" data-server-now="${facts.nowMs}">${timeLeftText(left)}</p>
<p id="time-note" role="status">${note}</p></div>`;
}

function greeting(facts: InvoiceFacts): string {
  return `<h1>${escapeHtml(facts.studioName)}</h1><p>Hi ${escapeHtml(firstName(facts.clientName))}, here is what you are paying for.</p>`;
}

export type InvoicePageOptions = { error?: string; values?: CardEntryInput; fieldErrors?: CardFieldErrors; stripe?: StripeFacts };

export function invoicePage(facts: InvoiceFacts, nonce: string, options: InvoicePageOptions = {}): string {
  const format = formatOf(facts);
  const pay = `Pay ${format.money(facts.totalCents)}`;
  const values = { name: facts.clientName, ...options.values };
  const form = options.stripe
    ? `<div id="form-message" class="message${options.error ? ' alert' : ''}" role="alert">${escapeHtml(options.error ?? '')}</div><form id="stripe-form"><div id="payment-element"></div><button type="submit">${escapeHtml(pay)}</button><div id="stripe-error" role="alert"></div></form>`
    : cardForm({ action: `${facts.baseUrl}/pay`, payLabel: pay, state: { values, errors: options.fieldErrors ?? {}, message: options.error } });
  const stripeHead = options.stripe ? `<script src="https://js.stripe.com/v3/" nonce="${nonce}"></script>` : '';
  const stripeScript = options.stripe
    ? `<script nonce="${nonce}" id="stripe-setup" data-key="${escapeHtml(options.stripe.publishableKey)}" data-secret="${escapeHtml(options.stripe.clientSecret)}" data-return="${escapeHtml(options.stripe.returnUrl)}">(function(){var d=document.getElementById('stripe-setup').dataset;var stripe=Stripe(d.key);var elements=stripe.elements({clientSecret:d.secret});elements.create('payment').mount('#payment-element');
document.getElementById('stripe-form').addEventListener('submit',function(e){e.preventDefault();stripe.confirmPayment({elements:elements,confirmParams:{return_url:d['return']}}).then(function(r){if(r.error)document.getElementById('stripe-error').textContent=r.error.message;});});})();</script>`
    : '';
  const body = `${greeting(facts)}${timer(facts)}<section class="card">${linesTable(facts, 'What you are paying for')}</section>
<section class="card" aria-labelledby="pay-title"><h2 id="pay-title">Pay by card</h2>${form}</section>${stripeScript}`;
  return page({
    title: `${facts.studioName}: pay ${format.money(facts.totalCents)}`,
    lang: format.lang,
    nonce,
    body,
    head: stripeHead,
    script: CARD_ENTRY_SCRIPT,
  });
}

/** The sandbox's 3-D Secure step. Both answers carry what the client typed, so a failed step gives it back. */
export function challengePage(facts: InvoiceFacts, nonce: string, attemptId: string, values: CardEntryInput = {}): string {
  const format = formatOf(facts);
  const action = escapeHtml(`${facts.baseUrl}/challenge/${attemptId}`);
  const kept = keptCardFields(values);
  const body = `${greeting(facts)}${timer(facts)}<section class="card" aria-labelledby="challenge-title"><h2 id="challenge-title">Confirm it is you</h2>
<div id="form-message" class="message" role="alert"></div>
<p>Your bank asks you to confirm this payment of <strong>${escapeHtml(format.money(facts.totalCents))}</strong> (3-D Secure test).</p>
<form method="post" action="${action}"><input type="hidden" name="result" value="complete">${kept}<button type="submit">Complete authentication</button></form>
<form method="post" action="${action}"><input type="hidden" name="result" value="fail">${kept}<button type="submit" class="secondary">Fail authentication</button></form></section>`;
  return page({ title: 'Confirm your payment', lang: format.lang, nonce, body, script: CARD_ENTRY_SCRIPT });
}

export type ClosedState = 'paid' | 'expired' | 'canceled';
export type PaidFacts = {
  receiptNumber?: string | undefined;
  card?: { brand: string | null; last4: string | null } | undefined;
  paidAtMs?: number | undefined;
};

/** Paid: thanks by first name, the receipt, what was bought and when it is booked. Expired, canceled: nothing charged. */
export function closedPage(facts: InvoiceFacts, nonce: string, state: ClosedState, paid: PaidFacts = {}): string {
  const format = formatOf(facts);
  const studio = `<h1>${escapeHtml(facts.studioName)}</h1>`;
  if (state === 'paid') {
    const card = paid.card ? format.card(paid.card.brand, paid.card.last4) : undefined;
    const received = `We received ${escapeHtml(format.money(facts.totalCents))}${card ? ` from your ${escapeHtml(card)}` : ''}.`;
    const receipt = paid.receiptNumber ? `<h2 id="receipt-title">Receipt ${escapeHtml(paid.receiptNumber)}</h2>` : '<h2 id="receipt-title">Receipt</h2>';
    const when = paid.paidAtMs ? `<p class="muted">Paid ${escapeHtml(format.dateTime(paid.paidAtMs))}</p>` : '';
    const body = `${studio}<div class="alert ok" role="status" id="link-state" data-state="paid"><h2>Paid — thank you, ${escapeHtml(firstName(facts.clientName))}</h2><p>${received}</p></div>
<section class="card" aria-labelledby="receipt-title">${receipt}${when}${linesTable(facts, 'What you paid for')}</section>`;
    return page({ title: `${facts.studioName}: paid`, lang: format.lang, nonce, body });
  }
  const message =
    state === 'expired'
      ? `<div class="alert" role="status" id="link-state" data-state="expired">${escapeHtml(expiredSentence(facts))}</div>`
      : `<div class="alert" role="status" id="link-state" data-state="canceled">This payment link was canceled. Nothing was charged. Please ask ${escapeHtml(facts.studioName)} if you still want to pay.</div>`;
  return page({
    title: `${facts.studioName}: ${state}`,
    lang: format.lang,
    nonce,
    body: `${studio}${message}<section class="card">${linesTable(facts, 'Your order')}</section>`,
  });
}

export function messagePage(title: string, text: string, nonce: string): string {
  return page({ title, lang: DEFAULT_STUDIO_LOCALE, nonce, body: `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p>` });
}
