import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, unique, uniqueIndex } from 'drizzle-orm/pg-core';
import type { ItemKind, Permission, PricedLine, Role, SalePayment } from '@frontdesk/shared/contract/entities';

// The cloud service's PostgreSQL schema (PGlite or a real server; the same migrations for both).
// Links, holds and deliveries (issue 3) hang off locations, sessions/slots/seats and sales as new tables.

const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull();

export const locations = pgTable(
  'locations',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    widget: text('widget').notNull().unique(),
    currency: text('currency').notNull(),
    timeZone: text('time_zone').notNull(),
    /** BCP 47 (`en-US`, `en-GB`): how money, dates and times are written for this studio. */
    locale: text('locale').notNull().default('en-US'),
    /** ISO 3166 alpha-2 (`US`, `GB`): the region a phone number typed without + is read in. */
    country: text('country').notNull().default('US'),
    /** sha256 of the enrollment code: a shared secret typed at a register, never stored in clear. */
    enrollmentCodeHash: text('enrollment_code_hash').notNull().unique(),
    createdAt: createdAt(),
  },
  (t) => [
    // Intl refuses a malformed tag at format time: the row refuses it when written.
    check('locations_locale_ck', sql`${t.locale} ~ '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$'`),
    check('locations_country_ck', sql`${t.country} ~ '^[A-Z]{2}$'`),
  ],
);

/** Per-location counters, updated with `last_x = last_x + 1 RETURNING` so they are gap-free in commit order. */
export const locationCounters = pgTable('location_counters', {
  locationId: text('location_id')
    .primaryKey()
    .references(() => locations.id),
  lastSeq: integer('last_seq').notNull().default(0),
  lastRegisterNumber: integer('last_register_number').notNull().default(0),
  lastReceipt: integer('last_receipt').notNull().default(0),
});

/** Permissions are data: one row per role and location, editable without a release. */
export const roles = pgTable(
  'roles',
  {
    locationId: text('location_id')
      .notNull()
      .references(() => locations.id),
    name: text('name').$type<Role>().notNull(),
    permissions: jsonb('permissions').$type<Permission[]>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.locationId, t.name] })],
);

export const staff = pgTable(
  'staff',
  {
    id: text('id').primaryKey(),
    locationId: text('location_id')
      .notNull()
      .references(() => locations.id),
    name: text('name').notNull(),
    role: text('role').$type<Role>().notNull(),
    /** `scrypt$N$r$p$salt$hash` (base64url): salted, slow, compared in constant time. */
    pinHash: text('pin_hash').notNull(),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [index('staff_location_idx').on(t.locationId)],
);

export const registers = pgTable(
  'registers',
  {
    id: text('id').primaryKey(),
    locationId: text('location_id')
      .notNull()
      .references(() => locations.id),
    name: text('name').notNull(),
    number: integer('number').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    createdAt: createdAt(),
  },
  (t) => [unique('registers_location_number_uq').on(t.locationId, t.number)],
);

export const staffSessions = pgTable('staff_sessions', {
  tokenHash: text('token_hash').primaryKey(),
  staffId: text('staff_id')
    .notNull()
    .references(() => staff.id),
  registerId: text('register_id')
    .notNull()
    .references(() => registers.id),
  locationId: text('location_id')
    .notNull()
    .references(() => locations.id),
  createdAt: createdAt(),
  expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
});

export const clients = pgTable(
  'clients',
  {
    id: text('id').primaryKey(),
    locationId: text('location_id')
      .notNull()
      .references(() => locations.id),
    name: text('name').notNull(),
    email: text('email'),
    phone: text('phone'),
    createdAt: createdAt(),
  },
  (t) => [index('clients_location_idx').on(t.locationId)],
);

export const catalogItems = pgTable(
  'catalog_items',
  {
    id: text('id').primaryKey(),
    locationId: text('location_id')
      .notNull()
      .references(() => locations.id),
    kind: text('kind').$type<ItemKind>().notNull(),
    name: text('name').notNull(),
    description: text('description'),
    priceCents: integer('price_cents').notNull(),
    chargeLaterAllowed: boolean('charge_later_allowed').notNull().default(false),
    sortOrder: integer('sort_order').notNull().default(0),
    active: boolean('active').notNull().default(true),
  },
  (t) => [index('catalog_items_location_idx').on(t.locationId)],
);

/** The seat map of a reserved-seating class; every session of the class uses it. */
export const seats = pgTable(
  'seats',
  {
    id: text('id').primaryKey(),
    itemId: text('item_id')
      .notNull()
      .references(() => catalogItems.id),
    label: text('label').notNull(),
    position: integer('position').notNull(),
  },
  (t) => [unique('seats_item_label_uq').on(t.itemId, t.label)],
);

export const classSessions = pgTable(
  'class_sessions',
  {
    id: text('id').primaryKey(),
    locationId: text('location_id')
      .notNull()
      .references(() => locations.id),
    itemId: text('item_id')
      .notNull()
      .references(() => catalogItems.id),
    startsAt: timestamp('starts_at', { withTimezone: true, mode: 'date' }).notNull(),
    durationMin: integer('duration_min').notNull(),
    capacity: integer('capacity').notNull(),
    /** Spots booked through other channels (the studio's online widget); counted as booked. */
    externalBooked: integer('external_booked').notNull().default(0),
    /**
     * Places taken by active holds and by roster bookings, kept by place-ledger.ts in the same transaction as the
     * hold or booking rows. The CHECK makes "held + booked never exceeds capacity" a database rule: a conditional
     * `UPDATE ... SET held_count = held_count + 1` takes the row lock, so concurrent writers (any process) take turns.
     */
    heldCount: integer('held_count').notNull().default(0),
    bookedCount: integer('booked_count').notNull().default(0),
  },
  (t) => [
    index('class_sessions_item_starts_idx').on(t.itemId, t.startsAt),
    check(
      'class_sessions_capacity_ck',
      sql`${t.externalBooked} + ${t.bookedCount} + ${t.heldCount} <= ${t.capacity} and ${t.heldCount} >= 0 and ${t.bookedCount} >= 0`,
    ),
  ],
);

/** Appointment slots: capacity 1 each. */
export const slots = pgTable(
  'slots',
  {
    id: text('id').primaryKey(),
    locationId: text('location_id')
      .notNull()
      .references(() => locations.id),
    itemId: text('item_id')
      .notNull()
      .references(() => catalogItems.id),
    startsAt: timestamp('starts_at', { withTimezone: true, mode: 'date' }).notNull(),
    durationMin: integer('duration_min').notNull(),
    staffName: text('staff_name').notNull(),
    /** As on class_sessions: a slot is one place, held or booked at most once. */
    heldCount: integer('held_count').notNull().default(0),
    bookedCount: integer('booked_count').notNull().default(0),
  },
  (t) => [
    index('slots_item_starts_idx').on(t.itemId, t.startsAt),
    check('slots_capacity_ck', sql`${t.bookedCount} + ${t.heldCount} <= 1 and ${t.heldCount} >= 0 and ${t.bookedCount} >= 0`),
  ],
);

export const sales = pgTable(
  'sales',
  {
    id: text('id').primaryKey(),
    locationId: text('location_id')
      .notNull()
      .references(() => locations.id),
    registerId: text('register_id').references(() => registers.id),
    staffId: text('staff_id')
      .notNull()
      .references(() => staff.id),
    clientId: text('client_id').references(() => clients.id),
    receiptNumber: text('receipt_number').notNull(),
    lines: jsonb('lines').$type<PricedLine[]>().notNull(),
    payments: jsonb('payments').$type<SalePayment[]>().notNull(),
    totalCents: integer('total_cents').notNull(),
    currency: text('currency').notNull(),
    /** Set by issue 3 when a payment link closes the sale. */
    linkId: text('link_id'),
    /** Hash of the request that made it: the same sale id sent again with other content is refused. */
    requestHash: text('request_hash').notNull(),
    /** When the sale happened (the register's clock for a sale made offline). */
    createdAt: createdAt(),
    recordedAt: timestamp('recorded_at', { withTimezone: true, mode: 'date' }).notNull(),
    /**
     * How the total was judged: `catalog` (the server's prices), or `register` (a sale made at the register before
     * a price change reached the server, accepted at the register's total; see create-sale.ts).
     */
    priceCheck: text('price_check').$type<PriceCheck>().notNull().default('catalog'),
  },
  (t) => [
    index('sales_location_created_idx').on(t.locationId, t.createdAt),
    // One receipt number per location: a register cannot reuse or forge another's receipt.
    uniqueIndex('sales_location_receipt_uq').on(t.locationId, t.receiptNumber),
  ],
);
export type PriceCheck = 'catalog' | 'register';

/** The roster. A seat holds at most one booking per session, a slot at most one booking. */
export const bookings = pgTable(
  'bookings',
  {
    id: text('id').primaryKey(),
    locationId: text('location_id')
      .notNull()
      .references(() => locations.id),
    saleId: text('sale_id')
      .notNull()
      .references(() => sales.id),
    itemId: text('item_id')
      .notNull()
      .references(() => catalogItems.id),
    sessionId: text('session_id').references(() => classSessions.id),
    slotId: text('slot_id').references(() => slots.id),
    seatId: text('seat_id').references(() => seats.id),
    clientId: text('client_id').references(() => clients.id),
    startsAt: timestamp('starts_at', { withTimezone: true, mode: 'date' }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('bookings_session_seat_uq')
      .on(t.sessionId, t.seatId)
      .where(sql`${t.seatId} is not null`),
    uniqueIndex('bookings_slot_uq')
      .on(t.slotId)
      .where(sql`${t.slotId} is not null`),
    index('bookings_session_idx').on(t.sessionId),
    index('bookings_location_starts_idx').on(t.locationId, t.startsAt),
  ],
);

/** Every event of a location, numbered gap-free in commit order and replayable. */
export const events = pgTable(
  'events',
  {
    locationId: text('location_id')
      .notNull()
      .references(() => locations.id),
    seq: integer('seq').notNull(),
    type: text('type').notNull(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
    linkId: text('link_id'),
    saleId: text('sale_id'),
    /** The ServerEvent as sent (seq included). */
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.locationId, t.seq] })],
);

/** First answers of state-changing POSTs, replayed byte for byte for the same key and body. */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    scope: text('scope').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    status: integer('status').notNull(),
    body: text('body').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.key] })],
);

// Issue 3: payment links, holds, deliveries, payments, messages (links-schema.ts).
export * from './links-schema';
// The client's receipt page for a paid link (receipts-schema.ts).
export * from './receipts-schema';
// Limits every server node counts alike: PIN and enrollment guesses, page requests (limits-schema.ts).
export * from './limits-schema';
