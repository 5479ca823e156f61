import type { FastifyInstance } from 'fastify';
import { createHash } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { AppError } from '@frontdesk/shared/contract/errors';
import { routes } from '@frontdesk/shared/contract/http';
import type { AppContext } from '../app-context';
import { newId, newToken, hashToken, REGISTER_TOKEN_PREFIX } from '../auth/tokens';
import { locationCounters, locations, registers } from '../db/schema';
import { addApiRoute } from '../http/api-route';

type RegisterRow = typeof registers.$inferSelect;

/** A register as the API answers it (enrollment, bootstrap, rename). */
export function registerInfo(row: Pick<RegisterRow, 'id' | 'name' | 'locationId' | 'number'>) {
  return { id: row.id, name: row.name, locationId: row.locationId, number: row.number };
}

export function addRegisterRoutes(app: FastifyInstance, ctx: AppContext): void {
  addApiRoute(app, ctx, routes.enroll, async ({ body, remoteAddress }) => {
    // Enrollment codes must not be guessable at speed: every attempt of an address counts (reserved before the
    // code is checked, so concurrent guesses are counted too) until it turns out right.
    const attempt = await ctx.enrollLimiter.reserve(remoteAddress);
    if (!attempt.ok) {
      const retryAfterSeconds = Math.ceil(attempt.retryAfterMs / 1000);
      throw new AppError('rate_limited', `Too many enrollment attempts from this address. Try again in ${retryAfterSeconds} seconds.`, {
        retryAfterSeconds,
      });
    }
    const codeHash = createHash('sha256').update(body.code).digest('base64url');
    const [location] = await ctx.db.select().from(locations).where(eq(locations.enrollmentCodeHash, codeHash));
    if (!location) throw new AppError('invalid_enrollment_code', 'That enrollment code is not valid. Check it with the studio owner.');
    await attempt.release();
    const token = newToken(REGISTER_TOKEN_PREFIX);
    const register = await ctx.db.transaction(async (tx) => {
      const [counter] = await tx
        .update(locationCounters)
        .set({ lastRegisterNumber: sql`${locationCounters.lastRegisterNumber} + 1` })
        .where(eq(locationCounters.locationId, location.id))
        .returning({ number: locationCounters.lastRegisterNumber });
      const row = {
        id: newId('reg'),
        locationId: location.id,
        name: body.name,
        number: counter!.number,
        tokenHash: hashToken(token),
        createdAt: new Date(ctx.now()),
      };
      await tx.insert(registers).values(row);
      return row;
    });
    return { status: 201, body: { register: registerInfo(register), token } };
  });

  // Renamed in Settings. The name lives only in this row (sales, links and staff sessions point at the register by
  // id), so every answer that names the register uses the new name from now on. Setting a name is idempotent by
  // nature: a retry sets the same name again, so the route takes no Idempotency-Key (as PATCH /clients/:id).
  addApiRoute(app, ctx, routes.renameRegister, async ({ auth: { register }, body, log }) => {
    const [renamed] = await ctx.db.update(registers).set({ name: body.name }).where(eq(registers.id, register.id)).returning();
    if (!renamed) throw new AppError('unauthorized', 'This register is no longer enrolled. Enroll it again.');
    if (renamed.name !== register.name) log.info({ registerId: register.id }, 'register renamed');
    return { status: 200, body: { register: registerInfo(renamed) } };
  });
}
