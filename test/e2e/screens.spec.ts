import { expect, test } from '@playwright/test';
import { customerUrl } from './support/customer-display';
import { startStack, type E2eStack, type RegisterHandle } from './support/e2e-stack';
import { CARD_OK, openInvoice, payByCard, waitForMessages } from './support/invoice-client';
import { addProduct, changeDueScreen, openFirstSeatPicker, openTab, selectClient, sendPaymentLink, signInWithKeypad, waitingPanel } from './support/pos-page';
import { checkScreen } from './support/screen-checks';

// Every screen and dialog of the register, at 1024×768, 1366×768 and 1920×1080: screenshots kept under
// test-results/, and each checked for overflow, touch targets, wrapped times, overlapping pills and axe.

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

test('sign-in, selling, checkout, receipt and reports', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto(front.url);
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await checkScreen(page, 'sign-in');

  await signInWithKeypad(page, '2222');
  await checkScreen(page, 'sell-empty');

  await selectClient(page, 'Maya Chen');
  for (const tab of ['Classes', 'Appointments', 'Packages', 'Memberships', 'Products']) {
    await openTab(page, tab);
    await checkScreen(page, `catalog-${tab.toLowerCase()}`);
  }
  await addProduct(page, 'Grip Socks');
  const { dialog } = await openFirstSeatPicker(page);
  await checkScreen(page, 'seat-picker');
  await dialog.getByRole('button', { name: 'Seat R2, free', exact: true }).click();
  await expect(dialog).toBeHidden();
  await checkScreen(page, 'cart');

  await page.getByRole('button', { name: 'Pay cash' }).click();
  const cash = page.getByRole('dialog', { name: 'Cash payment' });
  await cash.getByLabel('Cash tendered').fill('100');
  await checkScreen(page, 'cash-dialog');
  await cash.getByRole('button', { name: 'Complete cash sale' }).click();
  const changeDue = changeDueScreen(page);
  await expect(changeDue.heading).toBeVisible();
  await checkScreen(page, 'change-due');
  await changeDue.given.click();
  await expect(page.getByRole('heading', { name: /^Receipt \d+-\d+$/ })).toBeVisible();
  await checkScreen(page, 'receipt');
  // Printed, the receipt is alone and fits an 80 mm receipt printer's 72 mm (272 px at 96 dpi).
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('banner')).toBeHidden();
  expect((await page.getByRole('article', { name: /^Receipt / }).boundingBox())!.width).toBeLessThanOrEqual(273);
  await page.pdf({ path: test.info().outputPath('screens/receipt-80mm.pdf'), width: '80mm' });
  await page.emulateMedia({ media: 'screen' });
  await page.getByRole('button', { name: 'New sale' }).click();

  await page.getByRole('button', { name: 'Walk-in' }).click();
  await addProduct(page, 'Water Bottle');
  await page.getByRole('button', { name: 'External card terminal' }).click();
  await expect(page.getByRole('dialog', { name: 'External card terminal' })).toBeVisible();
  await checkScreen(page, 'card-terminal-dialog');
  await page.keyboard.press('Escape');

  await page.getByRole('button', { name: "Today's sales" }).click();
  await expect(page.getByRole('row').nth(1)).toBeVisible();
  await checkScreen(page, 'todays-sales');
  await page.getByRole('button', { name: 'Roster' }).click();
  await expect(page.getByRole('heading', { name: /Roster/ })).toBeVisible();
  await checkScreen(page, 'roster');
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByLabel('Owner or manager PIN')).toBeFocused();
  await checkScreen(page, 'settings-pin');
  await page.getByLabel('Owner or manager PIN').fill('3333');
  await page.getByRole('button', { name: 'Open settings' }).click();
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeFocused();
  await checkScreen(page, 'settings');
  await page.getByRole('button', { name: 'Sell' }).click();
});

test('the payment link: dialog, waiting panel, cancel confirmation, ended link, tray', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto(front.url);
  await signInWithKeypad(page, '2222');
  await selectClient(page, 'Maya Chen');
  await openTab(page, 'Classes');
  await page
    .getByRole('button', { name: /^Add Vinyasa Flow, .* left$/ })
    .first()
    .click();
  await addProduct(page, 'Grip Socks');
  await addProduct(page, 'Water Bottle');

  await page.getByRole('button', { name: 'Send payment link' }).click();
  await expect(page.getByRole('dialog', { name: 'Send payment link' })).toBeVisible();
  await checkScreen(page, 'send-link-dialog');
  await page.keyboard.press('Escape');

  const panel = await sendPaymentLink(page, 'SMS', 'Maya Chen');
  await checkScreen(page, 'link-waiting');
  // At 1366×768 the waiting panel and every cart line are in view together, without scrolling.
  await page.setViewportSize({ width: 1366, height: 768 });
  await expect(panel).toBeInViewport({ ratio: 1 });
  for (const line of await page.getByRole('list', { name: 'Cart lines' }).getByRole('listitem').all()) await expect(line).toBeInViewport({ ratio: 1 });
  await page.setViewportSize({ width: 1024, height: 768 });

  await panel.getByRole('button', { name: 'Resend link' }).click();
  const resend = panel.getByRole('form', { name: 'Resend link' });
  await expect(resend).toBeVisible();
  await checkScreen(page, 'resend-form');
  await resend.getByRole('button', { name: /^Don.t resend$/ }).click();
  await expect(resend).toBeHidden();

  await panel.getByRole('button', { name: 'Cancel payment link' }).click();
  await expect(page.getByRole('dialog', { name: /Cancel/ })).toBeVisible();
  await checkScreen(page, 'cancel-link-dialog');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Send a new link' })).toBeVisible();
  await checkScreen(page, 'link-ended');

  await page.getByRole('button', { name: 'Send a new link' }).click();
  await page.getByRole('dialog', { name: 'Send payment link' }).getByRole('button', { name: 'Send payment link' }).click();
  await expect(waitingPanel(page)).toBeVisible();
  await page.getByRole('button', { name: 'Serve next client' }).click();
  await expect(page.getByRole('complementary', { name: /^Payment links/ })).toBeVisible();
  await checkScreen(page, 'tray');
  await page
    .getByRole('complementary', { name: /^Payment links/ })
    .getByRole('button')
    .first()
    .click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await checkScreen(page, 'tray-link-dialog');
});

test('enrollment, add client, Show QR code, the customer display and the Paid moment', async ({ page, browser }) => {
  test.setTimeout(240_000);
  const fresh = await stack.startRegister('New desk', { enroll: false });
  try {
    await page.goto(fresh.url);
    await expect(page.getByRole('heading', { name: 'Set up this register' })).toBeVisible();
    await checkScreen(page, 'enrollment');
  } finally {
    await fresh.close();
  }

  await page.goto(front.url);
  await signInWithKeypad(page, '2222');
  await page.getByLabel('Search clients').fill('Nobody Known');
  await page.getByRole('button', { name: 'Add client' }).click();
  const form = page.getByRole('form', { name: 'Add client' });
  await form.getByRole('button', { name: 'Add client' }).click();
  await expect(form.locator('[aria-invalid="true"]').first()).toBeVisible();
  await checkScreen(page, 'add-client-errors');
  await form.getByRole('button', { name: 'Cancel' }).click();

  const display = await (await browser.newContext()).newPage();
  await display.goto(customerUrl(front.url));
  await expect(display.getByRole('heading', { name: 'Welcome to Demo Studio' })).toBeVisible();
  await checkScreen(display, 'customer-idle');

  await selectClient(page, 'Maya Chen');
  await addProduct(page, 'Grip Socks');
  await expect(display.getByRole('heading', { name: 'Hi Maya, here is your order' })).toBeVisible();
  await checkScreen(display, 'customer-cart');

  await page.getByRole('button', { name: 'Send payment link' }).click();
  const dialog = page.getByRole('dialog', { name: 'Send payment link' });
  await dialog.getByRole('radio', { name: 'Show QR code' }).check();
  await checkScreen(page, 'send-link-dialog-qr');
  await page.keyboard.press('Escape');

  const panel = await sendPaymentLink(page, 'SMS', 'Maya Chen');
  await expect(display.getByRole('img', { name: 'QR code of the payment link' })).toBeVisible();
  await checkScreen(display, 'customer-waiting');
  const [message] = await waitForMessages(stack.serverUrl, ['+15555550101'], 1);
  const phone = await openInvoice(browser, message!.url!);
  await payByCard(phone, CARD_OK, 'Maya Chen');
  await expect(page.getByRole('heading', { name: 'Paid', exact: true }).or(page.getByRole('heading', { name: /^Receipt / }))).toBeVisible();
  // The Paid moment lasts a few seconds: one size is enough to check it before the receipt takes over.
  await checkScreen(page, 'paid-moment', { sizes: 1 });
  await expect(display.getByRole('heading', { name: 'Paid — thank you, Maya' })).toBeVisible();
  await checkScreen(display, 'customer-paid');
  await expect(panel).toBeHidden();
  await phone.context().close();
  await display.context().close();
});
