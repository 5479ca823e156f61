import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { saveDiagnostics, studioTimeStamp, withoutCredentials, type DiagnosticsInput } from '../../electron/register/diagnostics';
import { upsertStaff } from '../../electron/register/caches';
import { setMeta } from '../../electron/register/meta-store';
import { enqueueCommand } from '../../electron/register/outbox';
import { staff } from '../../db/schema';
import { openTempDatabase } from './support/temp-database';

// Save diagnostics on a register database holding every kind of secret the register keeps (device token, staff
// token, PIN hash, a sale body, a server URL with a password in it): the folder has none of them, and has what support
// needs first.

const DEVICE_TOKEN = 'fdr_device_token_9f8e7d6c5b4a';
const STAFF_TOKEN = 'fds_staff_token_1a2b3c4d5e6f';
const PIN = '731904';
const CARD = '4242424242424242';
const URL_PASSWORD = 'hunter2-proxy-password';
const SECRETS = [DEVICE_TOKEN, STAFF_TOKEN, PIN, CARD, URL_PASSWORD];
const NOW = Date.parse('2026-03-02T15:04:05.000Z');

let database: ReturnType<typeof openTempDatabase>;
beforeEach(() => {
  database = openTempDatabase();
  const { db } = database;
  setMeta(db, 'enrollment', {
    serverUrl: `https://desk:${URL_PASSWORD}@frontdesk.studio.example/?token=${DEVICE_TOKEN}`,
    register: { id: 'reg_1', name: 'Front desk', locationId: 'loc_1', number: 2 },
    location: { id: 'loc_1', name: 'Soho Studio', widget: 'soho', currency: 'USD', timeZone: 'America/New_York', locale: 'en-US', country: 'US' },
    tokenEncrypted: DEVICE_TOKEN,
  });
  upsertStaff(db, { id: 'stf_frank', name: 'Frank', role: 'front_desk', permissions: ['take_payment'] });
  db.update(staff)
    .set({ tokenEncrypted: STAFF_TOKEN, pinHash: Buffer.from(PIN).toString('base64'), pinSalt: 'c2FsdA==', tokenExpiresAt: NOW + 1 })
    .run();
  const body = { pin: PIN, card: CARD, token: STAFF_TOKEN };
  enqueueCommand(db, { kind: 'sale.create', body, staffId: 'stf_frank' }, NOW - 90_000);
  enqueueCommand(db, { kind: 'sale.create', body, staffId: 'stf_frank' }, NOW - 30_000);
  enqueueCommand(db, { kind: 'link.create', body, staffId: 'stf_frank' }, NOW - 10_000);
  // The app's log file as the rotating log writes it: already masked.
  mkdirSync(join(database.dir, 'logs'));
  writeFileSync(join(database.dir, 'logs', 'frontdesk.log'), '2026-03-02T15:00:00.000Z [register] [sync] poll failed: Bearer [redacted]\n');
  writeFileSync(join(database.dir, 'logs', 'frontdesk.1.log'), '2026-03-01T15:00:00.000Z [main] started\n');
});
afterEach(() => database.cleanup());

function input(overrides: Partial<DiagnosticsInput> = {}): DiagnosticsInput {
  return {
    sqlite: database.sqlite,
    db: database.db,
    databaseFile: database.file,
    dataDir: database.dir,
    now: NOW,
    timeZone: 'America/New_York',
    app: {
      appVersion: '1.2.3',
      host: 'browser-host',
      register: { id: 'reg_1', name: 'Front desk', number: 2 },
      locationName: 'Soho Studio',
      serverUrl: `https://desk:${URL_PASSWORD}@frontdesk.studio.example/?token=${DEVICE_TOKEN}`,
    },
    describeBackups: null,
    ...overrides,
  };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Record<string, any>;

describe('Save diagnostics', () => {
  it('writes a folder named by the studio time under diagnostics/, with the logs, the versions, the database check and the outbox', () => {
    const folder = saveDiagnostics(input());
    // 10:04:05 in New York is the studio's time of 15:04:05 UTC.
    expect(folder).toBe(join(database.dir, 'diagnostics', 'frontdesk-diagnostics-2026-03-02T10-04-05'));
    const names = filesUnder(folder)
      .map((path) => path.slice(folder.length + 1))
      .sort();
    expect(names).toEqual(['app.json', 'backups.json', 'database.json', join('logs', 'frontdesk.1.log'), join('logs', 'frontdesk.log'), 'outbox.json']);

    const app = readJson(join(folder, 'app.json'));
    expect(app).toMatchObject({
      appVersion: '1.2.3',
      host: 'browser-host',
      nodeVersion: process.versions.node,
      schemaVersion: expect.stringMatching(/^0\d{3}_/),
    });
    expect(app.serverUrl).toBe('https://frontdesk.studio.example/');
    expect(app.register).toEqual({ id: 'reg_1', name: 'Front desk', number: 2 });

    const db = readJson(join(folder, 'database.json'));
    expect(db.integrityCheck).toBe('ok');
    expect(db.pageCount).toBeGreaterThan(0);
    expect(db.fileBytes).toBeGreaterThan(0);

    const outbox = readJson(join(folder, 'outbox.json'));
    expect(outbox.pending).toBe(3);
    expect(outbox.oldestPendingAgeMs).toBe(90_000);
    expect(outbox.byKindAndState).toEqual(
      expect.arrayContaining([
        { kind: 'sale.create', state: 'pending', count: 2, maxAttempts: 0 },
        { kind: 'link.create', state: 'pending', count: 1, maxAttempts: 0 },
      ]),
    );
    expect(readJson(join(folder, 'backups.json'))).toMatchObject({ available: false });
  });

  it('holds no token, PIN, card number or URL password, in any file', () => {
    const folder = saveDiagnostics(input());
    for (const file of filesUnder(folder)) {
      const text = readFileSync(file, 'utf8');
      for (const secret of SECRETS) expect(text.includes(secret), `${basename(file)} contains ${secret}`).toBe(false);
    }
  });

  it('writes the backup module’s summary where there is one, and a folder of its own for each save', () => {
    const first = saveDiagnostics(input({ describeBackups: () => ({ available: true, latest: 'register.db.2026-03-02.bak' }) }));
    const second = saveDiagnostics(input());
    expect(second).toBe(`${first}-2`);
    expect(readJson(join(first, 'backups.json'))).toEqual({ available: true, latest: 'register.db.2026-03-02.bak' });
  });

  it('says so where the host keeps no log files, and writes to a chosen folder', () => {
    const elsewhere = join(database.dir, 'chosen');
    const folder = saveDiagnostics(input({ dataDir: join(database.dir, 'no-logs-here'), targetDir: elsewhere }));
    expect(folder.startsWith(elsewhere)).toBe(true);
    expect(readJson(join(folder, 'app.json'))).toMatchObject({ logFiles: [], logNote: expect.stringContaining('no log files') });
  });

  it('strips credentials, query and fragment from a URL', () => {
    expect(withoutCredentials('https://u:p@host.example:8443/base/?token=x#y')).toBe('https://host.example:8443/base/');
    expect(withoutCredentials('not a url')).toBe('(not a valid URL)');
    expect(withoutCredentials(null)).toBeNull();
    expect(studioTimeStamp(Date.parse('2026-12-31T23:59:59Z'), 'Asia/Tokyo')).toBe('2027-01-01T08-59-59');
  });
});
