import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/contract/errors';
import type { Staff } from '../../shared/contract/entities';
import { ApiError, unreachable, type ApiClient } from '../../electron/register/api-client';
import { upsertStaff } from '../../electron/register/caches';
import { OFFLINE_SIGN_IN_WINDOW_MS, createStaffAuth } from '../../electron/register/staff-auth';
import { createManualClock } from './support/manual-clock';
import { openTempDatabase } from './support/temp-database';

// Staff sign-in with an injected clock and a stand-in for POST /sessions (the engine tests use the real server).

const frank: Staff = { id: 'stf_frank', name: 'Frank', role: 'front_desk', permissions: ['take_payment'] };
let database: ReturnType<typeof openTempDatabase>;
let clock: ReturnType<typeof createManualClock>;
beforeEach(() => {
  database = openTempDatabase();
  clock = createManualClock();
  upsertStaff(database.db, frank);
});
afterEach(() => database.cleanup());

function setup(options: { inactivityMs?: number; serverNow?: () => number } = {}) {
  let online = true;
  const signedOut: string[] = [];
  const api: ApiClient = {
    send: async () => ({ status: 200, json: {} }),
    request: async (_route, request) => {
      if (!online) throw unreachable('connection refused');
      const pin = (request.body as { pin: string }).pin;
      if (pin !== '2222') throw new ApiError('invalid_pin', 'That PIN is not right.', 401);
      return { token: 'fds_frank', staff: frank, expiresAt: new Date(clock.now() + 24 * 3_600_000).toISOString(), serverTime: clock.now() } as never;
    },
  };
  const auth = createStaffAuth({
    db: database.db,
    api,
    clock,
    secretStore: { encrypt: (s) => `enc:${s}`, decrypt: (s) => s.replace(/^enc:/, '') },
    inactivityMs: options.inactivityMs ?? 600_000,
    registerToken: () => 'fdr_register',
    serverNow: options.serverNow ?? (() => clock.now()),
    onSignedIn: () => {},
    onSignedOut: (reason) => signedOut.push(reason),
  });
  return { auth, signedOut, goOffline: () => (online = false) };
}

const code = async (p: Promise<unknown>) => {
  try {
    await p;
    return 'ok';
  } catch (error) {
    return error instanceof AppError ? error.code : String(error);
  }
};

describe('staff sign-in', () => {
  it('keeps the token encrypted and a salted hash of the PIN, never the PIN itself', async () => {
    const { auth } = setup();
    await auth.signIn('2222');
    const rows = database.sqlite.prepare('SELECT * FROM staff').all() as Array<Record<string, unknown>>;
    expect(rows[0]).toMatchObject({ token_encrypted: 'enc:fds_frank' });
    expect(JSON.stringify(rows)).not.toContain('"2222"');
    expect(auth.tokenFor('stf_frank')).toBe('fds_frank');
  });

  it('signs in offline within 12 hours of an online sign-in and refuses after', async () => {
    const { auth, goOffline } = setup();
    await auth.signIn('2222');
    auth.signOut();
    goOffline();
    expect(await code(auth.signIn('1234'))).toBe('invalid_pin');
    clock.advance(OFFLINE_SIGN_IN_WINDOW_MS - 60_000);
    expect(await auth.signIn('2222')).toMatchObject({ name: 'Frank', signedInOffline: true });
    auth.signOut();
    clock.advance(120_000);
    expect(await code(auth.signIn('2222'))).toBe('offline');
    expect(auth.current()).toBeNull();
  });

  it('limits wrong PINs while offline', async () => {
    const { auth, goOffline } = setup();
    await auth.signIn('2222');
    auth.signOut();
    goOffline();
    for (let i = 0; i < 5; i++) expect(await code(auth.signIn('9999'))).toBe('invalid_pin');
    expect(await code(auth.signIn('2222'))).toBe('too_many_attempts');
    clock.advance(61_000);
    expect(await code(auth.signIn('2222'))).toBe('ok');
  });

  it('an online refusal is not retried offline', async () => {
    const { auth } = setup();
    expect(await code(auth.signIn('1111'))).toBe('invalid_pin');
    expect(auth.current()).toBeNull();
  });

  it('signs out after the inactivity time, counted from the last activity', async () => {
    const { auth, signedOut } = setup({ inactivityMs: 600_000 });
    await auth.signIn('2222');
    clock.advance(400_000);
    auth.activity();
    clock.advance(400_000); // 800 s after sign-in, 400 s after the last activity
    expect(auth.current()).not.toBeNull();
    clock.advance(200_001);
    expect(auth.current()).toBeNull();
    expect(signedOut).toEqual(['inactivity']);
  });

  it('an expired staff token is not used', async () => {
    const { auth } = setup();
    await auth.signIn('2222');
    clock.advance(24 * 3_600_000 + 1);
    expect(auth.tokenFor('stf_frank')).toBeNull();
  });

  it('counts the 12-hour offline window on the server-corrected clock and forgets expired PIN hashes', async () => {
    // The server's time moves with the monotonic clock; the PC's wall clock is then set back 5 hours.
    const serverStart = clock.now();
    const monoStart = clock.monotonic();
    const serverNow = () => serverStart + (clock.monotonic() - monoStart);
    const { auth, goOffline } = setup({ serverNow });
    await auth.signIn('2222');
    auth.signOut();
    goOffline();
    clock.set(clock.now() - 5 * 3_600_000);
    clock.advance(OFFLINE_SIGN_IN_WINDOW_MS - 60_000);
    expect(await auth.signIn('2222')).toMatchObject({ signedInOffline: true });
    auth.signOut();
    clock.advance(120_000); // 12 h 1 min by the server's clock, only 7 h by the PC's
    expect(await code(auth.signIn('2222'))).toBe('offline');
    const rows = database.sqlite.prepare('SELECT pin_hash, pin_salt FROM staff').all();
    expect(rows).toEqual([{ pin_hash: null, pin_salt: null }]);
  });

  it('tells since when a token is unusable: its expiry, or when the server refused it', async () => {
    const { auth } = setup();
    expect(auth.tokenUnusableSince('stf_frank')).toBeNull(); // never signed in here: no token
    await auth.signIn('2222');
    expect(auth.tokenUnusableSince('stf_frank')).toBeUndefined();
    clock.advance(60_000);
    const refusedAt = clock.now();
    auth.tokenRefused('stf_frank');
    expect(auth.tokenFor('stf_frank')).toBeNull();
    clock.advance(60_000);
    expect(auth.tokenUnusableSince('stf_frank')).toBe(refusedAt);
  });
});
