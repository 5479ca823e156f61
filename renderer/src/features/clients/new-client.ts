import { checkEmail, checkPhone } from '../payment-link/contact';

// The Add client form's rules, checked at the desk before anything is sent (the engine and the server check again):
// a name, and a phone number or an email address or both, each in a form the register can use.

export type ClientDraft = { name: string; phone: string; email: string };
/** `contact`: neither a phone nor an email was given (shown once, for both fields). */
export type ClientDraftErrors = Partial<Record<keyof ClientDraft | 'contact', string>>;
export type CheckedClient = { ok: true; name: string; phone?: string; email?: string } | { ok: false; errors: ClientDraftErrors };

const NAME_MAX = 120;

/**
 * The form prefilled from what was searched: an email or a phone number goes to its field, words that read like a
 * name go to the name (capitalized when typed all in lower case, as searches usually are).
 */
export function draftFromQuery(query: string): ClientDraft {
  const text = query.trim();
  if (text.includes('@')) return { name: '', phone: '', email: text };
  if (/^[+\d\s().-]+$/.test(text) && /\d{3}/.test(text)) return { name: '', phone: text, email: '' };
  if (/^\p{L}[\p{L}\s'.-]*$/u.test(text)) {
    const name = text === text.toLowerCase() ? text.replace(/(^|[\s'-])\p{L}/gu, (start) => start.toUpperCase()) : text;
    return { name, phone: '', email: '' };
  }
  return { name: '', phone: '', email: '' };
}

export function checkNewClient(draft: ClientDraft): CheckedClient {
  const errors: ClientDraftErrors = {};
  const name = draft.name.trim();
  if (name === '') errors.name = 'Enter the client’s name.';
  else if (name.length > NAME_MAX) errors.name = `The name is too long (at most ${NAME_MAX} characters).`;
  else if (/[<>]/.test(name)) errors.name = 'The name cannot contain < or >.';
  const result: { phone?: string; email?: string } = {};
  if (draft.phone.trim() !== '') {
    const phone = checkPhone(draft.phone);
    if (phone.ok) result.phone = phone.value;
    else errors.phone = phone.message;
  }
  if (draft.email.trim() !== '') {
    const email = checkEmail(draft.email);
    if (email.ok) result.email = email.value;
    else errors.email = email.message;
  }
  if (draft.phone.trim() === '' && draft.email.trim() === '') errors.contact = 'Enter a phone number or an email address (or both).';
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, name, ...result };
}
