import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase, type OpenedDatabase } from '../../db/open-database';

// Opens the register's database in its data folder (created if missing). Electron main and the browser host open it
// and hand it to the engine, so a database that cannot be used is refused before anything else starts.

export const DATABASE_FILE = 'register.db';

export type RegisterStoreOptions = {
  /** Where db/migrations is; default: next to db/open-database.ts. A packaged app passes its copy. */
  migrationsFolder?: string;
  now?: () => number;
};

export function openRegisterStore(dataDir: string, options: RegisterStoreOptions = {}): OpenedDatabase {
  mkdirSync(dataDir, { recursive: true });
  return openDatabase({
    file: join(dataDir, DATABASE_FILE),
    ...(options.now ? { now: options.now } : {}),
    ...(options.migrationsFolder ? { migrationsFolder: options.migrationsFolder } : {}),
  });
}
