import { resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startBrowserHost, type BrowserHost } from '../../electron/host/browser-host';
import { createFakeEngine, type FakeEngine } from '../host/support/fake-engine';

// Over the dev fake engine (no server, so the deadline can be moved and refusals provoked at will): the waiting
// panel's screen-reader announcements and red countdown, and the dialog's help for a full class or new prices.

let host: BrowserHost;
let engine: FakeEngine;

test.beforeEach(async () => {
  engine = createFakeEngine();
  host = await startBrowserHost({ engine, rendererDir: resolve('out/renderer') });
});

test.afterEach(async () => {
  await host?.close();
});

async function signInWithMaya(page: Page): Promise<void> {
  await page.goto(host.url);
  await page.getByLabel('PIN').fill('2222');
  await page.keyboard.press('Enter');
  await page.getByLabel('Search clients').fill('Maya');
  await page.getByRole('button', { name: 'Select Maya Chen' }).click();
}

test('time left is announced politely at 5, 2 and 1 minutes, and the countdown turns red under 2 minutes', async ({ page }) => {
  await signInWithMaya(page);
  await page.getByRole('tab', { name: 'Products' }).click();
  await page.getByRole('button', { name: 'Add Grip Socks' }).click();
  await page.getByRole('button', { name: 'Send payment link' }).click();
  await page.getByRole('dialog', { name: 'Send payment link' }).getByRole('button', { name: 'Send payment link' }).click();

  const timer = page.getByRole('timer', { name: 'Time left to pay' });
  const spoken = page.locator('[aria-live="polite"]').filter({ hasText: 'left to pay the link' });
  await expect(timer).toContainText(/Expires in 1[45]:\d\d/);
  await expect(timer).toHaveAttribute('data-urgent', 'false');
  await expect(spoken).toHaveCount(0);

  for (const [minutes, words] of [
    [5, '5 minutes'],
    [2, '2 minutes'],
    [1, '1 minute'],
  ] as const) {
    engine.link.setExpiresIn(minutes * 60_000 + 600);
    await expect(spoken).toHaveText(`${words} left to pay the link.`);
  }
  await expect(timer).toHaveAttribute('data-urgent', 'true');
  await expect(timer).toContainText(/Expires in 00:5\d/);

  engine.link.setExpiresIn(0);
  await expect(timer).toContainText('Time is up — waiting for the server');
  engine.link.expired();
  await expect(page.getByRole('region', { name: 'Notices' })).toContainText('The payment link expired');
  await expect(page.getByRole('button', { name: 'Pay cash' })).toBeEnabled();
});

test('a full class and refreshed prices are explained in the dialog, with a way out', async ({ page }) => {
  await signInWithMaya(page);
  await page.getByRole('button', { name: /^Add Vinyasa Flow, .*, 1 spot left$/ }).click();
  await page.getByRole('tab', { name: 'Products' }).click();
  await page.getByRole('button', { name: 'Add Water Bottle' }).click();
  await page.getByRole('button', { name: 'Send payment link' }).click();
  const dialog = page.getByRole('dialog', { name: 'Send payment link' });

  engine.link.refuseNextSend('total_mismatch', 'The cart total does not match the catalog prices.', { expectedCents: 4000 });
  await dialog.getByRole('button', { name: 'Send payment link' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('The cart total does not match the catalog prices.');
  await expect(dialog.getByRole('status')).toContainText('Prices were refreshed: the cart total is now $40.00');

  engine.link.refuseNextSend('capacity_unavailable', 'That class is full.', { sessionId: 'ses-vin-1' });
  await dialog.getByRole('button', { name: 'Send payment link' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('That class is full.');
  await dialog.getByRole('button', { name: /^Remove Vinyasa Flow, Today .* from the cart$/ }).click();
  await expect(dialog.getByRole('status')).toContainText('was removed from the cart');
  await expect(page.getByRole('list', { name: 'Cart lines' })).not.toContainText('Vinyasa Flow');
  await dialog.getByRole('button', { name: 'Send payment link' }).click();
  await expect(page.getByRole('heading', { name: 'Waiting for Maya Chen to complete payment' })).toBeVisible();
});
