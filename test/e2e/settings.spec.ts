import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { expect, test, type Page } from '@playwright/test';
import { startStack, type E2eStack, type RegisterHandle } from './support/e2e-stack';
import { signInWithKeypad } from './support/pos-page';

// Settings in the browser host, against the stack's real server: reachable only with an owner's or a manager's
// PIN, the connection test in words (the real server, a dead port), and Save diagnostics, whose folder is searched
// for every PIN this test typed and every token the register keeps.

test.describe.configure({ mode: 'serial' });

let stack: E2eStack;
let front: RegisterHandle;

test.beforeAll(async () => {
  stack = await startStack();
  front = await stack.startRegister('Front desk');
});
test.afterAll(async () => {
  await stack?.close();
});
test.afterEach(async () => {
  await front.call('staff.signOut');
});

async function enterSettingsPin(page: Page, pin: string): Promise<void> {
  const field = page.getByLabel('Owner or manager PIN');
  await expect(field).toBeFocused();
  await field.fill(pin);
  await page.getByRole('button', { name: 'Open settings' }).click();
}

/** A loopback port nothing listens on: taken from the system, then let go. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? filesUnder(join(dir, name)) : [join(dir, name)]));
}

test("Settings open only with an owner's or a manager's PIN; a cashier's is refused", async ({ page }) => {
  await page.goto(front.url);
  await signInWithKeypad(page, '2222');
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();

  await enterSettingsPin(page, '2222');
  await expect(page.getByRole('alert')).toHaveText("Settings are for the studio's owner or a manager. Ask one of them to enter their PIN.");
  await enterSettingsPin(page, '9090');
  await expect(page.getByRole('alert')).toHaveText(/PIN is not right/);
  await expect(page.getByRole('region', { name: 'Server' })).toHaveCount(0);

  await enterSettingsPin(page, '3333');
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeFocused();
  await expect(page.getByText('Opened by Mona (manager)')).toBeVisible();
  // Frank is still the one signed in at the desk.
  await expect(page.locator('.staff-name')).toHaveText('Frank');
  await page.getByRole('button', { name: 'Close settings' }).click();
  await expect(page.getByLabel('Owner or manager PIN')).toBeFocused();
  await enterSettingsPin(page, '1111');
  await expect(page.getByText('Opened by Olivia (owner)')).toBeVisible();
});

test('the connection test: the real server answers, a dead port is unreachable, in words', async ({ page }) => {
  await page.goto(front.url);
  await signInWithKeypad(page, '2222');
  await page.getByRole('button', { name: 'Settings' }).click();
  await enterSettingsPin(page, '3333');
  const server = page.getByRole('region', { name: 'Server' });
  await expect(server.getByLabel('Server URL')).toHaveValue(stack.serverUrl);
  await server.getByRole('button', { name: 'Test connection' }).click();
  await expect(server.getByRole('status')).toHaveText(/^Connected: the Frontdesk server at 127\.0\.0\.1:\d+ answered in \d+ ms\.$/);

  const port = await deadPort();
  await server.getByLabel('Server URL').fill(`http://127.0.0.1:${port}`);
  await expect(server.getByRole('status')).toHaveText('');
  await server.getByRole('button', { name: 'Test connection' }).click();
  await expect(server.getByRole('status')).toHaveText(new RegExp(`^Nothing answered at 127\\.0\\.0\\.1:${port} \\(ECONNREFUSED\\)\\. Check the address`));

  const app = page.getByRole('region', { name: 'App' });
  await expect(app.getByRole('status')).toHaveText('Updates come with the installed app; the browser host runs from the repository.');
});

test('Save diagnostics writes a folder without any PIN or token', async ({ page }) => {
  await page.goto(front.url);
  await signInWithKeypad(page, '2222');
  await page.getByRole('button', { name: 'Settings' }).click();
  await enterSettingsPin(page, '1111');
  const diagnostics = page.getByRole('region', { name: 'Diagnostics' });
  await diagnostics.getByRole('button', { name: 'Save diagnostics' }).click();
  const path = (await diagnostics.getByTestId('diagnostics-path').textContent())!;
  expect(path).toMatch(/[\\/]diagnostics[\\/]frontdesk-diagnostics-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}$/);
  // The browser host cannot open a folder, so only the path is shown.
  await expect(diagnostics.getByRole('button', { name: 'Show the folder' })).toHaveCount(0);

  // The tokens as the browser host stores them: in its register database, next to the diagnostics folder.
  const database = new Database(join(dirname(dirname(path)), 'register.db'), { readonly: true });
  const enrollment = database.prepare("SELECT value FROM meta WHERE key = 'enrollment'").get() as { value: string };
  const deviceToken = (JSON.parse(enrollment.value) as { tokenEncrypted: string }).tokenEncrypted;
  const staffTokens = (database.prepare('SELECT token_encrypted AS token FROM staff WHERE token_encrypted IS NOT NULL').all() as Array<{ token: string }>).map(
    (row) => row.token,
  );
  database.close();
  expect(deviceToken).toMatch(/^fdr_/);
  expect(staffTokens.length).toBeGreaterThanOrEqual(2);

  const files = filesUnder(path);
  expect(files.map((file) => file.slice(path.length + 1)).sort()).toEqual(expect.arrayContaining(['app.json', 'database.json', 'outbox.json']));
  // A PIN is four digits: searched as a number of its own, not inside a longer one (a size or a time).
  const pins = ['2222', '9090', '3333', '1111'].map((pin) => new RegExp(`(?<!\\d)${pin}(?!\\d)`));
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const token of [deviceToken, ...staffTokens]) expect(text.includes(token), `${file} holds a token`).toBe(false);
    for (const pin of pins) expect(pin.test(text), `${file} holds PIN ${pin.source}`).toBe(false);
  }
  expect(JSON.parse(readFileSync(join(path, 'database.json'), 'utf8'))).toMatchObject({ integrityCheck: 'ok' });
});
