import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BootstrapResponseSchema, pathFor, routes } from '../../shared/contract/http';
import { dispatchIpc } from '../../shared/contract/ipc';
import type { DeskSettings } from '../../electron/register/desk-platform';
import { catalog, itemNamed, localRows, waitUntil } from './support/engine-harness';
import { recordingPlatform } from './support/recording-platform';
import { sharedEngine } from './support/shared-engine';

// Settings through the engine's IPC handlers, against the real server: who may open them, what they show, saving
// (applied to the host), renaming (on the server; refused while it is out of reach), receipt printing after a sale,
// re-enrolling (refused while a sale is unsent) and Save diagnostics, whose folder is searched for every PIN and
// token this test used.

const device = recordingPlatform();
let salesBlocked = false;
let renameBlocked = false;
const connectionReset = () => new TypeError('fetch failed', { cause: new Error('ECONNRESET') });
// The engine's fetch, with the sales upload and the rename refusable: a sale then waits in the outbox.
const engineFetch: typeof fetch = async (input, init) => {
  const url = input instanceof URL ? input.href : typeof input === 'string' ? input : input.url;
  if (salesBlocked && url.endsWith('/api/v1/sales') && init?.method === 'POST') throw connectionReset();
  if (renameBlocked && url.endsWith('/api/v1/registers/current')) throw connectionReset();
  return fetch(input, init);
};

const shared = sharedEngine(['carts', 'cart_lines', 'sales', 'outbox', 'payment_links'], { platform: device.platform, fetch: engineFetch });

/** A refusal whose command may legitimately write (a PIN checked online stores the token it gets). */
const refused = async (method: string, input: unknown) => {
  const result = await dispatchIpc(shared.engine.handlers, method, input);
  if (result.ok) throw new Error(`${method} was not refused`);
  return result.error;
};

/** The register's name as the server answers it to this register's own token. */
async function serverName(): Promise<string> {
  const [row] = localRows<{ value: string }>(shared.dataDir, "SELECT value FROM meta WHERE key = 'enrollment'");
  const token = (JSON.parse(row!.value) as { tokenEncrypted: string }).tokenEncrypted;
  const answer = await fetch(new URL(pathFor(routes.bootstrap), shared.server.url), { headers: { authorization: `Bearer ${token}` } });
  return BootstrapResponseSchema.parse(await answer.json()).register.name;
}

async function sellSocks(): Promise<string> {
  const socks = itemNamed(await catalog(shared.engine), 'Grip Socks');
  await shared.engine.call('cart.addLine', { itemId: socks.id });
  const paid = await shared.engine.call('checkout.pay', { method: 'external_card' });
  return paid.sale.id;
}

describe('Settings in the engine', () => {
  it('applies the saved desk settings to the host at start', () => {
    expect(device.applied[0]).toEqual({ printerName: null, printAfterSale: false, customerDisplay: 'auto' });
  });

  it("opens only with an owner's or manager's PIN; a cashier's is refused, a wrong one is invalid_pin", async () => {
    expect((await refused('settings.read', {})).code).toBe('settings_locked');
    expect(await refused('settings.open', { pin: '2222' })).toMatchObject({
      code: 'permission_denied',
      message: expect.stringContaining('owner or a manager'),
    });
    expect((await refused('settings.open', { pin: '8080' })).code).toBe('invalid_pin');
    const info = await shared.engine.call('settings.open', { pin: '3333' });
    expect(info).toMatchObject({
      openedBy: { name: 'Mona', role: 'manager' },
      host: 'electron',
      serverUrl: shared.server.url,
      register: { name: 'Front Desk' },
      locationName: 'Demo Studio',
      appVersion: '9.8.7',
      schemaVersion: expect.stringMatching(/^0\d{3}_/),
      update: { kind: 'idle' },
      printers: [{ name: 'EPSON_TM_T88' }],
      settings: { printAfterSale: false },
      reenrollBlocked: null,
    });
    // The cashier is still the one signed in.
    expect((await shared.engine.snapshot()).staff?.name).toBe('Frank');
  });

  it('tests the connection to the real server and to a dead port', async () => {
    expect(await shared.engine.call('settings.testConnection', { serverUrl: shared.server.url })).toMatchObject({ ok: true });
    expect(await shared.engine.call('settings.testConnection', { serverUrl: 'http://127.0.0.1:2' })).toMatchObject({ ok: false, problem: 'unreachable' });
  });

  it('saves printer, print after sale and display, applied at once; an unknown printer is refused and nothing changes', async () => {
    const before = device.applied.length;
    await shared.refusal('settings.save', { printerName: 'Nope', printAfterSale: true, customerDisplay: 'off' }, 'invalid_request');
    await shared.refusal('settings.save', { printerName: null, printAfterSale: true, customerDisplay: { displayId: '7' } }, 'invalid_request');
    expect(device.applied.length).toBe(before);
    const saved: DeskSettings = { printerName: 'EPSON_TM_T88', printAfterSale: true, customerDisplay: { displayId: '2' } };
    expect((await shared.engine.call('settings.save', saved)).settings).toEqual(saved);
    expect(device.applied.at(-1)).toEqual(saved);
  });

  it('prints the receipt of a sale just made once, silently to the chosen printer; a reopened receipt only on request', async () => {
    const saleId = await sellSocks();
    expect(await shared.engine.call('receipt.print', { saleId, trigger: 'after_sale' })).toEqual({ printed: true, openDialog: false });
    expect(device.printed).toEqual([{ deviceName: 'EPSON_TM_T88', silent: true }]);
    expect(await shared.engine.call('receipt.print', { saleId, trigger: 'after_sale' })).toEqual({ printed: false, openDialog: false });
    expect(await shared.engine.call('receipt.print', { saleId, trigger: 'button' })).toEqual({ printed: true, openDialog: false });
    await shared.engine.call('receipt.dismiss', {});
    await shared.engine.call('receipt.show', { saleId });
    expect(await shared.engine.call('receipt.print', { saleId, trigger: 'after_sale' })).toEqual({ printed: false, openDialog: false });
    expect(device.printed).toHaveLength(2);
    await shared.engine.call('receipt.dismiss', {});
  });

  it('renames the register on the server and here', async () => {
    const renamed = await shared.engine.call('settings.renameRegister', { name: 'Desk by the door' });
    expect(renamed.message).toBe('Renamed "Desk by the door", here and in the studio\'s reports.');
    expect(renamed.snapshot.enrollment).toMatchObject({ register: { name: 'Desk by the door' } });
    expect(renamed.info.register).toMatchObject({ name: 'Desk by the door' });
    // The server's own answer to this register: the next bootstrap stores this name again, not the enrolled one.
    expect(await serverName()).toBe('Desk by the door');
  });

  it('refuses to rename while the server cannot be reached: offline, and neither name changes', async () => {
    const enrollmentRow = () => localRows(shared.dataDir, "SELECT value FROM meta WHERE key = 'enrollment'");
    const before = enrollmentRow();
    renameBlocked = true;
    try {
      expect(await refused('settings.renameRegister', { name: 'Never saved' })).toMatchObject({
        code: 'offline',
        message: expect.stringContaining('Renaming the register needs the server'),
      });
    } finally {
      renameBlocked = false;
    }
    expect(enrollmentRow()).toEqual(before);
    expect(await serverName()).toBe('Desk by the door');
    expect((await refused('settings.renameRegister', { name: '<b>Desk</b>' })).code).toBe('invalid_request');
    expect(await serverName()).toBe('Desk by the door');
  });

  it('saves diagnostics without any PIN or token, and opens the folder where the host can', async () => {
    const saved = await shared.engine.call('settings.saveDiagnostics', {});
    expect(saved.shown).toBe(true);
    expect(device.shownFolders).toEqual([saved.path]);
    expect(saved.path.startsWith(join(shared.dataDir, 'diagnostics', 'frontdesk-diagnostics-'))).toBe(true);
    const [enrollment] = localRows<{ value: string }>(shared.dataDir, "SELECT value FROM meta WHERE key = 'enrollment'");
    const deviceToken = (JSON.parse(enrollment!.value) as { tokenEncrypted: string }).tokenEncrypted;
    const staffTokens = localRows<{ t: string }>(shared.dataDir, 'SELECT token_encrypted AS t FROM staff WHERE token_encrypted IS NOT NULL').map((r) => r.t);
    expect(staffTokens.length).toBeGreaterThanOrEqual(2);
    // A PIN is four digits: searched as a number of its own, not inside a longer one (a size or a time).
    const pins = ['1111', '2222', '3333', '8080'].map((pin) => new RegExp(`(?<!\\d)${pin}(?!\\d)`));
    const files = readdirSync(saved.path).filter((name) => statSync(join(saved.path, name)).isFile());
    expect(files.sort()).toEqual(['app.json', 'backups.json', 'database.json', 'outbox.json']);
    for (const name of files) {
      const text = readFileSync(join(saved.path, name), 'utf8');
      for (const token of [deviceToken, ...staffTokens]) expect(text.includes(token), `${name} holds a token`).toBe(false);
      for (const pin of pins) expect(pin.test(text), `${name} holds PIN ${pin.source}`).toBe(false);
    }
    expect(JSON.parse(readFileSync(join(saved.path, 'database.json'), 'utf8'))).toMatchObject({ integrityCheck: 'ok' });
  });

  it('refuses to re-enroll while a sale is unsent, then re-enrolls and everyone signs in again', async () => {
    salesBlocked = true;
    await sellSocks();
    await shared.engine.call('receipt.dismiss', {});
    expect((await shared.engine.call('settings.read', {})).reenrollBlocked).toMatchObject({ code: 'unsent_sales' });
    // The outbox and the feed keep working meanwhile, so only what re-enrolling would change is compared.
    const enrollmentRow = () => localRows(shared.dataDir, "SELECT value FROM meta WHERE key = 'enrollment'");
    const enrolledAs = enrollmentRow();
    expect((await refused('settings.reenroll', { serverUrl: shared.server.url, code: 'DEMO-ENROLL', name: 'Front Desk' })).code).toBe('unsent_sales');
    expect(enrollmentRow()).toEqual(enrolledAs);
    const before = await shared.engine.snapshot();
    salesBlocked = false;
    await waitUntil('the sale sent', async () => ((await shared.engine.snapshot()).outbox.pending === 0 ? true : undefined));

    expect((await refused('settings.reenroll', { serverUrl: shared.server.url, code: 'WRONG-CODE', name: 'Front Desk' })).code).toBe('invalid_enrollment_code');
    expect(enrollmentRow()).toEqual(enrolledAs);
    const after = await shared.engine.call('settings.reenroll', { serverUrl: shared.server.url, code: 'DEMO-ENROLL', name: 'Back office' });
    expect(after.staff).toBeNull();
    expect(after.enrollment).toMatchObject({ kind: 'enrolled', register: { name: 'Back office' } });
    if (before.enrollment.kind !== 'enrolled' || after.enrollment.kind !== 'enrolled') throw new Error('not enrolled');
    expect(after.enrollment.register.id).not.toBe(before.enrollment.register.id);
    expect((await refused('settings.read', {})).code).toBe('settings_locked');
    await shared.engine.call('staff.signIn', { pin: '2222' });
    await shared.engine.waitFor('live again', (s) => s.connection.kind === 'live');
    await sellSocks();
    await shared.engine.waitFor('the new register’s sale sent', (s) => s.outbox.pending === 0);
  });
});
