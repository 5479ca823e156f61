import { describe, expect, it } from 'vitest';
import { channelsOf, checkContact, checkEmail, checkPhone, defaultChoice, displayPhone } from '../../renderer/src/features/payment-link/contact';

describe('payment link contact', () => {
  it('turns a phone number as staff type it into E.164, US by default', () => {
    expect(checkPhone('(212) 555-0123')).toEqual({ ok: true, value: '+12125550123' });
    expect(checkPhone(' 212.555.0123 ')).toEqual({ ok: true, value: '+12125550123' });
    expect(checkPhone('+44 20 7946 0958')).toEqual({ ok: true, value: '+442079460958' });
    // The demo clients' numbers (555 test exchange) are possible numbers, as the server accepts them.
    expect(checkPhone('+15555550101')).toEqual({ ok: true, value: '+15555550101' });
  });

  it('refuses a phone number that cannot be one, with a sentence', () => {
    for (const text of ['', '555', '12345678901234567', 'call me']) {
      const result = checkPhone(text);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.message).toMatch(/phone|mobile/i);
    }
  });

  it('checks the shape of an email address', () => {
    expect(checkEmail(' maya.chen@example.com ')).toEqual({ ok: true, value: 'maya.chen@example.com' });
    for (const text of ['', 'maya@', 'maya@example', 'maya chen@example.com', '@example.com']) expect(checkEmail(text).ok).toBe(false);
  });

  it('checks only the fields the chosen channels use', () => {
    const draft = { phone: 'nope', email: 'maya@example.com' };
    expect(checkContact(draft, 'email')).toEqual({ ok: true, email: 'maya@example.com' });
    expect(checkContact(draft, 'sms')).toMatchObject({ ok: false, errors: { phone: expect.any(String) } });
    const both = checkContact({ phone: '', email: 'x' }, 'both');
    expect(both.ok).toBe(false);
    if (!both.ok) expect(Object.keys(both.errors).sort()).toEqual(['email', 'phone']);
  });

  it('offers the channels the client profile can receive', () => {
    expect(defaultChoice({ email: 'a@b.co', phone: '+12125550123' })).toBe('both');
    expect(defaultChoice({ phone: '+12125550123' })).toBe('sms');
    expect(defaultChoice({ email: 'a@b.co' })).toBe('email');
    expect(defaultChoice(null)).toBe('email');
    expect(channelsOf('both')).toEqual(['sms', 'email']);
    expect(channelsOf('sms')).toEqual(['sms']);
  });

  it('shows a stored number the way staff read it', () => {
    expect(displayPhone('+12125550123')).toBe('(212) 555-0123');
    expect(displayPhone('+442079460958')).toBe('+44 20 7946 0958');
    expect(displayPhone(undefined)).toBe('');
  });
});
