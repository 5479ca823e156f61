import { randomBytes, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { and, eq, gte, isNotNull, isNull, lt, or } from 'drizzle-orm';
import { AppError } from '../../shared/contract/errors';
import { routes } from '../../shared/contract/http';
import type { Staff } from '../../shared/contract/entities';
import type { SignedInStaff } from '../../shared/contract/register-view';
import type { LocalDb } from '../../db/open-database';
import { staff as staffTable } from '../../db/schema';
import type { ApiClient } from './api-client';
import { readStaff, upsertStaff } from './caches';
import type { EngineClock } from './engine-clock';
import type { SecretStore } from './secret-store';

// Staff sign-in by PIN. Online, the server checks the PIN and gives a staff token; the register keeps that
// token (encrypted) and a salted scrypt hash of the PIN, so the same person can sign in again while offline
// within 12 hours. Sign-out by hand or after inactivity.

const scrypt = promisify(scryptCallback) as (pin: string, salt: Buffer, keylen: number) => Promise<Buffer>;
export const OFFLINE_SIGN_IN_WINDOW_MS = 12 * 60 * 60_000;
const OFFLINE_ATTEMPTS_PER_MINUTE = 5;

export type StaffSession = { staff: Staff; offline: boolean };

export type StaffAuthOptions = {
  db: LocalDb;
  api: ApiClient;
  clock: EngineClock;
  secretStore: SecretStore;
  inactivityMs: number;
  registerToken(): string | null;
  serverNow(): number;
  onSignedIn(staffId: string): void;
  onSignedOut(reason: 'manual' | 'inactivity'): void;
};

export type StaffAuth = {
  signIn(pin: string): Promise<SignedInStaff>;
  /**
   * Whose PIN this is, checked as sign-in checks it (online first, counted by the same limits) but without
   * signing anyone in or out: Settings asks for an owner's or manager's PIN over the signed-in person's session.
   */
  verifyPin(pin: string): Promise<StaffSession>;
  signOut(reason?: 'manual' | 'inactivity'): void;
  current(): StaffSession | null;
  /** Staff did something: restarts the inactivity countdown. */
  activity(): void;
  /** The stored, unexpired token of a staff member (outbox commands are sent as the person who made them). */
  tokenFor(staffId: string | null): string | null;
  /**
   * Since when (server time) a staff member's token has been unusable: its expiry, or when the server refused
   * it; undefined while it is usable; null when there is no token at all.
   */
  tokenUnusableSince(staffId: string | null): number | null | undefined;
  /** The server refused this staff member's token (401): it is not used again until they sign in again. */
  tokenRefused(staffId: string): void;
  stop(): void;
};

async function hashPin(pin: string, salt: Buffer): Promise<Buffer> {
  return scrypt(pin, salt, 32);
}

export function createStaffAuth(options: StaffAuthOptions): StaffAuth {
  const { db, clock } = options;
  let session: StaffSession | null = null;
  let lastActivity = 0;
  let timer: unknown = null;
  let offlineFailures: number[] = [];

  function armInactivity(delay = options.inactivityMs): void {
    if (timer !== null) clock.clearTimeout(timer);
    timer = clock.setTimeout(() => {
      timer = null;
      if (!session) return;
      const idle = clock.monotonic() - lastActivity;
      if (idle >= options.inactivityMs) auth.signOut('inactivity');
      else armInactivity(options.inactivityMs - idle);
    }, delay);
  }

  function begin(staff: Staff, offline: boolean): SignedInStaff {
    session = { staff, offline };
    lastActivity = clock.monotonic();
    armInactivity();
    options.onSignedIn(staff.id);
    return { ...staff, signedInOffline: offline };
  }

  async function checkPinOnline(pin: string): Promise<Staff> {
    const answer = await options.api.request(routes.signIn, { body: { pin }, token: options.registerToken() });
    const salt = randomBytes(16);
    const hash = await hashPin(pin, salt);
    db.transaction((tx) => {
      upsertStaff(tx, answer.staff);
      tx.update(staffTable)
        .set({
          pinHash: hash.toString('base64'),
          pinSalt: salt.toString('base64'),
          // Server-corrected, like the offline window it starts: a wrong PC clock cannot stretch it.
          signedInOnlineAt: options.serverNow(),
          tokenEncrypted: options.secretStore.encrypt(answer.token),
          tokenExpiresAt: Date.parse(answer.expiresAt),
        })
        .where(eq(staffTable.id, answer.staff.id))
        .run();
    });
    forgetExpiredPins(options.serverNow());
    return answer.staff;
  }

  /** PIN hashes older than the offline window can never be used again: they are removed. */
  function forgetExpiredPins(serverNow: number): void {
    db.update(staffTable)
      .set({ pinHash: null, pinSalt: null })
      .where(
        and(isNotNull(staffTable.pinHash), or(isNull(staffTable.signedInOnlineAt), lt(staffTable.signedInOnlineAt, serverNow - OFFLINE_SIGN_IN_WINDOW_MS))),
      )
      .run();
  }

  async function checkPinOffline(pin: string): Promise<Staff> {
    // The rate limit counts on the monotonic clock; the 12-hour window on the server-corrected one.
    const now = clock.monotonic();
    const serverNow = options.serverNow();
    forgetExpiredPins(serverNow);
    offlineFailures = offlineFailures.filter((t) => now - t < 60_000);
    if (offlineFailures.length >= OFFLINE_ATTEMPTS_PER_MINUTE) {
      throw new AppError('too_many_attempts', 'Too many wrong PINs. Wait a minute and try again.');
    }
    const candidates = db
      .select()
      .from(staffTable)
      .where(and(isNotNull(staffTable.pinHash), gte(staffTable.signedInOnlineAt, serverNow - OFFLINE_SIGN_IN_WINDOW_MS)))
      .all()
      .filter((row) => row.signedInOnlineAt !== null && row.signedInOnlineAt <= serverNow + 60_000);
    if (candidates.length === 0) {
      throw new AppError(
        'offline',
        'The register cannot reach the server. Offline sign-in works only for someone who signed in here online in the last 12 hours.',
      );
    }
    for (const row of candidates) {
      const expected = Buffer.from(row.pinHash!, 'base64');
      const actual = await hashPin(pin, Buffer.from(row.pinSalt!, 'base64'));
      if (expected.length === actual.length && timingSafeEqual(expected, actual)) {
        const staff = readStaff(db, row.id);
        if (staff) return staff;
      }
    }
    offlineFailures.push(now);
    throw new AppError(
      'invalid_pin',
      'That PIN does not match anyone who signed in here in the last 12 hours. The register is offline, so other PINs cannot be checked.',
    );
  }

  const auth: StaffAuth = {
    async signIn(pin) {
      const checked = await auth.verifyPin(pin);
      return begin(checked.staff, checked.offline);
    },
    async verifyPin(pin) {
      try {
        return { staff: await checkPinOnline(pin), offline: false };
      } catch (error) {
        if (error instanceof AppError && error.code === 'server_unreachable') return { staff: await checkPinOffline(pin), offline: true };
        throw error;
      }
    },
    signOut(reason = 'manual') {
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
      const had = session !== null;
      session = null;
      if (had) options.onSignedOut(reason);
    },
    current: () => session,
    activity() {
      if (!session) return;
      lastActivity = clock.monotonic();
    },
    tokenFor(staffId) {
      if (!staffId) return null;
      const row = db.select().from(staffTable).where(eq(staffTable.id, staffId)).get();
      if (!row?.tokenEncrypted || row.tokenExpiresAt === null) return null;
      if (row.tokenExpiresAt <= options.serverNow()) return null;
      try {
        return options.secretStore.decrypt(row.tokenEncrypted);
      } catch {
        return null;
      }
    },
    tokenUnusableSince(staffId) {
      const row = staffId ? db.select().from(staffTable).where(eq(staffTable.id, staffId)).get() : undefined;
      if (!row?.tokenEncrypted || row.tokenExpiresAt === null) return null;
      return row.tokenExpiresAt <= options.serverNow() ? row.tokenExpiresAt : undefined;
    },
    tokenRefused(staffId) {
      const serverNow = options.serverNow();
      const row = db.select().from(staffTable).where(eq(staffTable.id, staffId)).get();
      if (!row || row.tokenExpiresAt === null || row.tokenExpiresAt <= serverNow) return;
      db.update(staffTable).set({ tokenExpiresAt: serverNow }).where(eq(staffTable.id, staffId)).run();
    },
    stop() {
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
    },
  };
  return auth;
}
