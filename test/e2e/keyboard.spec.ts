import { expect, test } from '@playwright/test';
import { startStack, type E2eStack, type RegisterHandle } from './support/e2e-stack';
import { tabTo } from './support/keyboard';

// The register works from the keyboard alone: sign in, move through the catalog tabs, add, pay, and Escape.

let stack: E2eStack;
let front: RegisterHandle;

test.beforeAll(async () => {
  stack = await startStack();
  front = await stack.startRegister('Keyboard desk');
});

test.afterAll(async () => {
  await stack?.close();
});

test('sign in, add a product, pay cash and dismiss a dialog with the keyboard alone', async ({ page }) => {
  await page.goto(front.url);
  await expect(page.getByLabel('PIN')).toBeFocused();
  await page.keyboard.type('2222');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();

  await tabTo(page, 'Classes');
  for (let i = 0; i < 4; i += 1) await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: 'Products' })).toBeFocused();
  await expect(page.getByRole('tab', { name: 'Products' })).toHaveAttribute('aria-selected', 'true');
  await tabTo(page, 'Add Grip Socks');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('list', { name: 'Cart lines' })).toContainText('Grip Socks');

  await tabTo(page, 'Pay cash');
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Cash payment' });
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('button', { name: 'Pay cash' })).toBeFocused();

  await page.keyboard.press('Space');
  await expect(dialog.getByLabel('Cash tendered')).toBeFocused();
  await page.keyboard.type('20');
  await page.keyboard.press('Enter');
  // Change is due (Grip Socks cost less than 20): its screen has focus on the button, and Enter confirms it.
  await expect(page.getByRole('heading', { name: /^Change due / })).toBeVisible();
  await expect(page.getByRole('button', { name: /^Change given/ })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: /^Receipt \d+-\d+$/ })).toBeFocused();
  await page.screenshot({ path: test.info().outputPath('keyboard-receipt.png'), fullPage: true });
  await tabTo(page, 'New sale');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Cart' })).toBeVisible();
});
