import { and, eq, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Client } from '@frontdesk/shared/contract/entities';
import { AppError } from '@frontdesk/shared/contract/errors';
import type { CreateClientRequest, UpdateClientContactRequest } from '@frontdesk/shared/contract/http';
import type { AppContext } from '../app-context';
import type { StaffAuth } from '../auth/authenticate';
import type { Queryable, Tx } from '../db/database';
import { clients, locations } from '../db/schema';
import { withIdempotency, type IdempotencyRef, type StoredAnswer } from '../http/idempotency';
import type { RequestLog } from '../log/logger';
import { normalizeContact } from './client-contact';

// Adding a client and correcting a client's contact. A location's clients are written one at a time (a lock on
// the location row, FOR NO KEY UPDATE so rows that only reference the location are not held up): two desks adding
// the same phone at once cannot both pass the duplicate check. Refusals change nothing.

type ClientRow = typeof clients.$inferSelect;
/** A new client as the profile keeps it: name trimmed, phone in E.164, email trimmed. */
export type NewClient = { id: string; name: string; phone?: string; email?: string };

function toClient(row: ClientRow): Client {
  return { id: row.id, name: row.name, ...(row.email ? { email: row.email } : {}), ...(row.phone ? { phone: row.phone } : {}) };
}

/** The request with its contact normalized: what is stored, compared and hashed (so "(555) 555-0199" retries as itself). */
export function normalizeNewClient(request: CreateClientRequest, country: string): NewClient {
  return { id: request.id, name: request.name, ...normalizeContact(request, country) };
}

/**
 * Adds a client once per Idempotency-Key (withIdempotency: twins wait for the first and get its answer, stored with
 * the client in one transaction) and once per client id (a retry under another key answers the client made).
 */
export function createClient(
  ctx: AppContext,
  input: { auth: StaffAuth; client: NewClient; idempotency: IdempotencyRef; log?: RequestLog },
): Promise<StoredAnswer> {
  return withIdempotency(ctx, input.idempotency, async (tx) => {
    const earlier = await earlierClient(tx, input);
    if (earlier) return { answer: earlier };
    const answer = await writeClient(ctx, tx, input);
    return { answer, afterCommit: () => input.log?.info({ locationId: input.auth.location.id, staffId: input.auth.staff.id }, 'client added') };
  });
}

/** The client already made with this id, when it has the same content (a retry under another key). */
async function earlierClient(tx: Tx, { auth, client }: Parameters<typeof createClient>[1]): Promise<StoredAnswer | undefined> {
  const [existing] = await tx.select().from(clients).where(eq(clients.id, client.id));
  if (!existing) return undefined;
  const same =
    existing.locationId === auth.location.id &&
    existing.name === client.name &&
    existing.phone === (client.phone ?? null) &&
    existing.email === (client.email ?? null);
  if (!same) throw new AppError('duplicate_client', 'A different client with this id was already added.', { clientId: client.id });
  return { status: 200, replayText: JSON.stringify({ client: toClient(existing) }) };
}

async function writeClient(ctx: AppContext, tx: Tx, { auth, client }: Parameters<typeof createClient>[1]): Promise<StoredAnswer> {
  await lockLocationClients(tx, auth.location.id);
  await assertContactFree(tx, auth.location.id, { phone: client.phone ?? null, email: client.email ?? null }, null);
  const [row] = await tx
    .insert(clients)
    .values({
      id: client.id,
      locationId: auth.location.id,
      name: client.name,
      phone: client.phone ?? null,
      email: client.email ?? null,
      createdAt: new Date(ctx.now()),
    })
    .returning();
  return { status: 201, replayText: JSON.stringify({ client: toClient(row!) }) };
}

/** Sets the given phone and/or email on a client of the location; the other part stays as it was. */
export async function updateClientContact(ctx: AppContext, auth: StaffAuth, clientId: string, given: UpdateClientContactRequest): Promise<Client> {
  const contact = normalizeContact(given, auth.location.country);
  return ctx.db.transaction(async (tx) => {
    await lockLocationClients(tx, auth.location.id);
    const [existing] = await tx
      .select()
      .from(clients)
      .where(and(eq(clients.id, clientId), eq(clients.locationId, auth.location.id)));
    if (!existing) throw new AppError('client_not_found', 'There is no such client in this studio.', { clientId });
    await assertContactFree(tx, auth.location.id, { phone: contact.phone ?? null, email: contact.email ?? null }, clientId);
    const [row] = await tx
      .update(clients)
      .set({ ...(contact.phone ? { phone: contact.phone } : {}), ...(contact.email ? { email: contact.email } : {}) })
      .where(eq(clients.id, clientId))
      .returning();
    return toClient(row!);
  });
}

async function lockLocationClients(tx: Tx, locationId: string): Promise<void> {
  await tx.select({ id: locations.id }).from(locations).where(eq(locations.id, locationId)).for('no key update');
}

/**
 * Another client of the location (other than `exceptId`, the one being corrected) with this phone or email: 409
 * client_exists, naming them so staff can pick them.
 */
async function assertContactFree(
  db: Queryable,
  locationId: string,
  contact: { phone: string | null; email: string | null },
  exceptId: string | null,
): Promise<void> {
  const matches: SQL[] = [];
  if (contact.phone) matches.push(eq(clients.phone, contact.phone));
  if (contact.email) matches.push(eq(sql`lower(${clients.email})`, contact.email.toLowerCase()));
  if (matches.length === 0) return;
  const [other] = await db
    .select()
    .from(clients)
    .where(and(eq(clients.locationId, locationId), exceptId ? ne(clients.id, exceptId) : undefined, or(...matches)))
    .limit(1);
  if (!other) return;
  const field = contact.phone !== null && other.phone === contact.phone ? 'phone' : 'email';
  const what = field === 'phone' ? 'phone number' : 'email address';
  const advice = exceptId === null ? `Pick ${other.name} rather than adding the client twice.` : 'Two clients cannot share it.';
  throw new AppError('client_exists', `${other.name} already has this ${what}. ${advice}`, {
    clientId: other.id,
    clientName: other.name,
    field,
  });
}
