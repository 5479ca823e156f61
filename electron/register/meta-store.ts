import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { DeskSettingsSchema } from '../../shared/contract/desk-settings';
import { LocationSchema } from '../../shared/contract/entities';
import { RegisterInfoSchema } from '../../shared/contract/http';
import { StoredRecoverySchema } from './db-recovery-record';
import type { LocalDb } from '../../db/open-database';
import { meta } from '../../db/schema';

// Named values in the `meta` table, each read back through a zod schema (the file is a boundary too).

const StoredEnrollmentSchema = z.object({
  serverUrl: z.string(),
  register: RegisterInfoSchema,
  location: LocationSchema,
  /** The register token, encrypted with the SecretStore. */
  tokenEncrypted: z.string(),
});
export type StoredEnrollment = z.infer<typeof StoredEnrollmentSchema>;

const KEYS = {
  enrollment: StoredEnrollmentSchema,
  lastSeq: z.number().int().min(0),
  receiptCounter: z.number().int().min(0),
  currentCartId: z.string(),
  lastSaleId: z.string(),
  /** The last sale, while its cash change has not been confirmed as handed back. */
  changeDueSaleId: z.string(),
  catalogUpdatedAt: z.number(),
  /** serverTime − PC wall clock at the last measurement: the server clock's best guess after a restart, until an answer. */
  serverOffsetMs: z.number(),
  /** The last server time measured and the monotonic reading then: the server clock's trusted time after a restart. */
  serverClockAnchor: z.object({ serverTime: z.number(), monotonic: z.number() }),
  /** Printer, print after every sale and customer display, as saved in Settings. */
  deskSettings: DeskSettingsSchema,
  /**
   * The sale print-after-every-sale is done with: its receipt printed once, or reopened later (a reprint, printed
   * only on request). Kept here so a restart that shows the receipt again does not print it again.
   */
  autoPrintDoneSaleId: z.string(),
  /** What was salvaged from a damaged data file after starting from a backup, until staff dismiss it. */
  recovery: StoredRecoverySchema,
} as const;
export type MetaKey = keyof typeof KEYS;
type MetaValue<K extends MetaKey> = z.infer<(typeof KEYS)[K]>;

export function getMeta<K extends MetaKey>(db: LocalDb, key: K): MetaValue<K> | null {
  const row = db.select().from(meta).where(eq(meta.key, key)).get();
  if (!row) return null;
  const parsed = KEYS[key].safeParse(JSON.parse(row.value));
  if (!parsed.success) throw new Error(`The register's stored ${key} is not valid; the data file may be damaged.`);
  return parsed.data as MetaValue<K>;
}

export function setMeta<K extends MetaKey>(db: LocalDb, key: K, value: MetaValue<K>): void {
  const text = JSON.stringify(KEYS[key].parse(value));
  db.insert(meta)
    .values({ key, value: text })
    .onConflictDoUpdate({ target: meta.key, set: { value: text } })
    .run();
}

export function deleteMeta(db: LocalDb, key: MetaKey): void {
  db.delete(meta).where(eq(meta.key, key)).run();
}
