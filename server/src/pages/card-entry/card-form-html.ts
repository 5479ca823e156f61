import {
  cardBrandOf,
  cardNumberDigits,
  cvcHint,
  cvcLength,
  fieldErrorsSentence,
  typedBrandLabel,
  type CardEntryInput,
  type CardField,
  type CardFieldError,
} from '@frontdesk/shared/domain/card-entry';
import { escapeHtml } from '../html';

// The sandbox card form. It works as a plain form POST; the page script (card-entry-script.ts) adds formatting
// and live checks over the same markup. Each field's error sits under it, tied by aria-describedby, and what the
// client typed comes back in the fields after a refusal, a decline or a failed 3-D Secure step. The number and
// code are echoed only into the client's own page (sandbox test cards, answered with no-store), never logged.

export type CardFieldErrors = Partial<Record<CardField, CardFieldError>>;
export type CardFormState = { values: CardEntryInput; errors: CardFieldErrors; message?: string | undefined };

const LIMITS: Record<CardField, number> = { cardNumber: 40, expiry: 20, cvc: 8, name: 100 };
const FIELDS: CardField[] = ['cardNumber', 'expiry', 'cvc', 'name'];

/** What the client typed in a posted form, cut to each field's limit, for showing it again. */
export function typedCardValues(form: Record<string, string> | undefined): CardEntryInput {
  const values: CardEntryInput = {};
  for (const field of FIELDS) {
    const value = form?.[field];
    if (typeof value === 'string') values[field] = value.slice(0, LIMITS[field]);
  }
  return values;
}

/** The typed values as hidden fields, so a step in between (3-D Secure) can give them back to the form. */
export function keptCardFields(values: CardEntryInput): string {
  return FIELDS.map((field) => {
    const value = values[field];
    return value === undefined ? '' : `<input type="hidden" name="${field}" value="${escapeHtml(value)}">`;
  }).join('');
}

type FieldSpec = { field: CardField; attributes: string; hint?: string; autofocus: boolean };

function input(spec: FieldSpec, state: CardFormState): string {
  const error = state.errors[spec.field];
  const described = [spec.hint ? `${spec.field}-hint` : '', error ? `${spec.field}-error` : ''].filter(Boolean).join(' ');
  const value = state.values[spec.field];
  const attributes = [
    `id="${spec.field}" name="${spec.field}" ${spec.attributes}`,
    value ? `value="${escapeHtml(value)}"` : '',
    spec.hint ? `data-hint="${spec.field}-hint"` : '',
    described ? `aria-describedby="${described}"` : '',
    error ? 'aria-invalid="true"' : '',
    spec.autofocus ? 'autofocus' : '',
  ].filter(Boolean);
  const hint = spec.hint ? `<p class="hint" id="${spec.field}-hint">${escapeHtml(spec.hint)}</p>` : '';
  return `<input ${attributes.join(' ')} required>${hint}<p class="field-error" id="${spec.field}-error">${error ? escapeHtml(error.message) : ''}</p>`;
}

export function cardForm(options: { action: string; payLabel: string; state: CardFormState }): string {
  const { state } = options;
  const brand = cardBrandOf(cardNumberDigits(state.values.cardNumber ?? ''));
  const firstWrong = FIELDS.find((field) => state.errors[field]);
  const spec = (field: CardField, attributes: string, hint?: string): FieldSpec => ({
    field,
    attributes,
    autofocus: field === firstWrong,
    ...(hint ? { hint } : {}),
  });
  const wrongCount = FIELDS.filter((field) => state.errors[field]).length;
  const message = state.message ?? (wrongCount > 0 ? fieldErrorsSentence(wrongCount) : '');
  const numeric = 'type="text" inputmode="numeric" spellcheck="false"';
  return `<div id="form-message" class="message${message ? ' alert' : ''}" role="alert">${escapeHtml(message)}</div>
<form id="card-form" method="post" action="${escapeHtml(options.action)}" autocomplete="on" novalidate>
<div class="label-row"><label for="cardNumber">Card number</label><span id="card-brand" class="brand" aria-live="polite">${typedBrandLabel(brand)}</span></div>
${input(spec('cardNumber', `${numeric} autocomplete="cc-number" maxlength="26" placeholder="1234 1234 1234 1234"`), state)}
<div class="row"><div><label for="expiry">Expiry (MM/YY)</label>${input(spec('expiry', `${numeric} autocomplete="cc-exp" maxlength="7" placeholder="MM/YY"`), state)}</div>
<div><label for="cvc">Security code</label>${input(spec('cvc', `${numeric} autocomplete="cc-csc" maxlength="${cvcLength(brand)}" placeholder="CVC"`, cvcHint(brand)), state)}</div></div>
<label for="name">Name on card</label>${input(spec('name', 'type="text" autocomplete="cc-name" maxlength="100"'), state)}
<button type="submit" data-label="${escapeHtml(options.payLabel)}">${escapeHtml(options.payLabel)}</button></form>
<p class="muted">Test studio: use 4242 4242 4242 4242, any future expiry and any CVC.</p>`;
}
