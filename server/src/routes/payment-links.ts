import type { FastifyInstance } from 'fastify';
import { and, asc, eq } from 'drizzle-orm';
import { AppError } from '@frontdesk/shared/contract/errors';
import { routes } from '@frontdesk/shared/contract/http';
import type { AppContext } from '../app-context';
import { paymentLinks } from '../db/schema';
import { addApiRoute } from '../http/api-route';
import { requestHash } from '../http/idempotency';
import { cancelLink } from '../links/cancel-link';
import { createLink } from '../links/create-link';
import { linkRow, viewLink, viewLinks } from '../links/link-view';
import { resendLink } from '../links/resend-link';

const notFound = (id: string) => new AppError('not_found', 'There is no such payment link.', { linkId: id });

export function addPaymentLinkRoutes(app: FastifyInstance, ctx: AppContext): void {
  const scope = (locationId: string, what: string) => `${locationId}:POST /api/v1/payment-links${what}`;

  addApiRoute(app, ctx, routes.createLink, async ({ auth, body, idempotencyKey, log }) =>
    createLink(ctx, { auth, request: body, idempotency: { scope: scope(auth.location.id, ''), key: idempotencyKey, requestHash: requestHash(body) }, log }),
  );

  addApiRoute(app, ctx, routes.listLinks, async ({ auth: { location }, query: { status } }) => {
    const rows = await ctx.db
      .select()
      .from(paymentLinks)
      .where(and(eq(paymentLinks.locationId, location.id), status ? eq(paymentLinks.status, status) : undefined))
      .orderBy(asc(paymentLinks.createdAt), asc(paymentLinks.id))
      .limit(500);
    return { status: 200, body: { links: await viewLinks(ctx.db, rows, ctx.publicUrl) } };
  });

  // An id that cannot exist is not echoed back: it answers 404 like one that does not.
  const badParams = 'not_found';
  addApiRoute(
    app,
    ctx,
    routes.getLink,
    async ({ auth: { location }, params: { id } }) => {
      const row = await linkRow(ctx.db, id, location.id);
      if (!row) throw notFound(id);
      return { status: 200, body: { link: await viewLink(ctx.db, row, ctx.publicUrl) } };
    },
    { badParams },
  );

  addApiRoute(
    app,
    ctx,
    routes.resendLink,
    async ({ auth, params: { id }, body, idempotencyKey, log }) => {
      const corrections = body ?? {};
      const idempotency = { scope: scope(auth.location.id, '/:id/resend'), key: idempotencyKey, requestHash: requestHash({ id, corrections }) };
      return resendLink(ctx, { auth, linkId: id, corrections, idempotency, log });
    },
    { badParams },
  );

  // Idempotent: a link already canceled or expired answers 200 with it; one that was paid answers already_paid.
  addApiRoute(
    app,
    ctx,
    routes.cancelLink,
    async ({ auth, params: { id }, idempotencyKey, log }) => {
      const idempotency = { scope: scope(auth.location.id, '/:id/cancel'), key: idempotencyKey, requestHash: requestHash({ id }) };
      return cancelLink(ctx, { auth, linkId: id, idempotency, log });
    },
    { badParams },
  );
}
