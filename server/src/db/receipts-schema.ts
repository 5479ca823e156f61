import { index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { locations, sales } from './schema';

/**
 * A paid link's receipt as the client opens it: `/{widget}/r/{id}`. The id is its own random key (not the sale
 * id, which staff see and say aloud), and one sale has one receipt: the unique sale id makes "queued once" a rule.
 */
export const receipts = pgTable(
  'receipts',
  {
    id: text('id').primaryKey(),
    saleId: text('sale_id')
      .notNull()
      .unique()
      .references(() => sales.id),
    locationId: text('location_id')
      .notNull()
      .references(() => locations.id),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [index('receipts_location_idx').on(t.locationId)],
);
