import {
  cardBrandOf,
  cardNumberDigits,
  cardNumberLengths,
  checkCardNumber,
  checkCvc,
  checkExpiry,
  checkName,
  cvcHint,
  cvcLength,
  expiryNotPast,
  fieldErrorsSentence,
  formatCardNumber,
  formatExpiry,
  luhnValid,
  parseExpiry,
  typedBrandLabel,
} from '@frontdesk/shared/domain/card-entry';

// The invoice page's one inline script (it runs under the page's CSP nonce): the countdown, and the card form's
// formatting and live checks. The rules are not written twice: the script carries the source text of the very
// functions the server's form handler runs (shared/domain/card-entry.ts), so both judge a card the same way.

const RULES = [
  cardNumberDigits,
  cardBrandOf,
  typedBrandLabel,
  cardNumberLengths,
  cvcLength,
  cvcHint,
  fieldErrorsSentence,
  luhnValid,
  formatCardNumber,
  formatExpiry,
  parseExpiry,
  expiryNotPast,
  checkCardNumber,
  checkExpiry,
  checkCvc,
  checkName,
];

// What the page does with the rules. The clock is the server's: its time at render (data-server-now) advanced by
// performance.now(), which a wrong or changed phone clock does not move.
const BEHAVIOUR = `
var started = performance.now();
var timer = document.getElementById('time-left');
var box = document.getElementById('timer');
var serverNow = timer ? Number(timer.getAttribute('data-server-now')) : Date.now();
var message = document.getElementById('form-message');
function nowMs() { return serverNow + (performance.now() - started); }
function leftText(ms) { var s = Math.ceil(ms / 1000); return Math.floor(s / 60) + ' min ' + String(s % 60).padStart(2, '0') + ' s left'; }
function expire() {
  timer.textContent = 'Expired';
  box.className = 'timer expired';
  document.getElementById('time-note').textContent = '';
  var controls = document.querySelectorAll('form input, form button');
  for (var i = 0; i < controls.length; i += 1) controls[i].disabled = true;
  if (message) { message.className = 'message alert'; message.textContent = box.getAttribute('data-expired-text'); }
}
function tick() {
  var left = deadline - performance.now();
  if (left <= 0) return expire();
  timer.textContent = leftText(left);
  if (left <= 120000 && box.className === 'timer') {
    box.className = 'timer urgent';
    document.getElementById('time-note').textContent = box.getAttribute('data-urgent-text');
  }
  setTimeout(tick, left % 1000 || 1000);
}
if (timer) { var deadline = started + (Number(timer.getAttribute('data-expires-at')) - serverNow); tick(); }

var form = document.getElementById('card-form');
var FIELDS = ['cardNumber', 'expiry', 'cvc', 'name'];
function field(name) { return document.getElementById(name); }
function check(name) {
  var value = field(name).value;
  if (name === 'cardNumber') return checkCardNumber(value);
  if (name === 'expiry') return checkExpiry(value, nowMs());
  if (name === 'cvc') return checkCvc(value, field('cardNumber').value);
  return checkName(value);
}
function show(name, error) {
  var input = field(name);
  var hint = input.getAttribute('data-hint');
  var ids = [];
  document.getElementById(name + '-error').textContent = error ? error.message : '';
  if (hint) ids.push(hint);
  if (error) { ids.push(name + '-error'); input.setAttribute('aria-invalid', 'true'); } else input.removeAttribute('aria-invalid');
  if (ids.length > 0) input.setAttribute('aria-describedby', ids.join(' ')); else input.removeAttribute('aria-describedby');
}
function reformat(input, next) {
  if (next === input.value) return;
  var focused = document.activeElement === input;
  var atEnd = input.selectionStart === input.value.length;
  var digitsBefore = input.value.slice(0, input.selectionStart || 0).replace(/\\D/g, '').length;
  input.value = next;
  if (!focused) return;
  var at = 0;
  for (var seen = 0; at < next.length && seen < digitsBefore; at += 1) if (/\\d/.test(next.charAt(at))) seen += 1;
  if (atEnd) at = next.length;
  input.setSelectionRange(at, at);
}
function brandChanged() {
  var brand = cardBrandOf(cardNumberDigits(field('cardNumber').value));
  document.getElementById('card-brand').textContent = typedBrandLabel(brand);
  document.getElementById('cvc-hint').textContent = cvcHint(brand);
  field('cvc').maxLength = cvcLength(brand);
}
if (form) {
  FIELDS.forEach(function (name) {
    var input = field(name);
    input.addEventListener('input', function (event) {
      if (name === 'cardNumber') { reformat(input, formatCardNumber(input.value)); brandChanged(); }
      if (name === 'expiry') reformat(input, formatExpiry(input.value, /^delete/.test(event.inputType || '')));
      if (name === 'cvc') reformat(input, input.value.replace(/\\D/g, '').slice(0, input.maxLength > 0 ? input.maxLength : 4));
      if (input.getAttribute('aria-invalid') === 'true') show(name, check(name));
    });
    input.addEventListener('blur', function () { if (input.value.trim() !== '') show(name, check(name)); });
  });
  form.addEventListener('submit', function (event) {
    var wrong = FIELDS.filter(function (name) { var error = check(name); show(name, error); return !!error; });
    if (wrong.length > 0) {
      event.preventDefault();
      message.className = 'message alert';
      message.textContent = fieldErrorsSentence(wrong.length);
      field(wrong[0]).focus();
      return;
    }
    var button = form.querySelector('button');
    button.disabled = true;
    button.textContent = 'Paying…';
  });
  window.addEventListener('pageshow', function (event) {
    if (event.persisted) { var button = form.querySelector('button'); button.disabled = false; button.textContent = button.getAttribute('data-label'); }
  });
  brandChanged();
}
`;

/** The script's text, made once: the rules' source, then the page's behaviour, in one function scope. */
// tsx (esbuild's keepNames) wraps a function's inner named functions in __name(fn, "name"): a no-op here.
export const CARD_ENTRY_SCRIPT = `(function(){"use strict";var __name=function(f){return f};
${RULES.map((rule) => rule.toString()).join('\n')}
${BEHAVIOUR.replace(/\n\s+/g, '\n')}})();`;
