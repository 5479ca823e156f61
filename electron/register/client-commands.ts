import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import type { Client } from '../../shared/contract/entities';
import { AppError } from '../../shared/contract/errors';
import { routes, type CreateClientRequest } from '../../shared/contract/http';
import { E164Schema, EmailSchema } from '../../shared/contract/primitives';
import type { LocalDb } from '../../db/open-database';
import type { ApiClient } from './api-client';
import { upsertClient } from './caches';
import { studioRegion } from './studio-region';
import { ulid } from './ulid';

// Adding a client and saving a corrected contact to a profile. Both need the server, which is the one judge of
// whether the phone or email already belongs to someone: while it is out of reach they are refused at once
// (`offline`) and nothing is written. What the server answers goes into the client cache, so search finds it at once.

export type ClientCommandContext = {
  db: LocalDb;
  api: ApiClient;
  /** The connection as staff see it: false while the register is offline. */
  online: boolean;
  staffToken: string | null;
  now: number;
};

export type NewClientInput = { name: string; phone?: string | undefined; email?: string | undefined };
export type ContactInput = { clientId: string; phone?: string | undefined; email?: string | undefined };

const invalidField = (field: 'phone' | 'email', message: string) => new AppError('invalid_request', message, { field });

/** A phone as staff type it, read in the studio's country as everywhere on the register, to E.164; the server checks again. */
function normalizePhone(raw: string, country: CountryCode): string {
  const parsed = parsePhoneNumberFromString(raw.trim(), country);
  if (!parsed || !parsed.isPossible() || !E164Schema.safeParse(parsed.number).success) {
    throw invalidField('phone', `"${raw.trim()}" is not a phone number. Use the full number, or + and the country code.`);
  }
  return parsed.number;
}

function normalizeEmail(raw: string): string {
  const email = raw.trim();
  if (!EmailSchema.safeParse(email).success) throw invalidField('email', `"${email}" is not an email address, like name@example.com.`);
  return email;
}

/** The typed contact, normalized; an empty field counts as not given. At least one part is required. */
function contactOf(db: LocalDb, input: { phone?: string | undefined; email?: string | undefined }, missing: string): { phone?: string; email?: string } {
  const country = studioRegion(db).phoneRegion;
  const contact = {
    ...(input.phone?.trim() ? { phone: normalizePhone(input.phone, country) } : {}),
    ...(input.email?.trim() ? { email: normalizeEmail(input.email) } : {}),
  };
  if (!contact.phone && !contact.email) throw new AppError('invalid_request', missing, { field: 'phone' });
  return contact;
}

function offline(what: string): AppError {
  return new AppError(
    'offline',
    `${what} needs the server: it checks that no other client has this phone or email. The register is offline; try again when it is back online.`,
  );
}

/** Sends one request; an answer that never came back is `offline` with the sentence, as if refused up front. */
async function callServer<T>(context: ClientCommandContext, what: string, request: () => Promise<T>): Promise<T> {
  if (!context.online) throw offline(what);
  if (!context.staffToken) {
    throw new AppError('not_signed_in', `${what} needs an online sign-in: sign out, then sign in again with your PIN while the server is reachable.`);
  }
  try {
    return await request();
  } catch (error) {
    if (error instanceof AppError && error.code === 'server_unreachable') throw offline(what);
    throw error;
  }
}

export async function addClient(context: ClientCommandContext, input: NewClientInput): Promise<Client> {
  const body: CreateClientRequest = {
    id: ulid(context.now),
    name: input.name,
    ...contactOf(context.db, input, 'Enter a phone number or an email address for the client.'),
  };
  try {
    const { client } = await callServer(context, 'Adding a client', () =>
      // The client's own id is its idempotency key: a retry of this request is this client, never a second one.
      context.api.request(routes.createClient, { body, token: context.staffToken, idempotencyKey: body.id }),
    );
    upsertClient(context.db, client);
    return client;
  } catch (error) {
    if (error instanceof AppError && error.code === 'client_exists') await cacheExisting(context, error, body);
    throw error;
  }
}

export async function saveClientContact(context: ClientCommandContext, input: ContactInput): Promise<Client> {
  const contact = contactOf(context.db, input, 'Enter the phone number or email address to save.');
  const { client } = await callServer(context, 'Saving a contact to a profile', () =>
    context.api.request(routes.updateClientContact, { params: { id: input.clientId }, body: contact, token: context.staffToken }),
  );
  upsertClient(context.db, client);
  return client;
}

/**
 * The client who already has this phone or email may be one this register has not heard of yet (added at another
 * desk today): read them into the cache so staff can pick them. Best effort: the refusal stands either way.
 */
async function cacheExisting(context: ClientCommandContext, error: AppError, body: CreateClientRequest): Promise<void> {
  const clientId = error.details?.clientId;
  const query = error.details?.field === 'email' ? body.email : body.phone?.slice(-10);
  if (typeof clientId !== 'string' || !query) return;
  try {
    const { clients } = await context.api.request(routes.searchClients, { query: { query }, token: context.staffToken });
    const existing = clients.find((c) => c.id === clientId);
    if (existing) upsertClient(context.db, existing);
  } catch {
    // The refusal already says who has the contact; the cache catches up at the next bootstrap.
  }
}
