import type { Staff } from '../../shared/contract/entities';
import { AppError } from '../../shared/contract/errors';
import type { CreateLinkRequest } from '../../shared/contract/http';
import { linkEligibility } from '../../shared/domain/link-eligibility';
import { dateInZone } from '../../shared/domain/studio-time';
import type { LocalDb } from '../../db/open-database';
import { findClient, readCatalog } from './caches';
import { currentCart, priceLines } from './cart-store';
import { phoneRegion, resolveDelivery } from './link-contact';
import { LINK_CREATE_COMMAND } from './command-kinds';
import { beginLink, dismissEndedLinks, runLinkInput } from './link-interpreter';
import { activeLinkRows, holdingLink, lockingLink, MAX_ACTIVE_LINKS } from './link-store';
import type { StoredEnrollment } from './meta-store';
import { enqueueCommand, type OutboxRow } from './outbox';
import { ulid } from './ulid';

// Send payment link: the shared eligibility rules, the contact checked, then the local link (its first state, which
// locks the cart) and the outbox command POST /payment-links with its idempotency key written in ONE transaction.

export type LinkSendInput = { channels: Array<'sms' | 'email'>; phone?: string | undefined; email?: string | undefined };
export type SendContext = { enrollment: StoredEnrollment; staff: Staff };

export function createLink(db: LocalDb, input: LinkSendInput, context: SendContext & { online: boolean; serverNow: number; now: number }): OutboxRow {
  const { location } = context.enrollment;
  const today = dateInZone(context.serverNow, location.timeZone);
  const cart = currentCart(db, context.now);
  // A link that holds this cart (waiting, or paid with its sale on the way) answers `send` with its refusal.
  const holding = holdingLink(db, cart.id);
  if (holding) runLinkInput(db, holding.id, { type: 'send' }, { now: context.now, serverNow: context.serverNow });
  if (cart.status === 'locked') throw new AppError('cart_locked', 'This cart is locked by a payment link. Cancel the link first.');
  const eligibility = linkEligibility({
    staff: context.staff,
    clientId: cart.clientId,
    lines: cart.lines,
    today,
    online: context.online,
    activeLinkId: lockingLink(db, cart.id)?.id ?? null,
  });
  if (eligibility.kind !== 'allowed') throw new AppError(eligibility.code, eligibility.message);
  if (activeLinkRows(db).length >= MAX_ACTIVE_LINKS) {
    throw new AppError(
      'too_many_links',
      `${MAX_ACTIVE_LINKS} payment links are already waiting on this register. Wait for one to be paid, or cancel one, before sending another.`,
    );
  }
  const client = findClient(db, cart.clientId!);
  if (!client) throw new AppError('client_required', "The cart's client is not known on this register. Choose the client again.");
  const priced = priceLines(cart.lines, { items: readCatalog(db), today, now: context.now });
  if (!priced.ok) throw new AppError(priced.code, priced.message, priced.details);
  const delivery = resolveDelivery(input, client, phoneRegion(location.country));
  const body: CreateLinkRequest = {
    cart: { id: cart.id, clientId: client.id, lines: cart.lines, totalCents: priced.totalCents },
    delivery,
  };
  const id = ulid(context.now);
  return db.transaction((tx) => {
    // The cart's earlier links that ended (expired, canceled) leave the tray: this one replaces them.
    dismissEndedLinks(tx, cart.id, { now: context.now, serverNow: context.serverNow });
    beginLink(
      tx,
      {
        id,
        cartId: cart.id,
        clientId: client.id,
        clientName: client.name,
        totalCents: priced.totalCents,
        currency: location.currency,
        deliveryJson: JSON.stringify(delivery),
        staffId: context.staff.id,
        createdAt: context.now,
      },
      { now: context.now, serverNow: context.serverNow },
    );
    return enqueueCommand(tx, { kind: LINK_CREATE_COMMAND, subjectId: id, body, staffId: context.staff.id }, context.now);
  });
}
