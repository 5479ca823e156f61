import { describe, expect, it } from 'vitest';
import { DEFAULT_ROLE_PERMISSIONS } from '../../shared/domain/permissions';
import { canViewSales, viewsFor } from '../../renderer/src/features/reports/sales-access';

const VIEWS = [{ id: 'sell' }, { id: 'sales' }, { id: 'roster' }] as const;

describe("who sees the Today's sales tab", () => {
  it.each([
    ['owner', true],
    ['manager', true],
    ['franchisee', true],
    ['front_desk', true],
    ['teacher_restricted', false],
    ['guest', false],
  ] as const)('%s: %s', (role, allowed) => {
    const staff = { permissions: DEFAULT_ROLE_PERMISSIONS[role] };
    expect(canViewSales(staff)).toBe(allowed);
    expect(viewsFor(VIEWS, staff).map((v) => v.id)).toEqual(allowed ? ['sell', 'sales', 'roster'] : ['sell', 'roster']);
  });

  it('nobody signed in sees no sales', () => {
    expect(canViewSales(null)).toBe(false);
  });
});
