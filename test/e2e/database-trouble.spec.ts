import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { overwritePages, pagesOf } from '../register/support/damage-pages';
import { startStack, type E2eStack } from './support/e2e-stack';
import { connectionBadge, openTab, payCash, signInWithKeypad } from './support/pos-page';
import { startRegisterCli, type RegisterCli } from './support/register-cli';
import { checkScreen } from './support/screen-checks';

// The register's data file in trouble, in the browser host as staff run it (`npm run start:browser`):
// - damaged by a power cut after a backup and an unsent cash sale: the host serves a page naming the file and the
//   code; "Start from the backup of …" starts the register, whose banner lists exactly the sale the backup lacks;
//   sending it again puts it on the server once, and dismissing it clears the list;
// - a second register on the same folder, and a read-only folder (as an ordinary user): each its own message,
//   naming the file, in the terminal and on the page, and no backup offered for a healthy file.

test.describe.configure({ mode: 'serial' });

let stack: E2eStack;
let workDir: string;
const running = new Set<RegisterCli>();

test.beforeAll(async () => {
  stack = await startStack();
  workDir = mkdtempSync(join(tmpdir(), 'frontdesk-e2e-db-trouble-'));
  // The ordinary user of the read-only test must reach its folder inside.
  chmodSync(workDir, 0o755);
});

test.afterAll(async () => {
  for (const cli of running) await cli.stop();
  await stack?.close();
  if (workDir) {
    // An ordinary user running the tests needs the read-only folder writable again to delete it.
    for (const dir of [join(workDir, 'read-only')]) if (existsSync(dir)) chmodSync(dir, 0o755);
    rmSync(workDir, { recursive: true, force: true });
  }
});

const digest = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** Starts the register program on a data folder; it is stopped after the tests if a test does not. */
function startCli(dataDir: string, options: { asOrdinaryUser?: boolean } = {}): RegisterCli {
  const cli = startRegisterCli({ dataDir, serverUrl: stack.serverUrl, ...options });
  running.add(cli);
  return cli;
}
async function stopCli(cli: RegisterCli): Promise<void> {
  await cli.stop();
  running.delete(cli);
}

/** The register's address, once the program says it is up. */
async function registerUrl(cli: RegisterCli): Promise<string> {
  return (await cli.waitForLine(/^Open (http\S+)$/))[1]!;
}

async function sellGripSocksForCash(page: Page): Promise<string> {
  await openTab(page, 'Products');
  await page.getByRole('button', { name: 'Add Grip Socks' }).click();
  const receipt = await payCash(page, '20');
  await page.getByRole('button', { name: 'New sale' }).click();
  return receipt;
}

/** Where the host serves the page that says why the data file was not opened; fails when the register started instead. */
async function troublePageUrl(cli: RegisterCli): Promise<string> {
  const [line, url] = await cli.waitForLine(/^(?:Open|\s+See it in the browser:) (http\S+)$/);
  expect(line, 'the register started instead of refusing its data file').toContain('See it in the browser');
  return url!;
}

/** The plain page the host serves instead of the register, and what it says. */
async function expectTroublePage(page: Page, url: string, code: string, file: string) {
  await page.goto(url);
  await expect(page.getByRole('heading', { name: 'Frontdesk cannot open its data' })).toBeVisible();
  await expect(page.getByRole('alert')).toContainText(file);
  await expect(page.getByText(`Error code: ${code}`)).toBeVisible();
  return page.getByRole('button', { name: /^Start from the backup of / });
}

const dataDir = () => join(workDir, 'register');
const dataFile = () => join(dataDir(), 'register.db');
let inBackup = '';
let onlyInDamaged = '';

test('a damaged data file: start from the backup, the one lost sale listed, sent again once, then dismissed', async ({ page }) => {
  test.setTimeout(240_000);
  mkdirSync(dataDir());

  // First run: enroll, then sell while the server is unreachable.
  let cli = startCli(dataDir());
  await page.goto(await registerUrl(cli));
  await page.getByLabel('Server URL').fill(stack.serverUrl);
  await page.getByLabel('Enrollment code').fill('DEMO-ENROLL');
  await page.getByLabel('Register name').fill('Desk with a bad disk');
  await page.getByRole('button', { name: 'Enroll register' }).click();
  await signInWithKeypad(page, '2222');
  await stack.stopServer();
  inBackup = await sellGripSocksForCash(page);
  await expect(connectionBadge(page)).toContainText('1 cash sale waiting to sync');
  await stopCli(cli);

  // Second run: its start backup holds the first sale (still unsent); the next sale is only in the data file.
  cli = startCli(dataDir());
  await cli.waitForLine(/\[backup\] \S+ \(start\)$/);
  await page.goto(await registerUrl(cli));
  await signInWithKeypad(page, '2222');
  onlyInDamaged = await sellGripSocksForCash(page);
  await expect(connectionBadge(page)).toContainText('2 cash sales waiting to sync');
  await stopCli(cli);

  // A power cut: the sales' index pages and some of the cached catalog are overwritten; the sales rows survive.
  expect(existsSync(`${dataFile()}-wal`) ? statSync(`${dataFile()}-wal`).size : 0).toBe(0);
  const damagedPages = pagesOf(dataFile()).filter((p) => ['sales_receipt_idx', 'sales_date_idx', 'catalog_items'].includes(p.name));
  expect(damagedPages.length).toBeGreaterThan(0);
  overwritePages(
    dataFile(),
    damagedPages.map((p) => p.pageno),
  );
  const damagedDigest = digest(dataFile());
  await stack.startServer();

  // Third run: the terminal and the page say what is wrong and with which file, and offer the newest backup.
  cli = startCli(dataDir());
  const troubleUrl = await troublePageUrl(cli);
  expect(cli.output()).toContain('[database_corrupt]');
  expect(cli.output()).toContain(dataFile());
  const startFromBackup = await expectTroublePage(page, troubleUrl, 'database_corrupt', dataFile());
  await checkScreen(page, 'database-trouble-damaged');
  await startFromBackup.click();
  const started = await cli.waitForLine(/the damaged file is kept at (\S+)\.$/);
  expect(digest(started[1]!)).toBe(damagedDigest);
  await page.goto(await registerUrl(cli));

  const banner = page.getByRole('region', { name: /^This register started from its backup of / });
  const items = banner.getByRole('list', { name: 'Read back from the damaged file' }).getByRole('listitem');
  await expect(items).toHaveCount(1);
  await expect(items.first()).toContainText(`Cash sale ${onlyInDamaged} `);
  await expect(banner).not.toContainText(`sale ${inBackup} `);
  await expect(banner).toContainText(started[1]!);
  await checkScreen(page, 'recovery-banner-signed-out');

  await signInWithKeypad(page, '2222');
  // The backup's own unsent sale goes by itself; the lost one only once staff send it again.
  await expect(connectionBadge(page)).not.toContainText('waiting to sync', { timeout: 20_000 });
  await checkScreen(page, 'recovery-banner');
  await items
    .first()
    .getByRole('button', { name: `Send sale ${onlyInDamaged} again` })
    .click();
  await expect(items.first()).toContainText(`Sale ${onlyInDamaged} is sent again`);
  await expect(items.first().getByRole('button', { name: /^Send sale / })).toHaveCount(0);

  // On the server once, next to the backup's sale (the same sale id and idempotency key as in the damaged file).
  const observer = await stack.startRegister('Observer');
  await observer.call('staff.signIn', { pin: '1111' });
  const receiptsOnServer = async () => {
    const day = await observer.call('sales.day');
    expect(day.source).toBe('server');
    return day.sales.map((sale) => sale.receiptNumber);
  };
  await expect.poll(receiptsOnServer, { timeout: 20_000 }).toContain(onlyInDamaged);
  const onServer = await receiptsOnServer();
  expect([onServer.filter((r) => r === inBackup).length, onServer.filter((r) => r === onlyInDamaged).length]).toEqual([1, 1]);
  await expect(connectionBadge(page)).not.toContainText('waiting to sync');
  await observer.close();

  // Kept until dismissed, across a reload; dismissed, it is gone for good.
  await page.reload();
  await expect(items).toHaveCount(1);
  await items
    .first()
    .getByRole('button', { name: `Dismiss sale ${onlyInDamaged}` })
    .click();
  await expect(banner).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await expect(banner).toHaveCount(0);
  // The register keeps running from the backup for the next test, which starts a second one on the same folder.
});

test('a second register on the same folder: its own message naming the file, no backup offered', async ({ page }) => {
  const second = startCli(dataDir());
  const troubleUrl = await troublePageUrl(second);
  expect(second.output()).toContain('[database_locked]');
  expect(second.output()).toContain(dataFile());
  const offer = await expectTroublePage(page, troubleUrl, 'database_locked', dataFile());
  await expect(page.getByRole('alert')).toContainText('Another Frontdesk register is already running');
  await expect(offer).toHaveCount(0);
  await stopCli(second);
  for (const cli of [...running]) await stopCli(cli);
});

test('a read-only data folder, as an ordinary user: its own message naming the folder, nothing changed, no backup offered', async ({ page }) => {
  const readOnlyDir = join(workDir, 'read-only');
  mkdirSync(readOnlyDir);
  const file = join(readOnlyDir, 'register.db');
  // A healthy data file: the register's last one, left by the run before.
  copyFileSync(dataFile(), file);
  chmodSync(file, 0o444);
  chmodSync(readOnlyDir, 0o555);
  const before = digest(file);

  const cli = startCli(readOnlyDir, { asOrdinaryUser: true });
  const troubleUrl = await troublePageUrl(cli);
  expect(cli.output()).toContain('[database_not_writable]');
  expect(cli.output()).toContain(file);
  const offer = await expectTroublePage(page, troubleUrl, 'database_not_writable', file);
  await expect(page.getByRole('alert')).toContainText(`the folder ${readOnlyDir} is read-only for this user`);
  await expect(page.getByRole('alert')).toContainText('Nothing is lost');
  await expect(page.getByRole('alert')).not.toContainText(/backup|restore/i);
  await expect(offer).toHaveCount(0);
  await checkScreen(page, 'database-trouble-read-only', { sizes: 1 });
  await stopCli(cli);
  expect(digest(file)).toBe(before);
});
