import { sql } from 'drizzle-orm';
import { bigserial, check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { Cart, Channel, LinkStatus, PricedLine } from '@frontdesk/shared/contract/entities';
import { bookings, catalogItems, classSessions, clients, locations, registers, sales, seats, slots, staff } from './schema';

// Issue 3: payment links and everything that hangs off them. Ids of links are ≥128 random bits (base64url).

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const paymentLinks = pgTable(
  'payment_links',
  {
    id: text('id').primaryKey(),
    locationId: text('location_id')
      .notNull()
      .references(() => locations.id),
    cartId: text('cart_id').notNull(),
    clientId: text('client_id')
      .notNull()
      .references(() => clients.id),
    staffId: text('staff_id')
      .notNull()
      .references(() => staff.id),
    registerId: text('register_id').references(() => registers.id),
    /** The cart as the register sent it, and its lines priced by the server. */
    cart: jsonb('cart').$type<Cart>().notNull(),
    lines: jsonb('lines').$type<PricedLine[]>().notNull(),
    totalCents: integer('total_cents').notNull(),
    currency: text('currency').notNull(),
    channels: jsonb('channels').$type<Channel[]>().notNull(),
    phone: text('phone'),
    email: text('email'),
    status: text('status').$type<LinkStatus>().notNull(),
    createdAt: at('created_at').notNull(),
    expiresAt: at('expires_at').notNull(),
    openedAt: at('opened_at'),
    paidAt: at('paid_at'),
    canceledAt: at('canceled_at'),
    expiredAt: at('expired_at'),
    resendCount: integer('resend_count').notNull().default(0),
    saleId: text('sale_id').references(() => sales.id),
    processor: text('processor').notNull(),
    /** The processor's payment intent (Stripe PaymentIntent id); null until one is made. */
    processorIntentId: text('processor_intent_id'),
    /** Expiry or cancel attempts that failed (the processor did not answer): the sweeper backs off per link. */
    closeFailures: integer('close_failures').notNull().default(0),
    nextCloseAttemptAt: at('next_close_attempt_at'),
  },
  (t) => [
    check('payment_links_status_ck', sql`${t.status} in ('pending', 'paid', 'canceled', 'expired')`),
    // One active link per cart: a second create for the same cart loses on this index, on any process.
    uniqueIndex('payment_links_active_cart_uq')
      .on(t.locationId, t.cartId)
      .where(sql`${t.status} = 'pending'`),
    index('payment_links_pending_expiry_idx')
      .on(t.expiresAt)
      .where(sql`${t.status} = 'pending'`),
    index('payment_links_location_status_idx').on(t.locationId, t.status),
  ],
);

export const HOLD_STATUSES = ['active', 'released', 'converted'] as const;
export type HoldStatus = (typeof HOLD_STATUSES)[number];

/** One place kept for a link: one unit of a session's or slot's capacity, or one specific seat of a session. */
export const holds = pgTable(
  'holds',
  {
    id: text('id').primaryKey(),
    linkId: text('link_id')
      .notNull()
      .references(() => paymentLinks.id),
    locationId: text('location_id')
      .notNull()
      .references(() => locations.id),
    itemId: text('item_id')
      .notNull()
      .references(() => catalogItems.id),
    sessionId: text('session_id').references(() => classSessions.id),
    slotId: text('slot_id').references(() => slots.id),
    seatId: text('seat_id').references(() => seats.id),
    status: text('status').$type<HoldStatus>().notNull(),
    bookingId: text('booking_id').references(() => bookings.id),
    createdAt: at('created_at').notNull(),
    endedAt: at('ended_at'),
  },
  (t) => [
    check('holds_status_ck', sql`${t.status} in ('active', 'released', 'converted')`),
    check('holds_place_ck', sql`(${t.sessionId} is not null) <> (${t.slotId} is not null)`),
    uniqueIndex('holds_active_seat_uq')
      .on(t.sessionId, t.seatId)
      .where(sql`${t.status} = 'active' and ${t.seatId} is not null`),
    uniqueIndex('holds_active_slot_uq')
      .on(t.slotId)
      .where(sql`${t.status} = 'active'`),
    index('holds_link_idx').on(t.linkId),
    index('holds_session_active_idx')
      .on(t.sessionId)
      .where(sql`${t.status} = 'active'`),
  ],
);

/**
 * The seats taken in a session, by an active hold or by a booking: the primary key makes "a seat has at most one
 * active hold or booking" a database rule across both tables (a claim moves from hold to booking at payment).
 */
export const seatClaims = pgTable(
  'seat_claims',
  {
    sessionId: text('session_id')
      .notNull()
      .references(() => classSessions.id),
    seatId: text('seat_id')
      .notNull()
      .references(() => seats.id),
    holdId: text('hold_id').references(() => holds.id),
    bookingId: text('booking_id').references(() => bookings.id),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.seatId] }), check('seat_claims_owner_ck', sql`(${t.holdId} is not null) <> (${t.bookingId} is not null)`)],
);

export const DELIVERY_KINDS = ['link', 'receipt'] as const;
export type DeliveryKind = (typeof DELIVERY_KINDS)[number];
export const DELIVERY_ROW_STATUSES = ['queued', 'sending', 'sent', 'failed'] as const;
export type DeliveryRowStatus = (typeof DELIVERY_ROW_STATUSES)[number];

/** One message to send on one channel; claimed by one worker at a time (status `sending` + claimed_until). */
export const deliveries = pgTable(
  'deliveries',
  {
    id: text('id').primaryKey(),
    linkId: text('link_id')
      .notNull()
      .references(() => paymentLinks.id),
    locationId: text('location_id')
      .notNull()
      .references(() => locations.id),
    kind: text('kind').$type<DeliveryKind>().notNull(),
    channel: text('channel').$type<Channel>().notNull(),
    to: text('to_address').notNull(),
    /** The link's resendCount when queued: a resend's deliveries replace the earlier round's on the link. */
    round: integer('round').notNull().default(0),
    status: text('status').$type<DeliveryRowStatus>().notNull(),
    error: text('error'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: at('next_attempt_at').notNull(),
    claimedUntil: at('claimed_until'),
    providerMessageId: text('provider_message_id'),
    createdAt: at('created_at').notNull(),
    sentAt: at('sent_at'),
  },
  (t) => [
    check('deliveries_status_ck', sql`${t.status} in ('queued', 'sending', 'sent', 'failed')`),
    index('deliveries_due_idx')
      .on(t.nextAttemptAt)
      .where(sql`${t.status} in ('queued', 'sending')`),
    index('deliveries_link_idx').on(t.linkId),
  ],
);

/** A card payment attempt: only the brand and last four digits are kept, never the number. */
export const paymentAttempts = pgTable(
  'payment_attempts',
  {
    id: text('id').primaryKey(),
    linkId: text('link_id')
      .notNull()
      .references(() => paymentLinks.id),
    processor: text('processor').notNull(),
    intentId: text('intent_id'),
    status: text('status').$type<'requires_action' | 'succeeded' | 'failed' | 'canceled'>().notNull(),
    cardBrand: text('card_brand'),
    cardLast4: text('card_last4'),
    threeDsState: text('three_ds_state').$type<'none' | 'challenged' | 'completed' | 'failed'>().notNull(),
    declineCode: text('decline_code'),
    message: text('message'),
    createdAt: at('created_at').notNull(),
    updatedAt: at('updated_at').notNull(),
  },
  (t) => [check('payment_attempts_last4_ck', sql`${t.cardLast4} is null or ${t.cardLast4} ~ '^[0-9]{4}$'`), index('payment_attempts_link_idx').on(t.linkId)],
);

/** Messages stored instead of sent (NOTIFY=outbox), shown at /dev/outbox. */
export const outboxMessages = pgTable(
  'outbox_messages',
  {
    id: text('id').primaryKey(),
    /** Storage order: the outbox lists newest first even when the clock stands still (tests). */
    n: bigserial('n', { mode: 'number' }).notNull(),
    deliveryId: text('delivery_id')
      .notNull()
      .unique()
      .references(() => deliveries.id),
    locationId: text('location_id')
      .notNull()
      .references(() => locations.id),
    linkId: text('link_id')
      .notNull()
      .references(() => paymentLinks.id),
    channel: text('channel').$type<Channel>().notNull(),
    to: text('to_address').notNull(),
    subject: text('subject'),
    text: text('text').notNull(),
    html: text('html'),
    createdAt: at('created_at').notNull(),
  },
  (t) => [index('outbox_messages_n_idx').on(t.n)],
);

/** A payment that succeeded for a dead link, given back automatically (one refund per intent). */
export const refunds = pgTable('refunds', {
  id: text('id').primaryKey(),
  linkId: text('link_id')
    .notNull()
    .references(() => paymentLinks.id),
  intentId: text('intent_id').notNull().unique(),
  amountCents: integer('amount_cents').notNull(),
  reason: text('reason').notNull(),
  processorRefundId: text('processor_refund_id'),
  /** `failed`: the last attempt failed; it is tried again at next_attempt_at unless gave_up_at is set. */
  status: text('status').$type<'pending' | 'succeeded' | 'failed'>().notNull(),
  createdAt: at('created_at').notNull(),
  attempts: integer('attempts').notNull().default(0),
  /** Also the claim: an attempt under way pushes it ahead (a lease), so one process tries at a time. */
  nextAttemptAt: at('next_attempt_at'),
  lastError: text('last_error'),
  /** Set when the retries ran out: staff must give the money back by hand (README, "Refunds"). */
  gaveUpAt: at('gave_up_at'),
  updatedAt: at('updated_at'),
});

/** Each try to give a refund back at the processor, with what it answered. */
export const refundAttempts = pgTable(
  'refund_attempts',
  {
    id: text('id').primaryKey(),
    refundId: text('refund_id')
      .notNull()
      .references(() => refunds.id),
    attemptedAt: at('attempted_at').notNull(),
    outcome: text('outcome').$type<'succeeded' | 'failed'>().notNull(),
    error: text('error'),
  },
  (t) => [index('refund_attempts_refund_idx').on(t.refundId)],
);

/** Processor webhook events already handled: a duplicate delivery takes effect once. */
export const processorEvents = pgTable('processor_events', {
  id: text('id').primaryKey(),
  type: text('type').notNull(),
  receivedAt: at('received_at').notNull(),
});
