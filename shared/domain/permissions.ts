import type { Permission, Role } from '../contract/entities';

/** The default permissions of each role. Permissions are data: the server stores them per role and may edit them. */
export const DEFAULT_ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  owner: ['send_payment_link', 'take_payment', 'view_sales'],
  manager: ['send_payment_link', 'take_payment', 'view_sales'],
  franchisee: ['send_payment_link', 'take_payment', 'view_sales'],
  front_desk: ['send_payment_link', 'take_payment', 'view_sales'],
  teacher_restricted: ['take_payment'],
  guest: ['take_payment'],
};

export function hasPermission(staff: { permissions: readonly string[] }, permission: Permission): boolean {
  return staff.permissions.includes(permission);
}
