import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { AppError } from '@frontdesk/shared/contract/errors';
import type { ServerEvent } from '@frontdesk/shared/contract/events';
import type { CreateLinkRequest } from '@frontdesk/shared/contract/http';
import { isDeferredSubscription, priceCart } from '@frontdesk/shared/domain/cart-pricing';
import { dateInZone } from '@frontdesk/shared/domain/studio-time';
import type { AppContext } from '../app-context';
import type { StaffAuth } from '../auth/authenticate';
import { loadCatalog } from '../catalog/availability';
import type { Tx } from '../db/database';
import { clients, paymentLinks } from '../db/schema';
import { withIdempotency, type CommandOutcome, type IdempotencyRef, type StoredAnswer } from '../http/idempotency';
import type { RequestLog } from '../log/logger';
import { queueLinkDeliveries } from '../notify/queue-deliveries';
import { holdPlaces, placeLines } from '../places/place-ledger';
import { resolveContact } from './contact';
import { appendAvailability, appendLinkEvent } from './link-events';
import { toLink, type LinkRow } from './link-view';

/** `log`: the request's logger (its reqId); lines never name the link id, which is the client's key to pay. */
export type CreateLinkInput = { auth: StaffAuth; request: CreateLinkRequest; idempotency: IdempotencyRef; log?: RequestLog };

/** 144 random bits, URL-safe: an invoice id nobody can guess. */
const newLinkId = () => randomBytes(18).toString('base64url');

/**
 * Creates a payment link: the invoice, its holds, its queued deliveries, its events and the stored answer in one
 * transaction, or nothing. A twin with the same Idempotency-Key waits for the first and replays its answer (never
 * link_already_active). With no channels (the register shows the link as a QR code) nothing is queued and no
 * message goes out.
 */
export function createLink(ctx: AppContext, input: CreateLinkInput): Promise<StoredAnswer> {
  return withIdempotency(ctx, input.idempotency, async (tx): Promise<CommandOutcome> => {
    const { answer, events, row } = await writeLink(ctx, tx, input);
    const afterCommit = () => {
      ctx.events.publish(input.auth.location.id, events);
      ctx.jobs.linkScheduled(row.expiresAt.getTime());
      ctx.jobs.deliveriesQueued();
      input.log?.info(
        { locationId: input.auth.location.id, staffId: input.auth.staff.id, totalCents: row.totalCents, channels: row.channels },
        'payment link created',
      );
    };
    return { answer, afterCommit };
  });
}

async function writeLink(
  ctx: AppContext,
  tx: Tx,
  { auth, request }: Pick<CreateLinkInput, 'auth' | 'request'>,
): Promise<{ answer: StoredAnswer; events: ServerEvent[]; row: LinkRow }> {
  const { location } = auth;
  const { cart, delivery } = request;
  const nowMs = ctx.now();
  const today = dateInZone(nowMs, location.timeZone);

  if (cart.clientId === null) {
    throw new AppError('client_required', 'A payment link needs a client profile: a walk-in pays at the desk.');
  }
  if (cart.lines.length === 0) throw new AppError('empty_cart', 'The cart is empty.');
  if (cart.lines.some((line) => isDeferredSubscription(line, today))) {
    throw new AppError('deferred_subscription', 'A membership that starts later and is charged later is not paid by link.');
  }
  const [client] = await tx
    .select()
    .from(clients)
    .where(and(eq(clients.id, cart.clientId), eq(clients.locationId, location.id)));
  if (!client) throw new AppError('invalid_request', 'The cart names a client that does not exist.', { clientId: cart.clientId });
  const channels = [...new Set(delivery.channels)];
  const contact = resolveContact(channels, delivery, client);

  const items = await loadCatalog(tx, { locationId: location.id, timeZone: location.timeZone, nowMs, itemIds: [...new Set(cart.lines.map((l) => l.itemId))] });
  const priced = priceCart(cart.lines, items, today);
  if (!priced.ok) throw new AppError(priced.code, priced.message, priced.details);
  if (cart.totalCents !== priced.totalCents) {
    throw new AppError('total_mismatch', 'The cart total does not match the catalog prices.', { expectedCents: priced.totalCents });
  }
  const [active] = await tx
    .select({ id: paymentLinks.id })
    .from(paymentLinks)
    .where(and(eq(paymentLinks.locationId, location.id), eq(paymentLinks.cartId, cart.id), eq(paymentLinks.status, 'pending')));
  if (active) {
    throw new AppError('link_already_active', 'A payment link is already waiting for this cart. Cancel it to change the cart.', { linkId: active.id });
  }

  const row: LinkRow = {
    id: newLinkId(),
    locationId: location.id,
    cartId: cart.id,
    clientId: client.id,
    staffId: auth.staff.id,
    registerId: auth.register.id,
    cart,
    lines: priced.lines,
    totalCents: priced.totalCents,
    currency: location.currency,
    channels,
    phone: contact.phone,
    email: contact.email,
    status: 'pending',
    createdAt: new Date(nowMs),
    expiresAt: new Date(nowMs + ctx.linkTtlSeconds * 1000),
    openedAt: null,
    paidAt: null,
    canceledAt: null,
    expiredAt: null,
    resendCount: 0,
    saleId: null,
    processor: ctx.processor.kind,
    processorIntentId: null,
    closeFailures: 0,
    nextCloseAttemptAt: null,
  };
  await tx.insert(paymentLinks).values(row);
  await holdPlaces(tx, { linkId: row.id, locationId: location.id, lines: priced.lines, nowMs });
  const queued = await queueLinkDeliveries(tx, row, nowMs);

  // Everything the link view needs is at hand: no need to read it back.
  const link = toLink(row, { clientName: client.name, widget: location.widget, publicUrl: ctx.publicUrl, deliveries: queued });
  const events = [await appendLinkEvent(ctx, tx, row, 'link.created', nowMs, {}, link)];
  const moved = [...new Set(placeLines(priced.lines).map((line) => line.itemId))];
  events.push(...(await appendAvailability(tx, location, moved, nowMs)));
  const answer = { status: 201, replayText: JSON.stringify({ link }) };
  return { answer, events, row };
}
