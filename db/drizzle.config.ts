import { defineConfig } from 'drizzle-kit';

// `npm run db:generate` writes SQL migrations (and the journal) for the register's local database.
export default defineConfig({
  dialect: 'sqlite',
  schema: './db/schema.ts',
  out: './db/migrations',
});
