import { describe, expect, it } from 'vitest';
import type { Link } from '../../shared/contract/entities';
import { activityOf, paymentSentence } from '../../electron/register/link-activity';
import { normalizePhone, resolveCorrections, resolveDelivery } from '../../electron/register/link-contact';
import { mergeServerLink } from '../../electron/register/link-merge';

// The small pure pieces of the link engine: contact normalization, activity lines, and merging reads of a link.

const link = (over: Partial<Link> = {}): Link => ({
  id: 'lnk_1',
  url: 'http://x/demo-studio/i/lnk_1',
  status: 'pending',
  cartId: 'cart_1',
  clientId: 'cli_1',
  clientName: 'Maya Chen',
  totalCents: 2500,
  currency: 'USD',
  lines: [],
  createdAt: '2026-03-02T15:00:00.000Z',
  expiresAt: '2026-03-02T15:15:00.000Z',
  resendCount: 0,
  deliveries: [{ channel: 'sms', to: '+15555550101', status: 'queued' }],
  ...over,
});

describe('link contact', () => {
  it.each([
    ['(555) 555-0101', '+15555550101'],
    ['555.555.0101', '+15555550101'],
    ['+44 20 7946 0958', '+442079460958'],
    [' +1 212 555 0100 ', '+12125550100'],
  ])('%s → %s', (raw, e164) => expect(normalizePhone(raw)).toBe(e164));

  it.each(['12', 'abc', '+1 555', ''])('refuses %j with field phone', (raw) => {
    expect(() => normalizePhone(raw)).toThrow(expect.objectContaining({ code: 'invalid_contact', details: { field: 'phone' } }));
  });

  it('falls back to the client profile and needs an address for each channel', () => {
    const maya = { phone: '+15555550101', email: 'maya@example.com' };
    expect(resolveDelivery({ channels: ['sms', 'email'] }, maya)).toEqual({ channels: ['sms', 'email'], phone: '+15555550101', email: 'maya@example.com' });
    expect(resolveDelivery({ channels: ['email'], email: ' other@example.com ' }, maya)).toEqual({ channels: ['email'], email: 'other@example.com' });
    expect(() => resolveDelivery({ channels: ['sms'] }, {})).toThrow(expect.objectContaining({ code: 'invalid_contact', details: { field: 'phone' } }));
    expect(() => resolveDelivery({ channels: ['email'] }, { phone: '+15555550101' })).toThrow(
      expect.objectContaining({ code: 'invalid_contact', details: { field: 'email' } }),
    );
    expect(resolveCorrections({ phone: '', email: undefined })).toEqual({});
    expect(resolveCorrections({ phone: '555 555 0199' })).toEqual({ phone: '+15555550199' });
  });
});

describe('link activity', () => {
  it('says what happened, once per fact', () => {
    const lines = activityOf(
      link({
        deliveries: [
          { channel: 'sms', to: '+15555550101', status: 'sent' },
          { channel: 'email', to: 'maya@example.com', status: 'failed', error: 'mailbox full' },
        ],
        openedAt: '2026-03-02T15:01:00.000Z',
        resendCount: 1,
      }),
      '2026-03-02T15:02:00.000Z',
    );
    expect(lines.map((l) => l.message)).toEqual([
      'SMS sent to (555) 555-0101',
      'Email to maya@example.com failed: mailbox full',
      'Client opened the link',
      'Link sent again',
    ]);
    expect(new Set(lines.map((l) => l.key)).size).toBe(lines.length);
  });

  it('describes the card of a paid link once its sale is known', () => {
    expect(paymentSentence({ payments: [{ method: 'payment_link', amountCents: 1, cardBrand: 'visa', cardLast4: '4242' }] })).toBe('Paid with Visa •• 4242');
    expect(paymentSentence(null)).toBe('Paid');
    expect(activityOf(link({ status: 'paid' }), 'x', null).some((l) => l.key === 'paid')).toBe(false);
  });
});

describe('mergeServerLink', () => {
  it('never moves a fact backwards (a replayed create answer after its events)', () => {
    const newer = link({ deliveries: [{ channel: 'sms', to: '+15555550101', status: 'sent' }], openedAt: '2026-03-02T15:01:00.000Z' });
    const merged = mergeServerLink(newer, link());
    expect(merged.deliveries[0]!.status).toBe('sent');
    expect(merged.openedAt).toBe('2026-03-02T15:01:00.000Z');
    const paid = link({ status: 'paid', saleId: 's1', paidAt: '2026-03-02T15:05:00.000Z' });
    expect(mergeServerLink(paid, link()).status).toBe('paid');
    expect(mergeServerLink(link({ resendCount: 2 }), link({ resendCount: 1 })).resendCount).toBe(2);
    expect(mergeServerLink(link({ resendCount: 2 }), link({ resendCount: 1, status: 'canceled' })).status).toBe('canceled');
  });

  it('takes the newer read when it is newer', () => {
    const resent = link({ resendCount: 1, deliveries: [{ channel: 'sms', to: '+15555550199', status: 'queued' }] });
    expect(mergeServerLink(link({ deliveries: [{ channel: 'sms', to: '+15555550101', status: 'sent' }] }), resent)).toEqual(resent);
    expect(mergeServerLink(null, link()).status).toBe('pending');
  });
});
