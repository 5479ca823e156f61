import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';

// The receipt a phone-only client gets: the SMS after paying links to /{widget}/r/{receiptId}, opened here on a
// 390×844 phone against a real server (test/support/receipt-e2e-process.ts); axe checks it and the 404 page.

let child: ChildProcess;
let serverUrl = '';
const waiting = new Map<number, (message: { ok: boolean; value?: any; error?: string }) => void>();
let nextId = 1;

function paidBySms(): Promise<{ smsText: string; receiptUrl: string }> {
  const id = nextId++;
  return new Promise((done, fail) => {
    waiting.set(id, (message) => (message.ok ? done(message.value) : fail(new Error(message.error))));
    child.stdin!.write(`${JSON.stringify({ id, op: 'paidBySms' })}\n`);
  });
}

test.beforeAll(async () => {
  child = spawn(resolve('node_modules/.bin/tsx'), [resolve('test/support/receipt-e2e-process.ts')], { stdio: ['pipe', 'pipe', 'inherit'] });
  serverUrl = await new Promise<string>((ready, fail) => {
    child.once('exit', () => fail(new Error('the server process exited')));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const message = JSON.parse(line);
      if (message.ready) return ready(message.serverUrl);
      waiting.get(message.id)?.(message);
      waiting.delete(message.id);
    });
  });
});

test.afterAll(async () => {
  child?.stdin?.end();
  await new Promise((done) => child?.once('exit', done));
});

async function seriousAxeFindings(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact})`);
}

test.use({ viewport: { width: 390, height: 844 } });

test('the receipt page from the SMS shows what was paid, with the card and the receipt number', async ({ page }) => {
  const { smsText, receiptUrl } = await paidBySms();
  expect(smsText).toMatch(/^Demo Studio: paid \$54\.00, thank you\. Receipt \S+: http:\/\/\S+\/demo-studio\/r\/rcp_[A-Za-z0-9_-]{22}$/);
  const elsewhere: string[] = [];
  page.on('request', (r) => {
    if (!r.url().startsWith(serverUrl)) elsewhere.push(r.url());
  });
  const answer = await page.goto(receiptUrl);
  expect(answer?.status()).toBe(200);
  await expect(page.getByRole('heading', { level: 1, name: 'Demo Studio' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Paid — thank you, Alex' })).toBeVisible();
  const receiptNumber = /Receipt (\S+):/.exec(smsText)![1]!;
  await expect(page.locator('#receipt-number')).toHaveText(receiptNumber);
  await expect(page.locator('#card')).toHaveText('Visa •• 4242');
  const lines = page.getByRole('table', { name: 'What you paid for' });
  await expect(lines.getByRole('rowheader', { name: /Reformer Pilates/ })).toContainText(/\w{3}, \w{3} \d{1,2}, \d{1,2}:\d\d [AP]M, seat R\d+/);
  await expect(lines.getByRole('rowheader', { name: 'Grip Socks' })).toBeVisible();
  await expect(page.locator('#total')).toHaveText('$54.00');
  // Nothing wider than the phone, nothing fetched from anywhere else.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  expect(elsewhere).toEqual([]);
  expect(await seriousAxeFindings(page)).toEqual([]);
});

test('an address that is no receipt answers a friendly page, also checked by axe', async ({ page }) => {
  const answer = await page.goto(`${serverUrl}/demo-studio/r/rcp_${'A'.repeat(22)}`);
  expect(answer?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1, name: 'Receipt not found' })).toBeVisible();
  await expect(page.getByText(/whole link from your message/)).toBeVisible();
  expect(await seriousAxeFindings(page)).toEqual([]);
});
