import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { expect, test, type Page } from '@playwright/test';

// The client's phone: the invoice page in Chromium against a real server (test/support/server-e2e-process.ts),
// paying with the sandbox test cards, the 3-D Secure step, a declined card then a good one, and closed links.

let child: ChildProcess;
let serverUrl = '';
const waiting = new Map<number, (message: { ok: boolean; value?: any; error?: string }) => void>();
let nextId = 1;

function request(body: Record<string, unknown>): Promise<any> {
  const id = nextId++;
  return new Promise((resolveRequest, reject) => {
    waiting.set(id, (message) => (message.ok ? resolveRequest(message.value) : reject(new Error(message.error))));
    child.stdin!.write(`${JSON.stringify({ id, ...body })}\n`);
  });
}

test.beforeAll(async () => {
  child = spawn(resolve('node_modules/.bin/tsx'), [resolve('test/support/server-e2e-process.ts')], { stdio: ['pipe', 'pipe', 'inherit'] });
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

const newLink = (): Promise<{ id: string; url: string }> => request({ op: 'createLink' });

async function openOnPhone(page: Page, url: string): Promise<void> {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(url);
}

async function fillCard(page: Page, cardNumber: string): Promise<void> {
  await page.getByLabel('Card number').fill(cardNumber);
  await page.getByLabel('Expiry (MM/YY)').fill('12/34');
  await page.getByLabel('Security code').fill('123');
  await page.getByLabel('Name on card').fill('Maya Chen');
  await page.getByRole('button', { name: /^Pay / }).click();
}

test('shows the invoice and pays with 4242 4242 4242 4242', async ({ page }) => {
  const link = await newLink();
  const blocked: string[] = [];
  const consoleErrors: string[] = [];
  page.on('request', (r) => {
    if (!r.url().startsWith(serverUrl)) blocked.push(r.url());
  });
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text()); // a CSP violation would show here
  });
  await openOnPhone(page, link.url);
  await expect(page.getByRole('heading', { level: 1, name: 'Demo Studio' })).toBeVisible();
  await expect(page.getByText('Hi Maya,')).toBeVisible();
  const lines = page.getByRole('table', { name: 'What you are paying for' });
  await expect(lines).toContainText('Vinyasa Flow');
  // The class time as the studio's clock shows it (e.g. "Fri, Nov 27, 9:00 AM"), not in UTC.
  await expect(lines).toContainText(/(Mon|Tue|Wed|Thu|Fri|Sat|Sun), [A-Z][a-z]{2} \d{1,2}, \d{1,2}:\d{2} (AM|PM)/);
  await expect(lines).not.toContainText(/GMT|UTC/);
  await expect(page.locator('#total')).toHaveText('$39.00');
  await expect(page.locator('#time-left')).toContainText(/1[45] min \d\d s left/);
  const before = await page.locator('#time-left').textContent();
  await expect(page.locator('#time-left')).not.toHaveText(before!); // the countdown runs (its script passed the CSP)
  await fillCard(page, '4242 4242 4242 4242');
  await expect(page.locator('#link-state')).toHaveAttribute('data-state', 'paid');
  await expect(page.getByText('visa ending 4242')).toBeVisible();
  await expect(page.getByLabel('Card number')).toHaveCount(0);
  expect(blocked).toEqual([]); // no third-party requests in sandbox mode
  expect(consoleErrors).toEqual([]);
  expect((await request({ op: 'status', linkId: link.id })).status).toBe('paid');
});

test('3-D Secure: completing pays', async ({ page }) => {
  const link = await newLink();
  await openOnPhone(page, link.url);
  await fillCard(page, '4000 0027 6000 3184');
  await expect(page.getByRole('heading', { name: 'Confirm it is you' })).toBeVisible();
  await page.getByRole('button', { name: 'Complete authentication' }).click();
  await expect(page.locator('#link-state')).toHaveAttribute('data-state', 'paid');
});

test('3-D Secure: failing says why, and the client can try again', async ({ page }) => {
  const link = await newLink();
  await openOnPhone(page, link.url);
  await fillCard(page, '4000 0027 6000 3184');
  await page.getByRole('button', { name: 'Fail authentication' }).click();
  await expect(page.getByRole('alert')).toContainText('could not confirm');
  expect((await request({ op: 'status', linkId: link.id })).status).toBe('pending');
  await fillCard(page, '4242 4242 4242 4242');
  await expect(page.locator('#link-state')).toHaveAttribute('data-state', 'paid');
});

test('a declined card shows why, then a good card pays', async ({ page }) => {
  const link = await newLink();
  await openOnPhone(page, link.url);
  await fillCard(page, '4000 0000 0000 0002');
  await expect(page.getByRole('alert')).toContainText('Your card was declined');
  await fillCard(page, '4000 0000 0000 9995');
  await expect(page.getByRole('alert')).toContainText('insufficient funds');
  await fillCard(page, '4242 4242 4242 4242');
  await expect(page.locator('#link-state')).toHaveAttribute('data-state', 'paid');
  expect((await request({ op: 'status', linkId: link.id })).saleId).toBeTruthy();
});

test('an expired link says so and takes no payment', async ({ page }) => {
  const link = await newLink();
  await openOnPhone(page, link.url);
  expect(await request({ op: 'expire', linkId: link.id })).toBe('expired');
  await fillCard(page, '4242 4242 4242 4242'); // the form was still on screen
  await expect(page.locator('#link-state')).toHaveAttribute('data-state', 'expired');
  await page.goto(link.url);
  await expect(page.locator('#link-state')).toHaveAttribute('data-state', 'expired');
  await expect(page.getByLabel('Card number')).toHaveCount(0);
  expect((await request({ op: 'status', linkId: link.id })).status).toBe('expired');
});

test('a canceled link says so and takes no payment', async ({ page }) => {
  const link = await newLink();
  expect(await request({ op: 'cancel', linkId: link.id })).toBe('canceled');
  await openOnPhone(page, link.url);
  await expect(page.locator('#link-state')).toHaveAttribute('data-state', 'canceled');
  await expect(page.getByText('Nothing was charged')).toBeVisible();
  await expect(page.getByLabel('Card number')).toHaveCount(0);
});
