import { index, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * Guesses counted by every server node alike (wrong PINs per register, bad enrollment codes per address): one row
 * per attempt, so a right one releases exactly its own. Rows older than the window are deleted as keys are used.
 */
export const limiterAttempts = pgTable(
  'limiter_attempts',
  {
    id: text('id').primaryKey(),
    scope: text('scope').notNull(),
    key: text('key').notNull(),
    at: at('at').notNull(),
  },
  (t) => [index('limiter_attempts_key_idx').on(t.scope, t.key, t.at)],
);

/** Fixed-window request counters shared by every node (the invoice and receipt pages, per client address). */
export const rateWindows = pgTable(
  'rate_windows',
  {
    scope: text('scope').notNull(),
    key: text('key').notNull(),
    windowStart: at('window_start').notNull(),
    count: integer('count').notNull(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.key] }), index('rate_windows_start_idx').on(t.windowStart)],
);
