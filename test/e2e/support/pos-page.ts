import { expect, type Page } from '@playwright/test';

// Steps of the register UI, by role and accessible name only (what a screen reader user would use).

export async function signInWithKeypad(page: Page, pin: string): Promise<void> {
  for (const digit of pin) await page.getByRole('button', { name: digit, exact: true }).click();
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
}

export async function selectClient(page: Page, name: string): Promise<void> {
  await page.getByLabel('Search clients').fill(name.split(' ')[0]);
  await page.getByRole('button', { name: `Select ${name}` }).click();
  await expect(page.getByRole('group', { name: `Selected client ${name}` })).toBeVisible();
}

export async function openTab(page: Page, name: string): Promise<void> {
  await page.getByRole('tab', { name }).click();
  await expect(page.getByRole('tab', { name })).toHaveAttribute('aria-selected', 'true');
}

/** Opens the seat picker of the first Reformer Pilates session that has spots left; returns the dialog. */
export async function openFirstSeatPicker(page: Page) {
  await openTab(page, 'Classes');
  const session = page
    .getByRole('button', { name: /^Choose a seat for Reformer Pilates/ })
    .and(page.locator(':enabled'))
    .first();
  const label = (await session.getAttribute('aria-label')) ?? '';
  await session.click();
  const dialog = page.getByRole('dialog', { name: /Choose a seat — Reformer Pilates/ });
  await expect(dialog).toBeVisible();
  return { dialog, sessionLabel: label };
}

/** The full-screen "Change due" moment after a cash sale with change, and its confirming button. */
export function changeDueScreen(page: Page) {
  return { heading: page.getByRole('heading', { name: /^Change due / }), given: page.getByRole('button', { name: /^Change given/ }) };
}

/** Pays cash; when change is due, confirms it was handed back (the "Change due" screen comes before the receipt). */
export async function payCash(page: Page, tendered: string): Promise<string> {
  await page.getByRole('button', { name: 'Pay cash' }).click();
  const dialog = page.getByRole('dialog', { name: 'Cash payment' });
  await dialog.getByLabel('Cash tendered').fill(tendered);
  await dialog.getByRole('button', { name: 'Complete cash sale' }).click();
  const heading = page.getByRole('heading', { name: /^Receipt \d+-\d+$/ });
  const changeDue = changeDueScreen(page);
  await expect(changeDue.heading.or(heading)).toBeVisible();
  if (await changeDue.heading.isVisible()) await changeDue.given.click();
  await expect(heading).toBeVisible();
  return ((await heading.textContent()) ?? '').replace('Receipt ', '').trim();
}

export function connectionBadge(page: Page) {
  return page.getByRole('status', { name: 'Connection' });
}

/** Opens Send payment link, picks the channel and sends; the waiting panel is then on screen. */
export async function sendPaymentLink(page: Page, channel: 'Email' | 'SMS' | 'Both', clientName: string) {
  await page.getByRole('button', { name: 'Send payment link' }).click();
  const dialog = page.getByRole('dialog', { name: 'Send payment link' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('radio', { name: channel }).check();
  await dialog.getByRole('button', { name: 'Send payment link' }).click();
  await expect(page.getByRole('heading', { name: `Waiting for ${clientName} to complete payment` })).toBeVisible();
  return waitingPanel(page);
}

/** The waiting panel on the Sell screen, named by its heading (which says when the link is being canceled). */
export function waitingPanel(page: Page) {
  return page.getByRole('main').getByRole('region', { name: /^(Waiting for .* to complete payment|Canceling the payment link for .*)$/ });
}

/** Adds the first open seat-picker session's seat with this label; returns the session's button label. */
export async function addReformerSeat(page: Page, seat: string): Promise<string> {
  const { dialog, sessionLabel } = await openFirstSeatPicker(page);
  await dialog.getByRole('button', { name: `Seat ${seat}, free`, exact: true }).click();
  await expect(dialog).toBeHidden();
  return sessionLabel;
}

export async function addProduct(page: Page, name: string): Promise<void> {
  await openTab(page, 'Products');
  await page.getByRole('button', { name: `Add ${name}` }).click();
  await expect(page.getByRole('list', { name: 'Cart lines' })).toContainText(name);
}
