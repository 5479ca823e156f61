import { hasPermission } from '../../../../shared/domain/permissions';

// The day's sales are money figures: only staff whose role has view_sales see the tab (the engine and the
// server refuse the others too, with a sentence the sales view shows in place of the table).

type StaffPermissions = { permissions: readonly string[] } | null | undefined;

export function canViewSales(staff: StaffPermissions): boolean {
  return staff ? hasPermission(staff, 'view_sales') : false;
}

/** The views of the top bar this staff member may open, in order. */
export function viewsFor<V extends { id: string }>(views: readonly V[], staff: StaffPermissions): V[] {
  return views.filter((view) => view.id !== 'sales' || canViewSales(staff));
}
