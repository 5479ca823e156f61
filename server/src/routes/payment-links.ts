import { and, asc, eq } from 'drizzle-orm';
import { AppError } from '../../../shared/contract/errors';
import { CancelLinkRequestSchema, CreateLinkRequestSchema, LinksQuerySchema, ResendLinkRequestSchema } from '../../../shared/contract/http';
import { IdSchema } from '../../../shared/contract/primitives';
import type { AppContext } from '../app-context';
import { requireRegisterOrStaff, requireStaff } from '../auth/authenticate';
import { paymentLinks } from '../db/schema';
import { requestHash } from '../http/idempotency';
import type { Router } from '../http/router';
import { idempotencyKey, parseWith } from '../http/validate';
import { cancelLink } from '../links/cancel-link';
import { createLink } from '../links/create-link';
import { linkRow, viewLink, viewLinks } from '../links/link-view';
import { resendLink } from '../links/resend-link';

const notFound = (id?: string) => new AppError('not_found', 'There is no such payment link.', id ? { linkId: id } : undefined);

export function addPaymentLinkRoutes(router: Router, ctx: AppContext): void {
  const base = '/api/v1/payment-links';
  const scope = (locationId: string, what: string) => `${locationId}:POST ${base}${what}`;
  const linkIdParam = (raw: string | undefined) => {
    const parsed = IdSchema.safeParse(raw);
    if (!parsed.success) throw notFound(); // an id that cannot exist is not echoed back
    return parsed.data;
  };

  router.add('POST', base, async (request) => {
    const auth = await requireStaff(ctx, request, 'send_payment_link');
    const key = idempotencyKey(request);
    const body = parseWith(CreateLinkRequestSchema, await request.readBody(), 'The payment link');
    return createLink(ctx, { auth, request: body, idempotency: { scope: scope(auth.location.id, ''), key, requestHash: requestHash(body) } });
  });

  router.add('GET', base, async (request) => {
    const { location } = await requireRegisterOrStaff(ctx, request);
    const { status } = parseWith(LinksQuerySchema, request.query, 'The links query');
    const rows = await ctx.db
      .select()
      .from(paymentLinks)
      .where(and(eq(paymentLinks.locationId, location.id), status ? eq(paymentLinks.status, status) : undefined))
      .orderBy(asc(paymentLinks.createdAt), asc(paymentLinks.id))
      .limit(500);
    return { status: 200, body: { links: await viewLinks(ctx.db, rows, ctx.publicUrl) } };
  });

  router.add('GET', `${base}/:id`, async (request) => {
    const { location } = await requireRegisterOrStaff(ctx, request);
    const id = linkIdParam(request.params.id);
    const row = await linkRow(ctx.db, id, location.id);
    if (!row) throw notFound(id);
    return { status: 200, body: { link: await viewLink(ctx.db, row, ctx.publicUrl) } };
  });

  router.add('POST', `${base}/:id/resend`, async (request) => {
    const auth = await requireStaff(ctx, request, 'send_payment_link');
    const key = idempotencyKey(request);
    const id = linkIdParam(request.params.id);
    const corrections = parseWith(ResendLinkRequestSchema, (await request.readBody()) ?? {}, 'The resend');
    const idempotency = { scope: scope(auth.location.id, '/:id/resend'), key, requestHash: requestHash({ id, corrections }) };
    return resendLink(ctx, { auth, linkId: id, corrections, idempotency });
  });

  // Idempotent: a link already canceled or expired answers 200 with it; one that was paid answers already_paid.
  router.add('POST', `${base}/:id/cancel`, async (request) => {
    const auth = await requireStaff(ctx, request, 'send_payment_link');
    const key = idempotencyKey(request);
    const id = linkIdParam(request.params.id);
    parseWith(CancelLinkRequestSchema, (await request.readBody()) ?? {}, 'The cancel');
    const idempotency = { scope: scope(auth.location.id, '/:id/cancel'), key, requestHash: requestHash({ id }) };
    return cancelLink(ctx, { auth, linkId: id, idempotency });
  });
}
