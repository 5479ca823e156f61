import { expect, test } from '@playwright/test';
import { startStack, type E2eStack, type RegisterHandle } from './support/e2e-stack';
import { connectionBadge, openTab, payCash, signInWithKeypad } from './support/pos-page';

// With the server down the register keeps selling: the badge says so, the cash sale has its receipt at once and
// waits in the outbox; when the server is back the badge turns green and the sale is on the server's day.

let stack: E2eStack;
let front: RegisterHandle;

test.beforeAll(async () => {
  stack = await startStack();
  front = await stack.startRegister('Offline desk');
});

test.afterAll(async () => {
  await stack?.close();
});

test('a cash sale made offline shows its receipt at once and syncs when the server is back', async ({ page }) => {
  await page.goto(front.url);
  await signInWithKeypad(page, '2222');
  await expect(connectionBadge(page)).toContainText('Online');

  await stack.stopServer();
  await expect(connectionBadge(page)).toContainText('Offline — sales are saved and will sync', { timeout: 20_000 });
  await page.screenshot({ path: test.info().outputPath('offline-badge.png') });

  await openTab(page, 'Products');
  await page.getByRole('button', { name: 'Add Grip Socks' }).click();
  const receipt = await payCash(page, '20');
  await expect(connectionBadge(page)).toContainText('1 cash sale waiting to sync');
  await page.screenshot({ path: test.info().outputPath('offline-receipt.png') });
  await page.getByRole('button', { name: 'New sale' }).click();

  await page.getByRole('button', { name: "Today's sales" }).click();
  await expect(page.getByText("showing only this register's sales")).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: receipt })).toContainText('Not synced yet');
  await expect(page.getByText('1 sale is still waiting to sync.')).toBeVisible();

  await stack.startServer();
  await expect(connectionBadge(page)).toContainText('Online', { timeout: 20_000 });
  await expect(connectionBadge(page)).not.toContainText('waiting to sync', { timeout: 20_000 });
  await expect(page.getByText("showing only this register's sales")).toHaveCount(0, { timeout: 20_000 });
  await expect(page.getByRole('row').filter({ hasText: receipt })).toContainText('Cash');
  await expect(page.getByRole('row').filter({ hasText: receipt })).not.toContainText('Not synced yet');
  await page.screenshot({ path: test.info().outputPath('synced-day-sales.png') });
});
