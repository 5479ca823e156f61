import { and, eq } from 'drizzle-orm';
import { AppError } from '@frontdesk/shared/contract/errors';
import type { AppContext } from '../app-context';
import type { StaffAuth } from '../auth/authenticate';
import { paymentLinks } from '../db/schema';
import { findStoredAnswer, lockIdempotencyKey, storeAnswer, withIdempotency, type IdempotencyRef, type StoredAnswer } from '../http/idempotency';
import type { RequestLog } from '../log/logger';
import { closeLink } from './close-link';
import { linkRow, viewLink } from './link-view';

export type CancelInput = { auth: StaffAuth; linkId: string; idempotency: IdempotencyRef; log?: RequestLog };

const notFound = (linkId: string) => new AppError('not_found', 'There is no such payment link.', { linkId });

/**
 * Staff cancel, idempotent: a link already canceled or expired answers 200 with it; one that was paid answers
 * 409 already_paid. The close asks the processor first (it commits on its own, see closeLink); the answer of the
 * cancel that ends the link is stored in the closing transaction itself, under the key's lock, so the change never
 * commits without it. A twin either waits on the link's row lock and then finds that answer, or comes later and
 * finds it stored; a link that some other cause ended (another key, expiry) is answered from its terminal state.
 */
export async function cancelLink(ctx: AppContext, input: CancelInput): Promise<StoredAnswer> {
  const { linkId, auth, idempotency } = input;
  const stored = await findStoredAnswer(ctx.db, idempotency);
  if (stored) return stored;
  if (!(await linkRow(ctx.db, linkId, auth.location.id))) throw notFound(linkId);
  let closedHere = false;
  await closeLink(ctx, linkId, 'canceled', async (tx, closed) => {
    await lockIdempotencyKey(tx, idempotency);
    await storeAnswer(tx, idempotency, { status: 200, replayText: JSON.stringify({ link: await viewLink(tx, closed, ctx.publicUrl) }) }, ctx.now());
    closedHere = true;
  });
  if (closedHere) input.log?.info({ locationId: auth.location.id, staffId: auth.staff.id, link: `${linkId.slice(0, 6)}…` }, 'payment link canceled');
  return withIdempotency(ctx, idempotency, async (tx) => {
    const [row] = await tx
      .select()
      .from(paymentLinks)
      .where(and(eq(paymentLinks.id, linkId), eq(paymentLinks.locationId, auth.location.id)))
      .for('update');
    if (!row) throw notFound(linkId);
    const link = await viewLink(tx, row, ctx.publicUrl);
    if (row.status === 'paid') throw new AppError('already_paid', 'The client has already paid this link.', { link });
    if (row.status === 'pending') throw new Error('a canceled link is still pending');
    return { answer: { status: 200, replayText: JSON.stringify({ link }) } };
  });
}
