import { and, eq } from 'drizzle-orm';
import { AppError } from '../../../shared/contract/errors';
import type { AppContext } from '../app-context';
import type { StaffAuth } from '../auth/authenticate';
import { paymentLinks } from '../db/schema';
import { withIdempotency, type IdempotencyRef, type StoredAnswer } from '../http/idempotency';
import { jsonWithServerTime } from '../http/respond';
import { closeLink } from './close-link';
import { linkRow, viewLink } from './link-view';

export type CancelInput = { auth: StaffAuth; linkId: string; idempotency: IdempotencyRef };

const notFound = (linkId: string) => new AppError('not_found', 'There is no such payment link.', { linkId });

/**
 * Staff cancel, idempotent: a link already canceled or expired answers 200 with it; one that was paid answers
 * 409 already_paid. The close asks the processor first and commits on its own (closeLink), so it runs before the
 * idempotency transaction; that transaction then answers from the link's terminal state, which never changes
 * again, and stores the answer under the key's lock: twins all get the first stored answer.
 */
export function cancelLink(ctx: AppContext, input: CancelInput): Promise<StoredAnswer> {
  const { linkId, auth } = input;
  const beforeTransaction = async () => {
    if (!(await linkRow(ctx.db, linkId, auth.location.id))) throw notFound(linkId);
    await closeLink(ctx, linkId, 'canceled');
  };
  return withIdempotency(
    ctx,
    input.idempotency,
    async (tx) => {
      const [row] = await tx
        .select()
        .from(paymentLinks)
        .where(and(eq(paymentLinks.id, linkId), eq(paymentLinks.locationId, auth.location.id)))
        .for('update');
      if (!row) throw notFound(linkId);
      const link = await viewLink(tx, row, ctx.publicUrl);
      if (row.status === 'paid') throw new AppError('already_paid', 'The client has already paid this link.', { link });
      if (row.status === 'pending') throw new Error('a canceled link is still pending');
      return { answer: { status: 200, replayText: jsonWithServerTime({ link }, ctx.now()) } };
    },
    { beforeTransaction },
  );
}
