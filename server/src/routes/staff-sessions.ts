import type { FastifyInstance } from 'fastify';
import { and, eq } from 'drizzle-orm';
import type { Permission } from '@frontdesk/shared/contract/entities';
import { AppError } from '@frontdesk/shared/contract/errors';
import { routes } from '@frontdesk/shared/contract/http';
import type { AppContext } from '../app-context';
import { toStaff } from '../auth/authenticate';
import { verifyPin } from '../auth/pin-hash';
import { hashToken, newToken, STAFF_TOKEN_PREFIX, STAFF_TOKEN_TTL_MS } from '../auth/tokens';
import { roles, staff, staffSessions } from '../db/schema';
import { addApiRoute } from '../http/api-route';

export function addStaffSessionRoutes(app: FastifyInstance, ctx: AppContext): void {
  // PIN sign-in at an enrolled register. The PIN is never logged; it is checked against each active staff
  // member's salted hash (PINs are unique within a location).
  addApiRoute(app, ctx, routes.signIn, async ({ auth: { register, location }, body: { pin }, log }) => {
    // Check and count in one step (one transaction on the shared count), so concurrent guesses cannot all pass.
    const attempt = await ctx.pinLimiter.reserve(register.id);
    if (!attempt.ok) {
      const retryAfterSeconds = Math.ceil(attempt.retryAfterMs / 1000);
      throw new AppError('too_many_attempts', `Too many wrong PINs. Try again in ${retryAfterSeconds} seconds.`, {
        retryAfterSeconds,
      });
    }
    let found: { staff: typeof staff.$inferSelect; permissions: Permission[] | null } | undefined;
    try {
      const candidates = await ctx.db
        .select({ staff, permissions: roles.permissions })
        .from(staff)
        .leftJoin(roles, and(eq(roles.locationId, staff.locationId), eq(roles.name, staff.role)))
        .where(and(eq(staff.locationId, location.id), eq(staff.active, true)));
      const matches = await Promise.all(candidates.map((row) => verifyPin(pin, row.staff.pinHash)));
      found = candidates.find((_, index) => matches[index]);
    } catch (error) {
      await attempt.release(); // a database failure is not a guess
      throw error;
    }
    if (!found) {
      log.info({ registerId: register.id }, 'sign-in refused: wrong PIN');
      throw new AppError('invalid_pin', 'That PIN is not right.'); // the reserved attempt stays counted
    }
    await attempt.release();
    const token = newToken(STAFF_TOKEN_PREFIX);
    const nowMs = ctx.now();
    const expiresAt = new Date(nowMs + STAFF_TOKEN_TTL_MS);
    await ctx.db.insert(staffSessions).values({
      tokenHash: hashToken(token),
      staffId: found.staff.id,
      registerId: register.id,
      locationId: location.id,
      createdAt: new Date(nowMs),
      expiresAt,
    });
    return {
      status: 201,
      body: { token, staff: toStaff(found.staff, found.permissions ?? []), expiresAt: expiresAt.toISOString() },
    };
  });
}
