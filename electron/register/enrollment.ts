import { AppError } from '../../shared/contract/errors';
import { routes, type BootstrapResponse } from '../../shared/contract/http';
import type { LocalDb } from '../../db/open-database';
import type { ApiClient } from './api-client';
import { replaceCatalog, replaceClients, syncStaff } from './caches';
import { getMeta, setMeta, type StoredEnrollment } from './meta-store';
import type { SecretStore } from './secret-store';

// Enrollment (server URL + code → register token) and the bootstrap that fills the caches.

export async function enrollRegister(
  deps: { db: LocalDb; api: ApiClient; secretStore: SecretStore; now: () => number },
  input: { serverUrl: string; code: string; name: string },
): Promise<StoredEnrollment> {
  const existing = getMeta(deps.db, 'enrollment');
  if (existing) {
    throw new AppError('invalid_request', `This register is already enrolled as "${existing.register.name}" at ${existing.location.name}.`);
  }
  const { enrollment, bootstrap } = await enrollWithServer(deps, input);
  deps.db.transaction((tx) => {
    setMeta(tx, 'enrollment', enrollment);
    storeBootstrap(tx, bootstrap, deps.now(), { setCursor: true });
  });
  return enrollment;
}

/** The server's side of enrolling: the code becomes a register token, and the first bootstrap. Stores nothing. */
export async function enrollWithServer(
  deps: { api: ApiClient; secretStore: SecretStore },
  input: { serverUrl: string; code: string; name: string },
): Promise<{ enrollment: StoredEnrollment; bootstrap: BootstrapResponse }> {
  const enrolled = await deps.api.request(routes.enroll, { body: { code: input.code, name: input.name } });
  const bootstrap = await deps.api.request(routes.bootstrap, { token: enrolled.token });
  const enrollment: StoredEnrollment = {
    serverUrl: input.serverUrl,
    register: bootstrap.register,
    location: bootstrap.location,
    tokenEncrypted: deps.secretStore.encrypt(enrolled.token),
  };
  return { enrollment, bootstrap };
}

/**
 * Stores a bootstrap answer. At enrollment the cursor starts at its lastSeq; on a later refresh the cursor is
 * left alone so no event after it (a sale, later a paid link) is skipped: the feed replays on top. Catalog items
 * that events after its lastSeq already updated here are newer than the answer's and are kept (replaceCatalog).
 */
export function storeBootstrap(db: LocalDb, bootstrap: BootstrapResponse, now: number, options: { setCursor: boolean }): void {
  replaceCatalog(db, bootstrap.items, now, bootstrap.lastSeq);
  replaceClients(db, bootstrap.clients);
  syncStaff(db, bootstrap.staff);
  if (options.setCursor) setMeta(db, 'lastSeq', bootstrap.lastSeq);
  const enrollment = getMeta(db, 'enrollment');
  if (enrollment) setMeta(db, 'enrollment', { ...enrollment, register: bootstrap.register, location: bootstrap.location });
}

export async function refreshFromServer(deps: { db: LocalDb; api: ApiClient; registerToken: string; now: () => number }): Promise<void> {
  const bootstrap = await deps.api.request(routes.bootstrap, { token: deps.registerToken, timeoutMs: 8000 });
  deps.db.transaction((tx) => storeBootstrap(tx, bootstrap, deps.now(), { setCursor: false }));
}
