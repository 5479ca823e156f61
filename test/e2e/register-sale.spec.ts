import { expect, test, type Page } from '@playwright/test';
import { connectionBadge, openFirstSeatPicker, openTab, payCash, selectClient, signInWithKeypad } from './support/pos-page';
import { startStack, type E2eStack, type RegisterHandle } from './support/e2e-stack';

// The end-to-end check: real server, real engines (SQLite), real browser host, real Chromium.

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

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: test.info().outputPath(`${name}.png`), fullPage: true });
}

test('Frank sells Maya Chen Grip Socks and a Reformer Pilates seat for cash; roster, sales and a second register agree', async ({ page, browser }) => {
  await page.goto(front.url);
  await signInWithKeypad(page, '2222');
  await expect(page.getByRole('banner')).toContainText('Frank');
  await expect(connectionBadge(page)).toContainText('Online');

  await selectClient(page, 'Maya Chen');
  await expect(page.getByRole('group', { name: 'Selected client Maya Chen' })).toContainText('@');

  await openTab(page, 'Products');
  await page.getByRole('button', { name: 'Add Grip Socks' }).click();
  const { dialog, sessionLabel } = await openFirstSeatPicker(page);
  await shot(page, 'seat-picker');
  await dialog.getByRole('button', { name: 'Seat R3', exact: true }).click();
  await expect(dialog).toBeHidden();

  const cart = page.getByRole('list', { name: 'Cart lines' });
  await expect(cart.getByRole('listitem')).toHaveCount(2);
  await expect(cart).toContainText('Grip Socks');
  await expect(cart).toContainText('Seat R3');
  await shot(page, 'cart');

  const receipt = await payCash(page, '100');
  const receiptCard = page.getByRole('article', { name: `Receipt ${receipt}` });
  await expect(receiptCard).toContainText('Maya Chen');
  await expect(receiptCard).toContainText('Grip Socks');
  await expect(receiptCard).toContainText('Seat R3');
  await expect(receiptCard.getByRole('list', { name: 'Payments' })).toContainText('Cash');
  await expect(receiptCard.getByRole('list', { name: 'Payments' })).toContainText('Change');
  await expect(page.getByRole('button', { name: 'Print receipt' })).toBeVisible();
  await shot(page, 'receipt');
  await page.getByRole('button', { name: 'New sale' }).click();
  await expect(page.getByRole('heading', { name: 'Cart' })).toBeVisible();

  // The day's sales, from the server once the sale has synced.
  await expect.poll(async () => (await front.call('app.snapshot')).outbox.pending).toBe(0);
  await page.getByRole('button', { name: "Today's sales" }).click();
  const salesRow = page.getByRole('row').filter({ hasText: receipt });
  await expect(salesRow).toContainText('Maya Chen');
  await expect(salesRow).toContainText('Cash');
  await expect(page.getByText('showing only this register')).toHaveCount(0);
  await shot(page, 'day-sales');

  // The roster of the session's day shows Maya in seat R3.
  await page.getByRole('button', { name: 'Roster' }).click();
  if (sessionLabel.includes(', Tomorrow ')) {
    const { today } = await front.call('app.snapshot');
    const tomorrow = new Date(Date.parse(`${today}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel('Date').fill(tomorrow);
  }
  const rosterSession = page.getByRole('region', { name: /^Reformer Pilates at / });
  await expect(rosterSession.filter({ hasText: 'Maya Chen' })).toContainText('Seat R3');
  await shot(page, 'roster');

  // A second register, enrolled on its own, can no longer choose that seat.
  const second = await stack.startRegister('Studio B desk');
  try {
    const other = await (await browser.newContext()).newPage();
    await other.goto(second.url);
    await signInWithKeypad(other, '1111');
    await openTab(other, 'Classes');
    await other
      .getByRole('button', { name: sessionLabel.replace(/, \d+ spots? left$|, Full$/, '') + ',', exact: false })
      .first()
      .click();
    const seats = other.getByRole('dialog', { name: /Choose a seat — Reformer Pilates/ });
    await expect(seats.getByRole('button', { name: 'Seat R3, booked' })).toBeDisabled();
    await expect(seats.getByRole('button', { name: 'Seat R3', exact: true })).toHaveCount(0);
    await expect(seats.getByRole('button', { name: 'Seat R4', exact: true })).toBeEnabled();
    await shot(other, 'second-register-seat-taken');
    await other.close();
  } finally {
    await second.close();
  }
});

test('a walk-in buys a class spot and water bottles with the external card terminal', async ({ page }) => {
  await page.goto(front.url);
  await signInWithKeypad(page, '2222');
  await page.getByRole('button', { name: 'Walk-in' }).click();
  await expect(page.getByRole('button', { name: 'Walk-in' })).toHaveAttribute('aria-pressed', 'true');

  await openTab(page, 'Classes');
  await page
    .getByRole('button', { name: /^Add Vinyasa Flow, .* left$/ })
    .first()
    .click();
  await openTab(page, 'Products');
  await page.getByRole('button', { name: 'Add Water Bottle' }).click();
  await page.getByRole('button', { name: 'Increase quantity of Water Bottle' }).click();
  await expect(page.getByRole('group', { name: 'Quantity of Water Bottle' })).toContainText('2');

  await page.getByRole('button', { name: 'External card terminal' }).click();
  await page
    .getByRole('dialog', { name: 'External card terminal' })
    .getByRole('button', { name: /Terminal approved/ })
    .click();
  const heading = page.getByRole('heading', { name: /^Receipt \d+-\d+$/ });
  await expect(heading).toBeVisible();
  const receipt = page.getByRole('article', { name: /^Receipt / });
  await expect(receipt).toContainText('Walk-in');
  await expect(receipt).toContainText('2 × Water Bottle');
  await expect(receipt).toContainText('Vinyasa Flow');
  await expect(receipt).toContainText('Card (terminal)');
  await shot(page, 'walk-in-receipt');
  const number = ((await heading.textContent()) ?? '').replace('Receipt ', '');
  await page.getByRole('button', { name: 'New sale' }).click();

  await page.getByRole('button', { name: "Today's sales" }).click();
  await expect(page.getByRole('row').filter({ hasText: number })).toContainText('Walk-in');
  await expect(page.getByRole('region', { name: 'Totals by payment method' })).toContainText('Card (terminal)');
});
