import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { startStack, type E2eStack } from './support/e2e-stack';
import { createDesks } from './support/link-desks';
import { addProduct, connectionBadge, sendPaymentLink, waitingPanel } from './support/pos-page';

// The client search at the desk: Add client when nobody is found (validated in place, refused for another client's
// phone), arrow keys through the results, focus on the catalog after a client is chosen, and a phone corrected on
// resend saved to the client's profile. Real server, real engine, real Chromium.

test.describe.configure({ mode: 'serial' });

let stack: E2eStack;
const desks = createDesks(() => stack);

test.beforeAll(async () => {
  stack = await startStack();
});
test.afterEach(() => desks.closeAll());
test.afterAll(() => stack?.close());

const clientRegion = (page: Page) => page.getByRole('region', { name: 'Client' });

/** axe on the client picker as it is now: no serious or critical violation (label-content-name-mismatch included). */
async function expectAccessibleClientPicker(page: Page) {
  const { violations } = await new AxeBuilder({ page }).include('section[aria-label="Client"]').analyze();
  expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`)).toEqual([]);
}

async function shot(page: Page, name: string) {
  await page.screenshot({ path: test.info().outputPath(`${name}.png`), fullPage: true });
}

test('a search that finds nobody offers Add client: a bad phone is refused in place, then the new client is the cart’s and focus is in the catalog', async ({
  browser,
}) => {
  const { page } = await desks.open(browser, 'Add client desk', '2222');
  await page.getByLabel('Search clients').fill('jordan lee');
  await expect(clientRegion(page)).toContainText('No client matches “jordan lee”.');
  await clientRegion(page).getByRole('button', { name: 'Add client' }).click();

  const form = page.getByRole('form', { name: 'Add client' });
  await expect(form.getByLabel('Name')).toHaveValue('Jordan Lee');
  await expect(form.getByLabel('Mobile phone')).toBeFocused();
  await form.getByLabel('Mobile phone').fill('12');
  await form.getByRole('button', { name: 'Add client' }).click();
  const phone = form.getByLabel('Mobile phone');
  await expect(phone).toHaveAttribute('aria-invalid', 'true');
  await expect(phone).toHaveAccessibleDescription(/not a valid phone number/);
  await expect(phone).toBeFocused();
  await expect(form.getByLabel('Name')).toHaveValue('Jordan Lee');
  await expectAccessibleClientPicker(page);
  await shot(page, 'add-client-invalid');

  // Neither a phone nor an email: one sentence, both fields marked.
  await phone.fill('');
  await form.getByRole('button', { name: 'Add client' }).click();
  await expect(form).toContainText('Enter a phone number or an email address (or both).');
  await expect(form.getByLabel('Email address')).toHaveAttribute('aria-invalid', 'true');

  await phone.fill('(555) 555-0160');
  await phone.press('Enter');
  const card = page.getByRole('group', { name: 'Selected client Jordan Lee' });
  await expect(card).toContainText('(555) 555-0160');
  await expect(page.getByRole('region', { name: 'Catalog' }).getByRole('tab', { name: 'Classes' })).toBeFocused();
  // A package sells to the new client at once (no walk-in refusal).
  await page.getByRole('tab', { name: 'Packages' }).click();
  await page.getByRole('button', { name: 'Add 10-Class Pack' }).click();
  await expect(page.getByRole('list', { name: 'Cart lines' })).toContainText('10-Class Pack');
});

test('adding a client with another client’s phone says who has it and offers to pick them, keeping what was typed', async ({ browser }) => {
  const { page } = await desks.open(browser, 'Duplicate desk', '2222');
  await page.getByLabel('Search clients').fill('Maya Twin');
  await clientRegion(page).getByRole('button', { name: 'Add client' }).click();
  const form = page.getByRole('form', { name: 'Add client' });
  await form.getByLabel('Mobile phone').fill('555-555-0101');
  await form.getByRole('button', { name: 'Add client' }).click();
  await expect(form.getByRole('alert')).toContainText('Maya Chen already has this phone number');
  await expect(form.getByLabel('Name')).toHaveValue('Maya Twin');
  await expect(form.getByLabel('Mobile phone')).toHaveValue('555-555-0101');
  await expectAccessibleClientPicker(page);
  await shot(page, 'add-client-exists');
  await form.getByRole('button', { name: 'Select Maya Chen' }).click();
  await expect(page.getByRole('group', { name: 'Selected client Maya Chen' })).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Classes' })).toBeFocused();
});

test('arrow keys move through the client results, Enter picks, and focus goes to the catalog', async ({ browser }) => {
  const { page } = await desks.open(browser, 'Keyboard desk', '2222');
  const search = page.getByLabel('Search clients');
  await search.fill('@example.com');
  const results = page.getByRole('list', { name: 'Client results' });
  const maya = results.getByRole('button', { name: 'Select Maya Chen' });
  const sam = results.getByRole('button', { name: 'Select Sam Rivera' });
  // Each result is named by what it shows: phone numbers as the register writes them.
  await expect(maya).toHaveAccessibleName('Select Maya Chen maya.chen@example.com · (555) 555-0101');
  await expectAccessibleClientPicker(page);
  await search.press('ArrowDown');
  await expect(maya).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(sam).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await expect(maya).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await expect(search).toBeFocused();
  await search.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('group', { name: 'Selected client Sam Rivera' })).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Classes' })).toBeFocused();
});

test('a phone corrected on resend is offered for the client’s profile; saved, a new search shows it', async ({ browser }) => {
  const { page } = await desks.open(browser, 'Resend save desk', '2222');
  await page.getByLabel('Search clients').fill('Riley Park');
  await clientRegion(page).getByRole('button', { name: 'Add client' }).click();
  const form = page.getByRole('form', { name: 'Add client' });
  await form.getByLabel('Mobile phone').fill('(555) 555-0161');
  await form.getByRole('button', { name: 'Add client' }).click();
  await expect(page.getByRole('group', { name: 'Selected client Riley Park' })).toBeVisible();

  await addProduct(page, 'Grip Socks');
  const panel = await sendPaymentLink(page, 'SMS', 'Riley Park');
  await panel.getByRole('button', { name: 'Resend link' }).click();
  const resend = panel.getByRole('form', { name: 'Resend link' });
  await resend.getByLabel('Mobile phone').fill('(555) 555-0199');
  await resend.getByRole('button', { name: 'Send link again' }).click();
  const offer = panel.getByRole('group', { name: 'Save (555) 555-0199 to Riley Park’s profile?' });
  await expect(offer).toBeVisible();
  await expect(offer.getByRole('button', { name: 'Save' })).toBeFocused();
  await shot(page, 'save-contact-offer');
  await offer.getByRole('button', { name: 'Save' }).click();
  await expect(panel.getByRole('status').filter({ hasText: 'saved to Riley Park’s profile' })).toBeVisible();
  await expect(panel.getByRole('button', { name: 'Resend link' })).toBeFocused();

  // The next client: a new cart, and the search shows Riley's new number.
  await waitingPanel(page).getByRole('button', { name: 'Serve next client' }).click();
  await page.getByLabel('Search clients').fill('riley');
  await expect(page.getByRole('button', { name: 'Select Riley Park' })).toContainText('(555) 555-0199');
});

test('offline, Add client says why it cannot and keeps what was typed; back online it adds the client', async ({ browser }) => {
  const { page } = await desks.open(browser, 'Offline add desk', '2222');
  await page.getByLabel('Search clients').fill('Offline Olly');
  await clientRegion(page).getByRole('button', { name: 'Add client' }).click();
  const form = page.getByRole('form', { name: 'Add client' });
  await form.getByLabel('Email address').fill('olly@example.com');
  await stack.stopServer();
  try {
    await expect(connectionBadge(page)).toContainText('Offline', { timeout: 20_000 });
    await form.getByRole('button', { name: 'Add client' }).click();
    await expect(form.getByRole('alert')).toContainText('Adding a client needs the server');
    await expect(form.getByLabel('Name')).toHaveValue('Offline Olly');
    await expect(form.getByLabel('Email address')).toHaveValue('olly@example.com');
  } finally {
    await stack.startServer();
  }
  await expect(connectionBadge(page)).toContainText('Online', { timeout: 20_000 });
  await form.getByRole('button', { name: 'Add client' }).click();
  await expect(page.getByRole('group', { name: 'Selected client Offline Olly' })).toContainText('olly@example.com');
});
