import { asc, eq, gt } from 'drizzle-orm';
import { CatalogItemSchema, ClientSchema, type CatalogItem, type Client, type Staff, StaffSchema } from '../../shared/contract/entities';
import type { LocalDb } from '../../db/open-database';
import { catalogItems, clients, staff } from '../../db/schema';
import { setMeta } from './meta-store';

// The catalog, client and staff caches: filled from bootstrap, kept fresh by events, read by carts and search.

export function readCatalog(db: LocalDb): CatalogItem[] {
  return db
    .select()
    .from(catalogItems)
    .orderBy(asc(catalogItems.position))
    .all()
    .map((row) => CatalogItemSchema.parse(JSON.parse(row.itemJson)));
}

/**
 * Replaces the whole catalog with a snapshot as of event `asOfSeq` (bootstrap). An item an event after
 * `asOfSeq` has already updated here is newer than the snapshot's copy and is kept, so a bootstrap answered
 * before an event but stored after it never undoes that event.
 */
export function replaceCatalog(db: LocalDb, items: readonly CatalogItem[], now: number, asOfSeq = 0): void {
  const newer = new Map(
    db
      .select()
      .from(catalogItems)
      .where(gt(catalogItems.updatedSeq, asOfSeq))
      .all()
      .map((row) => [row.id, row]),
  );
  db.delete(catalogItems).run();
  let position = 0;
  for (const item of items) {
    const kept = newer.get(item.id);
    newer.delete(item.id);
    db.insert(catalogItems)
      .values({ id: item.id, position: position++, itemJson: kept?.itemJson ?? JSON.stringify(item), updatedSeq: kept?.updatedSeq ?? asOfSeq })
      .run();
  }
  for (const row of newer.values())
    db.insert(catalogItems)
      .values({ ...row, position: position++ })
      .run();
  setMeta(db, 'catalogUpdatedAt', now);
}

/** Replaces the given items (availability.changed at event `seq`); an unknown item is appended. */
export function upsertCatalogItems(db: LocalDb, items: readonly CatalogItem[], now: number, seq: number | null = null): void {
  const last = db.select({ position: catalogItems.position }).from(catalogItems).orderBy(asc(catalogItems.position)).all().at(-1);
  let next = (last?.position ?? -1) + 1;
  for (const item of items) {
    const itemJson = JSON.stringify(item);
    const existing = db.select({ id: catalogItems.id }).from(catalogItems).where(eq(catalogItems.id, item.id)).get();
    if (existing) db.update(catalogItems).set({ itemJson, updatedSeq: seq }).where(eq(catalogItems.id, item.id)).run();
    else db.insert(catalogItems).values({ id: item.id, position: next++, itemJson, updatedSeq: seq }).run();
  }
  setMeta(db, 'catalogUpdatedAt', now);
}

export function replaceClients(db: LocalDb, list: readonly Client[]): void {
  db.delete(clients).run();
  for (const c of list)
    db.insert(clients)
      .values({ id: c.id, name: c.name, email: c.email ?? null, phone: c.phone ?? null })
      .run();
}

/** A client the server just answered (added or corrected here): search finds it at once, before any bootstrap. */
export function upsertClient(db: LocalDb, c: Client): void {
  const values = { name: c.name, email: c.email ?? null, phone: c.phone ?? null };
  db.insert(clients)
    .values({ id: c.id, ...values })
    .onConflictDoUpdate({ target: clients.id, set: values })
    .run();
}

function toClient(row: typeof clients.$inferSelect): Client {
  return ClientSchema.parse({
    id: row.id,
    name: row.name,
    ...(row.email ? { email: row.email } : {}),
    ...(row.phone ? { phone: row.phone } : {}),
  });
}

export function findClient(db: LocalDb, id: string): Client | null {
  const row = db.select().from(clients).where(eq(clients.id, id)).get();
  return row ? toClient(row) : null;
}

/** Case-insensitive match on name, email or phone digits; an empty query lists everyone (up to the limit). */
export function searchClients(db: LocalDb, query: string, limit = 50): Client[] {
  const q = query.trim().toLowerCase();
  const digits = q.replace(/\D/g, '');
  return db
    .select()
    .from(clients)
    .orderBy(asc(clients.name))
    .all()
    .filter(
      (row) =>
        q === '' ||
        row.name.toLowerCase().includes(q) ||
        (row.email ?? '').toLowerCase().includes(q) ||
        (digits.length >= 3 && (row.phone ?? '').includes(digits)),
    )
    .slice(0, limit)
    .map(toClient);
}

/** Keeps the staff list current without losing what earlier sign-ins left (PIN hash, token). */
export function syncStaff(db: LocalDb, list: readonly Staff[]): void {
  const ids = new Set(list.map((s) => s.id));
  for (const row of db.select({ id: staff.id }).from(staff).all()) {
    if (!ids.has(row.id)) db.delete(staff).where(eq(staff.id, row.id)).run();
  }
  for (const s of list) upsertStaff(db, s);
}

export function upsertStaff(db: LocalDb, s: Staff): void {
  const values = { name: s.name, role: s.role, permissionsJson: JSON.stringify(s.permissions) };
  db.insert(staff)
    .values({ id: s.id, ...values })
    .onConflictDoUpdate({ target: staff.id, set: values })
    .run();
}

export function readStaff(db: LocalDb, id: string): Staff | null {
  const row = db.select().from(staff).where(eq(staff.id, id)).get();
  if (!row) return null;
  return StaffSchema.parse({ id: row.id, name: row.name, role: row.role, permissions: JSON.parse(row.permissionsJson) as unknown });
}
