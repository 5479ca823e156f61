import { expect, test } from '@playwright/test';
import { startStack, type E2eStack } from './support/e2e-stack';
import { CARD_OK, expectInvoicePaid, openInvoice, payByCard, waitForMessages } from './support/invoice-client';
import { tabTo } from './support/keyboard';
import { createDesks, expectReceipt, MAYA } from './support/link-desks';
import { addProduct, payCash, selectClient, sendPaymentLink } from './support/pos-page';

// Serve the next client while a link is pending: Frank sends Maya a link, parks it, sells Sam a water bottle for
// cash, sends Alex a link and parks it too. Maya pays (a notice with Show receipt; the cart on screen is left alone),
// Alex's link runs out (the server's clock is moved past its TTL), and both sales are in Today's sales.

// Long enough that no link runs out by itself while the test works, short enough that the jump stays small.
const TTL_SECONDS = 120;
let stack: E2eStack;
const desks = createDesks(() => stack);

test.beforeAll(async () => {
  stack = await startStack({ linkTtlSeconds: TTL_SECONDS });
});

test.afterAll(async () => {
  await desks.closeAll();
  await stack?.close();
});

test('two parked links in the tray: one paid (notice, receipt, day sales), one expired; a cash sale in between', async ({ browser }) => {
  const { page } = await desks.open(browser, 'Busy desk', '2222');
  const tray = page.getByRole('complementary', { name: /^Payment links/ });

  await selectClient(page, MAYA.name);
  await addProduct(page, 'Grip Socks');
  await sendPaymentLink(page, 'Email', MAYA.name);
  await page.getByRole('button', { name: 'Serve next client' }).click();
  // A fresh cart at once; Maya's link waits in the tray with its own countdown.
  await expect(page.getByText('The cart is empty.')).toBeVisible();
  await expect(
    tray.getByRole('button', { name: /^Maya Chen, \$\d+\.\d\d, \d\d:\d\d left, (Link sent to Maya Chen|Email sent to maya\.chen@example\.com)$/ }),
  ).toBeVisible();

  await selectClient(page, 'Sam Rivera');
  await addProduct(page, 'Water Bottle');
  const cashReceipt = await payCash(page, '50');
  await page.getByRole('button', { name: 'New sale' }).click();

  await selectClient(page, 'Alex Kim');
  await addProduct(page, 'Grip Socks');
  await sendPaymentLink(page, 'SMS', 'Alex Kim');
  await page.getByRole('button', { name: 'Serve next client' }).click();
  await expect(tray.getByRole('button')).toHaveCount(2);
  await expect(tray).toContainText('2 waiting');
  await page.screenshot({ path: test.info().outputPath('tray-two-links.png') });

  // The next client is being served when Maya pays on her phone.
  await selectClient(page, 'Sam Rivera');
  await addProduct(page, 'Grip Socks');
  const [message] = await waitForMessages(stack.serverUrl, [MAYA.email], 1);
  const phone = await openInvoice(browser, message.url!);
  await payByCard(phone, CARD_OK, MAYA.name);
  await expectInvoicePaid(phone);
  await phone.context().close();

  const notices = page.getByRole('region', { name: 'Notices' });
  await expect(notices).toContainText(/Maya Chen paid \$\d+\.\d\d by payment link \(receipt /, { timeout: 15_000 });
  await expect(tray.getByRole('button', { name: /^Maya Chen, \$\d+\.\d\d, Paid, Paid with Visa •• 4242$/ })).toBeVisible();
  // The cart on screen is not disturbed.
  await expect(page.getByRole('group', { name: 'Selected client Sam Rivera' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Cart lines' })).toContainText('Grip Socks');

  // Alex's link runs out; it stays in the tray, marked, until dismissed.
  await expect(tray.getByRole('button', { name: /^Alex Kim, .*, \d\d:\d\d left, / })).toBeVisible();
  expect(await stack.advanceServerClock(TTL_SECONDS * 1000 + 1000)).toEqual({ expired: 1 });
  await expect(tray.getByRole('button', { name: /^Alex Kim, \$\d+\.\d\d, Expired, Link expired; the held spots were released$/ })).toBeVisible();
  await expect(tray).toContainText('none waiting');
  await expect(page.getByRole('region', { name: 'Notices' })).toContainText('Alex Kim: The payment link expired');
  await page.screenshot({ path: test.info().outputPath('tray-paid-and-expired.png') });

  // The receipt is one click away from the notice; closing it comes back to Sam's cart.
  await notices.getByRole('button', { name: 'Show receipt' }).click();
  await expectReceipt(page, MAYA.name, 'Grip Socks', 'Payment link');
  await page.getByRole('button', { name: 'New sale' }).click();
  await expect(page.getByRole('group', { name: 'Selected client Sam Rivera' })).toBeVisible();

  // The expired link's cart can be reopened for another way to pay, once the cart on screen is cleared. The tray is
  // reached with the keyboard like everything else.
  await page.getByRole('button', { name: 'Clear cart' }).click();
  await tabTo(page, /^Alex Kim, \$\d+\.\d\d, Expired, Link expired; the held spots were released$/);
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Payment link — Alex Kim' });
  await expect(dialog.getByRole('button', { name: 'Close' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(tray.getByRole('button', { name: /^Alex Kim/ })).toBeFocused(); // focus back where it was
  await page.keyboard.press('Enter');
  await expect(dialog).toContainText('Expired — the held spots were released');
  await dialog.getByRole('button', { name: 'Reopen cart' }).click();
  await expect(page.getByRole('group', { name: 'Selected client Alex Kim' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Pay cash' })).toBeEnabled();

  await page.getByRole('button', { name: "Today's sales" }).click();
  await expect(page.getByRole('row').filter({ hasText: cashReceipt })).toContainText('Cash');
  await expect(page.getByRole('row').filter({ hasText: MAYA.name })).toContainText('Payment link');
  await page.context().close();
});
