import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Staff } from '../../shared/contract/entities';
import { AppError } from '../../shared/contract/errors';
import { ApiError, unreachable, type ApiClient } from '../../electron/register/api-client';
import { upsertStaff } from '../../electron/register/caches';
import { SETTINGS_IDLE_MS, createSettingsAccess } from '../../electron/register/settings-access';
import { createStaffAuth } from '../../electron/register/staff-auth';
import { createManualClock } from './support/manual-clock';
import { openTempDatabase } from './support/temp-database';

// Who opens Settings and for how long, on a manual clock, with a stand-in for POST /sessions that counts the
// attempts it is asked to check (the server's PIN limit counts each one).

const people: Record<string, Staff> = {
  '1111': { id: 'stf_olivia', name: 'Olivia', role: 'owner', permissions: ['take_payment', 'view_sales'] },
  '2222': { id: 'stf_frank', name: 'Frank', role: 'front_desk', permissions: ['take_payment', 'view_sales'] },
  '3333': { id: 'stf_mona', name: 'Mona', role: 'manager', permissions: ['take_payment', 'view_sales'] },
  '4444': { id: 'stf_fiona', name: 'Fiona', role: 'franchisee', permissions: ['take_payment', 'view_sales'] },
};

let database: ReturnType<typeof openTempDatabase>;
let clock: ReturnType<typeof createManualClock>;
beforeEach(() => {
  database = openTempDatabase();
  clock = createManualClock();
  for (const person of Object.values(people)) upsertStaff(database.db, person);
});
afterEach(() => database.cleanup());

function setup() {
  let online = true;
  const checked: string[] = [];
  const api: ApiClient = {
    send: async () => ({ status: 200, json: {} }),
    request: async (_route, request) => {
      if (!online) throw unreachable('connection refused');
      const pin = (request.body as { pin: string }).pin;
      checked.push(pin);
      const staff = people[pin];
      if (!staff) throw new ApiError('invalid_pin', 'That PIN is not right.', 401);
      return { token: `fds_${staff.name}`, staff, expiresAt: new Date(clock.now() + 86_400_000).toISOString(), serverTime: clock.now() } as never;
    },
  };
  const staffAuth = createStaffAuth({
    db: database.db,
    api,
    clock,
    secretStore: { encrypt: (s) => s, decrypt: (s) => s },
    inactivityMs: 60 * 60_000,
    registerToken: () => 'fdr_register',
    serverNow: () => clock.now(),
    onSignedIn: () => {},
    onSignedOut: () => access.close(),
  });
  const access = createSettingsAccess({ staffAuth, clock });
  return { staffAuth, access, checked, goOffline: () => (online = false) };
}

const codeOf = async (action: () => unknown) => {
  try {
    await action();
    return 'ok';
  } catch (error) {
    return error instanceof AppError ? error.code : String(error);
  }
};

describe('Settings access', () => {
  it("opens with an owner's or a manager's PIN over the signed-in cashier's session, which stays theirs", async () => {
    const { staffAuth, access } = setup();
    await staffAuth.signIn('2222');
    expect((await access.open('3333')).name).toBe('Mona');
    expect(access.require().name).toBe('Mona');
    expect(staffAuth.current()?.staff.name).toBe('Frank');
    access.close();
    expect((await access.open('1111')).name).toBe('Olivia');
  });

  it("refuses a cashier's or franchisee's PIN with permission_denied, and a wrong PIN as sign-in does, each counted", async () => {
    const { staffAuth, access, checked } = setup();
    await staffAuth.signIn('2222');
    expect(await codeOf(() => access.open('2222'))).toBe('permission_denied');
    expect(await codeOf(() => access.open('4444'))).toBe('permission_denied');
    expect(await codeOf(() => access.open('9999'))).toBe('invalid_pin');
    // Every PIN went to the server's check (its limit counts the wrong one), and nothing opened.
    expect(checked).toEqual(['2222', '2222', '4444', '9999']);
    expect(await codeOf(() => access.require())).toBe('settings_locked');
  });

  it('counts wrong PINs toward the offline lockout when the server cannot be reached', async () => {
    const { staffAuth, access, goOffline } = setup();
    await staffAuth.signIn('3333');
    staffAuth.signOut();
    await staffAuth.signIn('2222');
    goOffline();
    for (let attempt = 0; attempt < 5; attempt += 1) expect(await codeOf(() => access.open('9876'))).toBe('invalid_pin');
    // The right PIN is refused too now: five wrong ones within a minute, as at sign-in.
    expect(await codeOf(() => access.open('3333'))).toBe('too_many_attempts');
    clock.advance(61_000);
    expect((await access.open('3333')).name).toBe('Mona');
  });

  it('needs someone signed in', async () => {
    const { access } = setup();
    expect(await codeOf(() => access.open('3333'))).toBe('not_signed_in');
  });

  it('closes after five minutes unused, and each use keeps it open longer', async () => {
    const { staffAuth, access } = setup();
    await staffAuth.signIn('2222');
    await access.open('3333');
    clock.advance(SETTINGS_IDLE_MS - 1_000);
    expect(access.require().name).toBe('Mona');
    clock.advance(SETTINGS_IDLE_MS - 1_000);
    expect(access.require().name).toBe('Mona');
    clock.advance(SETTINGS_IDLE_MS);
    expect(await codeOf(() => access.require())).toBe('settings_locked');
    expect(await codeOf(() => access.require())).toBe('settings_locked');
  });

  it('closes when the person at the desk signs out or someone else signs in', async () => {
    const { staffAuth, access } = setup();
    await staffAuth.signIn('2222');
    await access.open('3333');
    staffAuth.signOut();
    await staffAuth.signIn('2222');
    expect(await codeOf(() => access.require())).toBe('settings_locked');
    await access.open('3333');
    await staffAuth.signIn('1111');
    expect(await codeOf(() => access.require())).toBe('settings_locked');
  });
});
