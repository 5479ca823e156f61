import type { PricedLine } from '../../../shared/contract/entities';
import { formatMoney } from '../../../shared/domain/money';
import { studioTimeText } from '../time/zoned-time';
import { escapeHtml } from './html';

// The invoice page: server-rendered, mobile-first, no third-party scripts in sandbox mode. Inline style and the
// countdown script carry the per-answer CSP nonce.

export type InvoiceFacts = {
  studioName: string;
  clientName: string;
  lines: readonly PricedLine[];
  totalCents: number;
  currency: string;
  /** The studio's time zone: class and appointment times are shown as the studio's clock shows them. */
  timeZone: string;
  expiresAtMs: number;
  nowMs: number;
  baseUrl: string; // `/{widget}/i/{id}`
};

export type StripeFacts = { publishableKey: string; clientSecret: string; returnUrl: string };

const STYLE = `*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;background:#f4f4f6}
main{max-width:30rem;margin:0 auto;padding:1rem}h1{font-size:1.4rem;margin:.5rem 0}h2{font-size:1.1rem}
.card{background:#fff;border-radius:.75rem;padding:1rem;margin:1rem 0;box-shadow:0 1px 3px rgba(0,0,0,.12)}
table{width:100%;border-collapse:collapse}td{padding:.35rem 0;vertical-align:top}td.amount{text-align:right;white-space:nowrap}
tr.total td{border-top:1px solid #ccc;font-weight:700;padding-top:.6rem}
label{display:block;font-weight:600;margin:.75rem 0 .25rem}input{width:100%;font-size:1.1rem;padding:.7rem;border:1px solid #888;border-radius:.5rem}
input:focus,button:focus{outline:3px solid #1d4ed8;outline-offset:2px}.row{display:flex;gap:.75rem}.row>div{flex:1}
button{width:100%;min-height:3rem;margin-top:1rem;font-size:1.1rem;font-weight:700;border:0;border-radius:.5rem;background:#1d4ed8;color:#fff;cursor:pointer}
button.secondary{background:#fff;color:#1d4ed8;border:2px solid #1d4ed8}
.alert{background:#fde8e8;color:#8a1111;border-radius:.5rem;padding:.75rem;margin:1rem 0;font-weight:600}
.ok{background:#e6f6ea;color:#145c26}.muted{color:#555;font-size:.9rem}`;

function page(title: string, nonce: string, body: string, head = ''): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer"><link rel="icon" href="data:,"><title>${escapeHtml(title)}</title><style nonce="${nonce}">${STYLE}</style>${head}</head>
<body><main>${body}</main></body></html>`;
}

const firstName = (name: string) => name.trim().split(/\s+/)[0] ?? name;

function linesTable(facts: InvoiceFacts): string {
  const rows = facts.lines
    .map((line) => {
      const what = `${line.quantity > 1 ? `${line.quantity} × ` : ''}${line.name}${line.seatLabel ? `, seat ${line.seatLabel}` : ''}`;
      const when = line.startsAt ? `<br><span class="muted">${escapeHtml(studioTimeText(Date.parse(line.startsAt), facts.timeZone))}</span>` : '';
      return `<tr><td>${escapeHtml(what)}${when}</td><td class="amount">${escapeHtml(formatMoney(line.totalCents, facts.currency))}</td></tr>`;
    })
    .join('');
  const total = `<tr class="total"><td>Total</td><td class="amount" id="total">${escapeHtml(formatMoney(facts.totalCents, facts.currency))}</td></tr>`;
  return `<table aria-label="What you are paying for"><tbody>${rows}${total}</tbody></table>`;
}

function timeLeftText(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s left`;
}

function countdown(facts: InvoiceFacts, nonce: string): string {
  // The deadline is counted from the server's own "now", so a wrong phone clock does not change the time left.
  const left = facts.expiresAtMs - facts.nowMs;
  return `<p id="time-left" role="timer" aria-live="off" data-left-ms="${left}">${timeLeftText(left)}</p>
<script nonce="${nonce}">(function(){var el=document.getElementById('time-left');var end=Date.now()+Number(el.dataset.leftMs);
function tick(){var s=Math.max(0,Math.floor((end-Date.now())/1000));el.textContent=s>0?Math.floor(s/60)+' min '+String(s%60).padStart(2,'0')+' s left':'This link has expired.';if(s>0)setTimeout(tick,1000);}tick();})();</script>`;
}

function header(facts: InvoiceFacts): string {
  return `<h1>${escapeHtml(facts.studioName)}</h1><p>Hi ${escapeHtml(firstName(facts.clientName))}, here is what you are paying for.</p>`;
}

export function invoicePage(facts: InvoiceFacts, nonce: string, options: { error?: string; values?: { name?: string }; stripe?: StripeFacts } = {}): string {
  const alert = options.error ? `<div class="alert" role="alert" id="payment-error">${escapeHtml(options.error)}</div>` : '';
  const pay = `Pay ${formatMoney(facts.totalCents, facts.currency)}`;
  const form = options.stripe
    ? `<form id="stripe-form"><div id="payment-element"></div><button type="submit">${escapeHtml(pay)}</button><div id="stripe-error" role="alert"></div></form>`
    : `<form method="post" action="${escapeHtml(facts.baseUrl)}/pay" autocomplete="on" novalidate>
<label for="cardNumber">Card number</label><input id="cardNumber" name="cardNumber" inputmode="numeric" autocomplete="cc-number" required maxlength="23" placeholder="1234 1234 1234 1234">
<div class="row"><div><label for="expiry">Expiry (MM/YY)</label><input id="expiry" name="expiry" inputmode="numeric" autocomplete="cc-exp" required maxlength="7" placeholder="MM/YY"></div>
<div><label for="cvc">Security code</label><input id="cvc" name="cvc" inputmode="numeric" autocomplete="cc-csc" required maxlength="4" placeholder="CVC"></div></div>
<label for="name">Name on card</label><input id="name" name="name" autocomplete="cc-name" required maxlength="100" value="${escapeHtml(options.values?.name ?? '')}">
<button type="submit">${escapeHtml(pay)}</button></form>
<p class="muted">Test studio: use 4242 4242 4242 4242, any future expiry and any CVC.</p>`;
  const stripeHead = options.stripe ? `<script src="https://js.stripe.com/v3/" nonce="${nonce}"></script>` : '';
  const stripeScript = options.stripe
    ? `<script nonce="${nonce}" id="stripe-setup" data-key="${escapeHtml(options.stripe.publishableKey)}" data-secret="${escapeHtml(options.stripe.clientSecret)}" data-return="${escapeHtml(options.stripe.returnUrl)}">(function(){var d=document.getElementById('stripe-setup').dataset;var stripe=Stripe(d.key);var elements=stripe.elements({clientSecret:d.secret});elements.create('payment').mount('#payment-element');
document.getElementById('stripe-form').addEventListener('submit',function(e){e.preventDefault();stripe.confirmPayment({elements:elements,confirmParams:{return_url:d['return']}}).then(function(r){if(r.error)document.getElementById('stripe-error').textContent=r.error.message;});});})();</script>`
    : '';
  const body = `${header(facts)}<section class="card">${linesTable(facts)}</section>${countdown(facts, nonce)}${alert}
<section class="card" aria-labelledby="pay-title"><h2 id="pay-title">Pay by card</h2>${form}</section>${stripeScript}`;
  return page(`${facts.studioName}: pay ${formatMoney(facts.totalCents, facts.currency)}`, nonce, body, stripeHead);
}

export function challengePage(facts: InvoiceFacts, nonce: string, attemptId: string): string {
  const action = `${facts.baseUrl}/challenge/${attemptId}`;
  const body = `${header(facts)}<section class="card" aria-labelledby="challenge-title"><h2 id="challenge-title">Confirm it is you</h2>
<p>Your bank asks you to confirm this payment of <strong>${escapeHtml(formatMoney(facts.totalCents, facts.currency))}</strong> (3-D Secure test).</p>
<form method="post" action="${escapeHtml(action)}"><input type="hidden" name="result" value="complete"><button type="submit">Complete authentication</button></form>
<form method="post" action="${escapeHtml(action)}"><input type="hidden" name="result" value="fail"><button type="submit" class="secondary">Fail authentication</button></form></section>`;
  return page('Confirm your payment', nonce, body);
}

export type ClosedState = 'paid' | 'expired' | 'canceled';

export function closedPage(facts: InvoiceFacts, nonce: string, state: ClosedState, extra: { receiptNumber?: string; card?: string } = {}): string {
  const total = formatMoney(facts.totalCents, facts.currency);
  const message =
    state === 'paid'
      ? `<div class="alert ok" role="status" id="link-state" data-state="paid">Paid. Thank you! We received ${escapeHtml(total)}${extra.card ? ` from your ${escapeHtml(extra.card)}` : ''}.</div>${extra.receiptNumber ? `<p>Receipt ${escapeHtml(extra.receiptNumber)}</p>` : ''}`
      : state === 'expired'
        ? `<div class="alert" role="status" id="link-state" data-state="expired">This payment link has expired. Nothing was charged. Please ask ${escapeHtml(facts.studioName)} for a new link.</div>`
        : `<div class="alert" role="status" id="link-state" data-state="canceled">This payment link was canceled. Nothing was charged. Please ask ${escapeHtml(facts.studioName)} if you still want to pay.</div>`;
  return page(`${facts.studioName}: ${state}`, nonce, `${header(facts)}${message}<section class="card">${linesTable(facts)}</section>`);
}

export function messagePage(title: string, text: string, nonce: string): string {
  return page(title, nonce, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p>`);
}
