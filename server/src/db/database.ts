import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import * as schema from './schema';

type Schema = typeof schema;
/** The drizzle handle, the same type for PGlite and node-postgres so the service code does not care which. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Anything that can run a query: the database or an open transaction. */
export type Queryable = Db | Tx;

export type Database = {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Only for PGlite: a tarball of the data directory (test templates). */
  dump?: () => Promise<Blob>;
  close(): Promise<void>;
};

export type OpenDatabaseOptions = {
  /** A PostgreSQL URL; when set, PGlite is not used. */
  databaseUrl?: string;
  /** PGlite data directory, or 'memory'. */
  pgliteDataDir?: string;
  /** A PGlite dump to start from (only when the data directory is new). */
  pgliteLoadFrom?: Blob;
};

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 10 });
    // An idle client that loses its connection must not crash the process; the next query reconnects.
    pool.on('error', () => {});
    const db = drizzlePg(pool, { schema }) as unknown as Db;
    return { db, kind: 'postgres', close: () => pool.end() };
  }
  const dir = options.pgliteDataDir && options.pgliteDataDir !== 'memory' ? options.pgliteDataDir : undefined;
  const pgliteOptions = options.pgliteLoadFrom ? { loadDataDir: options.pgliteLoadFrom } : {};
  // PGlite takes `(options)` for memory; `(undefined, options)` would ignore them.
  const client = dir ? new PGlite(dir, pgliteOptions) : new PGlite(pgliteOptions);
  await client.waitReady;
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  let closed = false;
  return {
    db,
    kind: 'pglite',
    dump: () => client.dumpDataDir('none'),
    close: async () => {
      if (closed) return;
      closed = true;
      await client.close();
    },
  };
}

/** The rows of a raw `execute` answer (PGlite and node-postgres both answer `{rows}`). */
export function rowsOf<T = Record<string, unknown>>(result: unknown): T[] {
  const rows = (result as { rows?: unknown }).rows;
  return Array.isArray(rows) ? (rows as T[]) : [];
}

/** Walks the error chain (drizzle wraps driver errors) for a PostgreSQL error code. */
export function pgErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

export const isUniqueViolation = (error: unknown): boolean => pgErrorCode(error) === '23505';
