import { and, eq, gt } from 'drizzle-orm';
import type { Permission, Role, Staff } from '@frontdesk/shared/contract/entities';
import { AppError } from '@frontdesk/shared/contract/errors';
import type { AppContext } from '../app-context';
import { locations, registers, roles, staff, staffSessions } from '../db/schema';
import type { IncomingHttpHeaders } from 'node:http';
import { bearerToken, hashToken, REGISTER_TOKEN_PREFIX, STAFF_TOKEN_PREFIX } from './tokens';

type LocationRow = typeof locations.$inferSelect;
type RegisterRow = typeof registers.$inferSelect;
export type RegisterAuth = { kind: 'register'; register: RegisterRow; location: LocationRow };
export type StaffAuth = { kind: 'staff'; register: RegisterRow; location: LocationRow; staff: Staff };

/** What authentication reads of a request: its headers (the bearer token). */
type RouteRequest = { headers: IncomingHttpHeaders };

const unauthorized = () => new AppError('unauthorized', 'Sign in first: this request needs a valid token.');

export async function registerByToken(ctx: AppContext, token: string | undefined): Promise<RegisterAuth | undefined> {
  if (!token?.startsWith(REGISTER_TOKEN_PREFIX)) return undefined;
  const [row] = await ctx.db
    .select({ register: registers, location: locations })
    .from(registers)
    .innerJoin(locations, eq(locations.id, registers.locationId))
    .where(eq(registers.tokenHash, hashToken(token)));
  return row ? { kind: 'register', ...row } : undefined;
}

async function staffByToken(ctx: AppContext, token: string): Promise<StaffAuth | undefined> {
  const [row] = await ctx.db
    .select({ staff, register: registers, location: locations, permissions: roles.permissions })
    .from(staffSessions)
    .innerJoin(staff, eq(staff.id, staffSessions.staffId))
    .innerJoin(registers, eq(registers.id, staffSessions.registerId))
    .innerJoin(locations, eq(locations.id, staffSessions.locationId))
    .leftJoin(roles, and(eq(roles.locationId, staff.locationId), eq(roles.name, staff.role)))
    .where(and(eq(staffSessions.tokenHash, hashToken(token)), gt(staffSessions.expiresAt, new Date(ctx.now()))));
  if (!row || !row.staff.active) return undefined;
  return {
    kind: 'staff',
    register: row.register,
    location: row.location,
    staff: toStaff(row.staff, row.permissions ?? []),
  };
}

export function toStaff(row: { id: string; name: string; role: Role }, permissions: Permission[]): Staff {
  return { id: row.id, name: row.name, role: row.role, permissions };
}

export async function requireRegister(ctx: AppContext, request: RouteRequest): Promise<RegisterAuth> {
  const found = await registerByToken(ctx, bearerToken(request.headers.authorization));
  if (!found) throw unauthorized();
  return found;
}

export async function requireStaff(ctx: AppContext, request: RouteRequest, permission?: Permission): Promise<StaffAuth> {
  const token = bearerToken(request.headers.authorization);
  const found = token?.startsWith(STAFF_TOKEN_PREFIX) ? await staffByToken(ctx, token) : undefined;
  if (!found) throw unauthorized();
  if (permission && !found.staff.permissions.includes(permission)) {
    throw new AppError('permission_denied', `Your role (${found.staff.role}) is not allowed to do this.`, { permission });
  }
  return found;
}

/**
 * A staff-only request: a register token (or none) is refused with a sentence that says a staff sign-in is
 * needed for `what`, then the permission is checked as requireStaff does.
 */
export async function requireStaffFor(ctx: AppContext, request: RouteRequest, permission: Permission, what: string): Promise<StaffAuth> {
  const token = bearerToken(request.headers.authorization);
  if (!token?.startsWith(STAFF_TOKEN_PREFIX)) {
    throw new AppError('unauthorized', `Reading ${what} needs a staff sign-in (a staff token with the ${permission} permission), not a register token.`, {
      permission,
    });
  }
  return requireStaff(ctx, request, permission);
}

/** Reads that any device of the location may make: a register token or a staff token. */
export async function requireRegisterOrStaff(ctx: AppContext, request: RouteRequest): Promise<RegisterAuth | StaffAuth> {
  const token = bearerToken(request.headers.authorization);
  if (token?.startsWith(STAFF_TOKEN_PREFIX)) return requireStaff(ctx, request);
  return requireRegister(ctx, request);
}
