import { describe, expect, it } from 'vitest';
import { checkNewClient, draftFromQuery } from '../../renderer/src/features/clients/new-client';

describe('Add client: the form prefilled from the search', () => {
  it.each([
    ['jordan lee', { name: 'Jordan Lee', phone: '', email: '' }],
    ["mary-kate o'neil", { name: "Mary-Kate O'Neil", phone: '', email: '' }],
    ['McKenzie Ray', { name: 'McKenzie Ray', phone: '', email: '' }],
    ['(555) 555-0199', { name: '', phone: '(555) 555-0199', email: '' }],
    ['riley@example.com', { name: '', phone: '', email: 'riley@example.com' }],
    ['r2d2', { name: '', phone: '', email: '' }],
  ])('%s', (query, draft) => expect(draftFromQuery(query)).toEqual(draft));
});

describe('Add client: what the desk checks before sending', () => {
  it('needs a name and a phone or an email; normalizes the phone to E.164', () => {
    expect(checkNewClient({ name: ' Jordan Lee ', phone: '(555) 555-0160', email: '' })).toEqual({ ok: true, name: 'Jordan Lee', phone: '+15555550160' });
    expect(checkNewClient({ name: 'Jordan', phone: '', email: ' j@example.com ' })).toEqual({ ok: true, name: 'Jordan', email: 'j@example.com' });
    expect(checkNewClient({ name: '', phone: '', email: '' })).toEqual({
      ok: false,
      errors: { name: 'Enter the client’s name.', contact: 'Enter a phone number or an email address (or both).' },
    });
  });

  it('refuses a bad phone, a bad email and markup in the name, each next to its field', () => {
    const checked = checkNewClient({ name: '<b>x</b>', phone: '12', email: 'nope@' });
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(Object.keys(checked.errors).sort()).toEqual(['email', 'name', 'phone']);
  });
});
