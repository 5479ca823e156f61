import { describe, expect, it } from 'vitest';
import { linkEligibility } from '../../shared/domain/link-eligibility';
import { DEFAULT_ROLE_PERMISSIONS } from '../../shared/domain/permissions';
import { TODAY } from './catalog-fixture';

const frontDesk = { permissions: [...DEFAULT_ROLE_PERMISSIONS.front_desk] };
const teacher = { permissions: [...DEFAULT_ROLE_PERMISSIONS.teacher_restricted] };
const base = { staff: frontDesk, clientId: 'maya', lines: [{}], today: TODAY, online: true };

describe('linkEligibility (DESIGN.md section 4 rules)', () => {
  it.each([
    ['allowed for a client cart online', base, 'allowed', undefined],
    ['hidden without the permission', { ...base, staff: teacher }, 'hidden', 'permission_denied'],
    ['hidden for a walk-in', { ...base, clientId: null }, 'hidden', 'client_required'],
    ['hidden for a future charge-later membership', { ...base, lines: [{ startsOn: '2026-12-05', chargeLater: true }] }, 'hidden', 'deferred_subscription'],
    ['disabled for an empty cart', { ...base, lines: [] }, 'disabled', 'empty_cart'],
    ['disabled while a link is active', { ...base, activeLinkId: 'L1' }, 'disabled', 'link_already_active'],
    ['disabled offline', { ...base, online: false }, 'disabled', 'offline'],
  ] as const)('%s', (_name, input, kind, code) => {
    const result = linkEligibility(input);
    expect(result.kind).toBe(kind);
    if (result.kind !== 'allowed') {
      expect(result.code).toBe(code);
      expect(result.message.length).toBeGreaterThan(10);
    }
  });

  it('gives every role of the brief the permission it names', () => {
    for (const role of ['owner', 'manager', 'franchisee', 'front_desk'] as const) {
      expect(DEFAULT_ROLE_PERMISSIONS[role]).toContain('send_payment_link');
    }
    for (const role of ['teacher_restricted', 'guest'] as const) {
      expect(DEFAULT_ROLE_PERMISSIONS[role]).not.toContain('send_payment_link');
    }
  });
});
