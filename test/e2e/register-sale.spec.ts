import { expect, test, type Page } from '@playwright/test';
import { addProduct, changeDueScreen, connectionBadge, openFirstSeatPicker, openTab, payCash, selectClient, signInWithKeypad } from './support/pos-page';
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
  await dialog.getByRole('button', { name: 'Seat R3, free', exact: true }).click();
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
    await expect(seats.getByRole('button', { name: 'Seat R3, free', exact: true })).toHaveCount(0);
    await expect(seats.getByRole('button', { name: 'Seat R4, free', exact: true })).toBeEnabled();
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

/** "$18.00": amounts as the register prints them (en-US, USD), computed from the catalog's own prices. */
const usd = (cents: number) => new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(cents / 100);

test('cash 50 for Grip Socks and a Water Bottle: "Change due" until confirmed, then the receipt prints what was handed over', async ({ page }) => {
  const { items } = await front.call('catalog.list');
  const price = (name: string) => items.find((item) => item.name === name)!.priceCents;
  const total = price('Grip Socks') + price('Water Bottle');
  const change = 5000 - total;
  expect(change).toBeGreaterThan(0);

  // The page's clock is Playwright's: it runs on by itself, and the test can make minutes pass at once.
  await page.clock.install();
  await page.goto(front.url);
  await signInWithKeypad(page, '2222');
  await addProduct(page, 'Grip Socks');
  await addProduct(page, 'Water Bottle');
  await expect(page.getByTestId('cart-total')).toHaveText(usd(total));
  await page.getByRole('button', { name: 'Pay cash' }).click();
  const dialog = page.getByRole('dialog', { name: 'Cash payment' });
  await dialog.getByLabel('Cash tendered').fill('50');
  await dialog.getByRole('button', { name: 'Complete cash sale' }).click();

  // The change fills the screen, the confirming button has focus, and it stays until staff confirm.
  const changeDue = changeDueScreen(page);
  await expect(changeDue.heading).toHaveText(`Change due ${usd(change)}`);
  await expect(changeDue.given).toBeFocused();
  await expect(page.getByRole('main')).toContainText(`cash tendered ${usd(5000)}`);
  await shot(page, 'change-due');
  // Unlike the "Paid" moment of a link sale (2.5 s), it does not leave by itself: a minute of the page's timers later,
  // it is still there.
  await page.clock.runFor(60_000);
  await expect(changeDue.heading).toBeVisible();
  await page.keyboard.press('Enter');

  const heading = page.getByRole('heading', { name: /^Receipt \d+-\d+$/ });
  await expect(heading).toBeFocused();
  const payments = page.getByRole('article', { name: /^Receipt / }).getByRole('list', { name: 'Payments' });
  await expect(payments.getByRole('listitem')).toHaveText([`Cash tendered ${usd(5000)}`, `Change ${usd(change)}`]);
  await shot(page, 'receipt-cash-tendered');

  // Reopened (a reload): the receipt, not the change again; and the synced sale still says what was handed over.
  await expect.poll(async () => (await front.call('app.snapshot')).outbox.pending).toBe(0);
  await page.reload();
  await expect(heading).toBeVisible();
  await expect(changeDue.heading).toHaveCount(0);
  await expect(payments.getByRole('listitem')).toHaveText([`Cash tendered ${usd(5000)}`, `Change ${usd(change)}`]);
  await page.getByRole('button', { name: 'New sale' }).click();
  await expect(page.getByRole('heading', { name: 'Cart' })).toBeVisible();
});

test('a walk-in cannot buy a package or a membership: the catalog says why and leads to the client search', async ({ page }) => {
  await page.goto(front.url);
  await signInWithKeypad(page, '2222');
  await page.getByRole('button', { name: 'Walk-in' }).click();
  await expect(page.getByRole('button', { name: 'Walk-in' })).toHaveAttribute('aria-pressed', 'true');

  for (const [tab, name] of [
    ['Packages', '10-Class Pack'],
    ['Memberships', 'Unlimited Monthly'],
  ] as const) {
    await openTab(page, tab);
    const card = page.getByRole('article', { name });
    await expect(card.getByRole('button', { name: `Add ${name}` })).toHaveCount(0);
    const chooseFirst = card.getByRole('button', { name: 'Choose a client first' });
    await expect(chooseFirst).toHaveAccessibleDescription(new RegExp(`^A walk-in cannot buy ${name}: .*Choose a client first\\.$`));
    await expect(card).toContainText(`A walk-in cannot buy ${name}`);
  }
  await shot(page, 'walk-in-membership');
  await page.getByRole('article', { name: 'Unlimited Monthly' }).getByRole('button', { name: 'Choose a client first' }).click();
  await expect(page.getByLabel('Search clients')).toBeFocused();

  // With a client the pack can be added; going back to a walk-in is then refused, with the reason.
  await selectClient(page, 'Maya Chen');
  await openTab(page, 'Packages');
  await page.getByRole('button', { name: 'Add 10-Class Pack' }).click();
  await expect(page.getByRole('list', { name: 'Cart lines' })).toContainText('10-Class Pack');
  await page.getByRole('button', { name: 'Change client' }).click();
  await page.getByRole('button', { name: 'Walk-in' }).click();
  const refusal = page.getByRole('region', { name: 'Client', exact: true }).getByRole('alert');
  await expect(refusal).toHaveText(/^10-Class Pack needs a client: a walk-in cannot buy a package or a membership\./);
  await expect(refusal).toHaveAttribute('data-code', 'client_required');
  await shot(page, 'walk-in-refused');
  expect((await front.call('app.snapshot')).cart).toMatchObject({ client: { name: 'Maya Chen' } });
  await page.getByRole('button', { name: 'Clear cart' }).click();
  await expect(page.getByText('The cart is empty.')).toBeVisible();
});

test('Change client updates the cart everywhere: the client card, the cart, and the payment link dialog', async ({ page }) => {
  await page.goto(front.url);
  await signInWithKeypad(page, '2222');
  await selectClient(page, 'Maya Chen');
  await addProduct(page, 'Grip Socks');
  await page.getByRole('button', { name: 'Change client' }).click();
  await page.getByLabel('Search clients').fill('Sam');
  await page.getByRole('button', { name: 'Select Sam Rivera' }).click();
  await expect(page.getByRole('group', { name: 'Selected client Sam Rivera' })).toBeVisible();
  await expect(page.getByRole('group', { name: 'Selected client Maya Chen' })).toHaveCount(0);
  const cart = page.getByRole('region', { name: 'Cart' });
  await expect(cart).toContainText('Sam Rivera');
  await expect(cart).not.toContainText('Maya Chen');
  await page.getByRole('button', { name: 'Send payment link' }).click();
  const dialog = page.getByRole('dialog', { name: 'Send payment link' });
  await expect(dialog.getByLabel('Email address')).toHaveValue('sam.rivera@example.com');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await page.getByRole('button', { name: 'Clear cart' }).click();
});
