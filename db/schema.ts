import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

// The register's local database (DESIGN.md section 6). Rows here are money and promises to the server:
// the outbox is written in the same transaction as the local change it announces.

/** Small named values: enrollment, encrypted register token, event cursor, receipt counter, current cart. */
export const meta = sqliteTable('meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

/** Staff of the location (from bootstrap), plus what an online sign-in here leaves for offline sign-in. */
export const staff = sqliteTable('staff', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  role: text('role').notNull(),
  permissionsJson: text('permissions_json').notNull(),
  pinHash: text('pin_hash'),
  pinSalt: text('pin_salt'),
  signedInOnlineAt: integer('signed_in_online_at'),
  tokenEncrypted: text('token_encrypted'),
  tokenExpiresAt: integer('token_expires_at'),
});

/** The catalog as the server last described it (one row per item, the item as JSON). */
export const catalogItems = sqliteTable('catalog_items', {
  id: text('id').primaryKey(),
  position: integer('position').notNull(),
  itemJson: text('item_json').notNull(),
  /** The event seq this item's state is as of (bootstrap's lastSeq, or the availability.changed event's seq). */
  updatedSeq: integer('updated_seq'),
});

export const clients = sqliteTable('clients', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  email: text('email'),
  phone: text('phone'),
});

export const carts = sqliteTable('carts', {
  id: text('id').primaryKey(),
  clientId: text('client_id'),
  /** open: being built; locked: a payment link waits for it (set by the link interpreter); checked_out: became a sale. */
  status: text('status').notNull(),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

export const cartLines = sqliteTable(
  'cart_lines',
  {
    id: text('id').primaryKey(),
    cartId: text('cart_id')
      .notNull()
      .references(() => carts.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    itemId: text('item_id').notNull(),
    quantity: integer('quantity').notNull(),
    sessionId: text('session_id'),
    slotId: text('slot_id'),
    seatId: text('seat_id'),
    startsOn: text('starts_on'),
    chargeLater: integer('charge_later', { mode: 'boolean' }),
  },
  (table) => [index('cart_lines_cart_idx').on(table.cartId, table.position)],
);

/** Sales made at this register (local copy, shown at once) and sales the server reported. */
export const sales = sqliteTable(
  'sales',
  {
    id: text('id').primaryKey(),
    receiptNumber: text('receipt_number').notNull(),
    /** The studio's calendar date of the sale (YYYY-MM-DD). */
    date: text('date').notNull(),
    createdAt: integer('created_at').notNull(),
    totalCents: integer('total_cents').notNull(),
    saleJson: text('sale_json').notNull(),
    /** local: made here; server: learned from the server. */
    origin: text('origin').notNull(),
    /** pending: in the outbox; uploaded: the server has it; failed: the server refused it. */
    uploadStatus: text('upload_status').notNull(),
  },
  (table) => [uniqueIndex('sales_receipt_idx').on(table.receiptNumber), index('sales_date_idx').on(table.date)],
);

/** Commands to the server, sent at least once until answered; the idempotency key makes a retry harmless. */
export const outbox = sqliteTable(
  'outbox',
  {
    id: text('id').primaryKey(),
    kind: text('kind').notNull(),
    /** What the command is about (a sale id, a link id), for the kind's handler. */
    subjectId: text('subject_id'),
    idempotencyKey: text('idempotency_key').notNull(),
    method: text('method').notNull(),
    path: text('path').notNull(),
    bodyJson: text('body_json').notNull(),
    staffId: text('staff_id'),
    createdAt: integer('created_at').notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at').notNull(),
    /** pending | done | failed */
    status: text('status').notNull(),
    lastError: text('last_error'),
    responseStatus: integer('response_status'),
    responseJson: text('response_json'),
  },
  (table) => [uniqueIndex('outbox_idempotency_idx').on(table.idempotencyKey), index('outbox_status_idx').on(table.status, table.nextAttemptAt)],
);

/** Messages for staff (e.g. a queued sale the server refused); shown until dismissed. */
export const notices = sqliteTable('notices', {
  id: text('id').primaryKey(),
  level: text('level').notNull(),
  message: text('message').notNull(),
  /** A sale the notice offers to show (a parked link was paid). */
  saleId: text('sale_id'),
  at: integer('at').notNull(),
  dismissed: integer('dismissed', { mode: 'boolean' }).notNull().default(false),
});

/**
 * Payment links of this register's carts. The server is the judge; what the register knows and has promised about a
 * link is ONE state (electron/register/link-machine.ts, `state_json`), written only by the link interpreter. `state`
 * and `server_id` are read from it by SQLite itself, so they can never disagree with it.
 */
export const paymentLinks = sqliteTable(
  'payment_links',
  {
    /** Local id (ULID); the server's id is in the state once the create is answered. */
    id: text('id').primaryKey(),
    cartId: text('cart_id')
      .notNull()
      .references(() => carts.id),
    clientId: text('client_id').notNull(),
    clientName: text('client_name').notNull(),
    totalCents: integer('total_cents').notNull(),
    currency: text('currency').notNull(),
    /** LinkState as JSON (a tagged union: its kind and the fields of that kind). */
    stateJson: text('state_json').notNull(),
    state: text('state').generatedAlwaysAs(sql`json_extract(state_json, '$.kind')`, { mode: 'virtual' }),
    serverId: text('server_id').generatedAlwaysAs(sql`json_extract(state_json, '$.serverId')`, { mode: 'virtual' }),
    /** The server's link as last seen (LinkSchema JSON), for the panel's details. */
    linkJson: text('link_json'),
    /** What staff asked for: {channels, phone?, email?}. */
    deliveryJson: text('delivery_json').notNull(),
    staffId: text('staff_id'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (table) => [
    uniqueIndex('payment_links_server_idx').on(table.serverId),
    index('payment_links_cart_idx').on(table.cartId),
    index('payment_links_state_idx').on(table.state),
  ],
);

/** Lines for the waiting panel: deliveries, opened, resent, paid, canceled, expired. */
export const linkActivity = sqliteTable(
  'link_activity',
  {
    id: text('id').primaryKey(),
    linkId: text('link_id')
      .notNull()
      .references(() => paymentLinks.id, { onDelete: 'cascade' }),
    /** ISO time of what happened (server time when the server said it). */
    at: text('at').notNull(),
    message: text('message').notNull(),
    /** Dedupes a line the same event would add twice (e.g. `delivery:sms:sent`). */
    dedupeKey: text('dedupe_key').notNull(),
    seq: integer('seq').notNull(),
  },
  (table) => [uniqueIndex('link_activity_dedupe_idx').on(table.linkId, table.dedupeKey), index('link_activity_link_idx').on(table.linkId, table.seq)],
);
