import { expect, test } from '@playwright/test';
import { startStack, type E2eStack, type RegisterHandle } from './support/e2e-stack';
import { openFirstSeatPicker, openTab } from './support/pos-page';

// After every action focus is where the next action is: a refused PIN → the emptied PIN field; signed in → the
// client search; arrow keys through the results; a client picked → the catalog; Add → still on Add; a dialog
// closed → back on what opened it; a sale finished → the client search of the next one.

let stack: E2eStack;
let front: RegisterHandle;

test.beforeAll(async () => {
  stack = await startStack();
  front = await stack.startRegister('Focus desk');
});

test.afterAll(async () => {
  await stack?.close();
});

test('focus follows the work from sign-in to the next sale', async ({ page }) => {
  await page.goto(front.url);
  const pin = page.getByLabel('PIN');

  // A wrong PIN from the on-screen keypad: the field is emptied and takes the next try.
  for (const digit of '9898') await page.getByRole('button', { name: digit, exact: true }).click();
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert').or(page.locator('.inline-error'))).toBeVisible();
  await expect(pin).toHaveValue('');
  await expect(pin).toBeFocused();

  await page.keyboard.type('2222');
  await page.keyboard.press('Enter');
  const search = page.getByLabel('Search clients');
  await expect(search).toBeFocused();

  // Arrow keys move through the results; Enter picks; the catalog is next.
  await page.keyboard.type('e');
  const results = page.getByRole('button', { name: /^Select / });
  await expect(results.nth(1)).toBeVisible();
  await page.keyboard.press('ArrowDown');
  await expect(results.nth(0)).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(results.nth(1)).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await expect(results.nth(0)).toBeFocused();
  const picked = ((await results.nth(0).textContent()) ?? '').replace(/^Select\s*/, '');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('group', { name: /^Selected client / })).toContainText(picked.split(/\s/)[0]);
  await expect(page.getByRole('tab', { selected: true })).toBeFocused();

  // Adding stays on the item: staff adding two press again.
  await openTab(page, 'Products');
  const add = page.getByRole('button', { name: 'Add Grip Socks' });
  await add.click();
  await expect(page.getByRole('list', { name: 'Cart lines' })).toContainText('Grip Socks');
  await expect(add).toBeFocused();

  // A dialog closed by Escape or by its Close button gives focus back to what opened it.
  const payCash = page.getByRole('button', { name: 'Pay cash' });
  await payCash.click();
  await expect(page.getByRole('dialog', { name: 'Cash payment' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(payCash).toBeFocused();
  const { dialog } = await openFirstSeatPicker(page);
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('button', { name: /^Choose a seat for Reformer Pilates/ }).and(page.locator(':focus'))).toHaveCount(1);

  // A finished sale: the next client's search has focus.
  await page.getByRole('button', { name: 'External card terminal' }).click();
  await page.getByRole('button', { name: /Terminal approved/ }).click();
  await page.getByRole('button', { name: 'New sale' }).click();
  await expect(search).toBeFocused();
});
