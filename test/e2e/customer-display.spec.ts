import { expect, test, type Browser, type Page } from '@playwright/test';
import { qrPath } from '../../renderer/src/components/QrCode';
import { customerUrl } from './support/customer-display';
import { startStack, type E2eStack } from './support/e2e-stack';
import { CARD_OK, expectInvoicePaid, openInvoice, payByCard, waitForMessages } from './support/invoice-client';
import { createDesks, expectReceipt, MAYA } from './support/link-desks';
import { addProduct, selectClient, sendPaymentLink, waitingPanel } from './support/pos-page';

// The customer-facing display (/customer) beside the register, and "Show QR code" as the way a client gets a link.
// Real server (NOTIFY=outbox), real engines and browser hosts, Chromium; the client pays on a third page.

test.describe.configure({ mode: 'serial' });

let stack: E2eStack;
const desks = createDesks(() => stack);

test.beforeAll(async () => {
  stack = await startStack();
});

test.afterAll(async () => {
  await desks.closeAll();
  await stack?.close();
});

/** A screen facing the client: its own browser context, as a second monitor would be. */
async function openCustomerDisplay(browser: Browser, registerUrl: string): Promise<Page> {
  const display = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  // The display loads its own small entry, never the register app's bundle.
  display.on('request', (request) => expect(request.url(), 'the customer display loaded the register app').not.toMatch(/\/assets\/index-[^/]*\.js/));
  await display.clock.install();
  await display.goto(customerUrl(registerUrl));
  return display;
}

async function expectNoControls(display: Page): Promise<void> {
  for (const role of ['button', 'link', 'textbox', 'radio', 'checkbox', 'combobox'] as const) await expect(display.getByRole(role)).toHaveCount(0);
}

const PARKED = ['Sam', 'Rivera', 'Water Bottle', '$20.00', 'Frank'];

async function expectNothingOf(display: Page, texts: readonly string[]): Promise<void> {
  const shown = (await display.locator('body').innerText()).toLowerCase();
  for (const text of texts) expect(shown, `the customer display shows "${text}"`).not.toContain(text.toLowerCase());
}

test('the customer display follows the cart on screen to Paid, and never shows a parked cart or a control', async ({ browser }) => {
  const { register, page } = await desks.open(browser, 'Customer display desk', '2222');
  const display = await openCustomerDisplay(browser, register.url);
  await expect(display.getByRole('heading', { name: 'Welcome to Demo Studio' })).toBeVisible();

  // Sam's link waits, parked in the tray, while Maya is served.
  await selectClient(page, 'Sam Rivera');
  await addProduct(page, 'Water Bottle');
  await expect(display.getByRole('heading', { name: 'Hi Sam, here is your order' })).toBeVisible();
  const samPanel = await sendPaymentLink(page, 'Email', 'Sam Rivera');
  await samPanel.getByRole('button', { name: 'Serve next client' }).click();
  await expect(display.getByRole('heading', { name: 'Welcome to Demo Studio' })).toBeVisible();
  await expectNothingOf(display, PARKED);

  await selectClient(page, MAYA.name);
  await addProduct(page, 'Grip Socks');
  await expect(display.getByRole('heading', { name: 'Hi Maya, here is your order' })).toBeVisible();
  await expect(display.getByRole('list', { name: 'Your order' })).toContainText('Grip Socks');
  await expect(display.getByText('Total')).toBeVisible();
  await expect(display.locator('.customer__total')).toContainText('$14.00');
  await expectNothingOf(display, PARKED);
  await expectNoControls(display);
  await display.screenshot({ path: test.info().outputPath('customer-cart.png') });

  const panel = await sendPaymentLink(page, 'Both', MAYA.name);
  const qr = display.getByRole('img', { name: 'QR code of the payment link' });
  await expect(qr).toBeVisible();
  await expect(display.getByRole('timer', { name: 'Time left to pay' })).toContainText(/Time left 1[45]:\d\d/);
  // The QR codes on both screens are the link's URL, the one the messages carry.
  const [message] = await waitForMessages(stack.serverUrl, [MAYA.phone, MAYA.email], 2);
  const { d } = qrPath(message!.url!);
  await expect(qr.locator('path')).toHaveAttribute('d', d);
  await expect(panel.getByRole('img', { name: 'QR code of the payment link' }).locator('path')).toHaveAttribute('d', d);
  // The countdown runs on the display's own clock.
  await display.clock.runFor(60_000);
  await expect(display.getByRole('timer', { name: 'Time left to pay' })).toContainText(/Time left 1[34]:\d\d/);
  await expectNothingOf(display, [...PARKED, MAYA.email, '555']);
  await expectNoControls(display);
  await display.screenshot({ path: test.info().outputPath('customer-waiting.png') });

  const phone = await openInvoice(browser, message!.url!);
  await payByCard(phone, CARD_OK, MAYA.name);
  await expectInvoicePaid(phone);
  await expect(display.getByRole('heading', { name: 'Paid — thank you, Maya' })).toBeVisible();
  await expectReceipt(page, MAYA.name, 'Grip Socks', 'Payment link');
  // Still thanked while the receipt is on the register's screen, then welcome for the next client.
  await expect(display.getByRole('heading', { name: 'Paid — thank you, Maya' })).toBeVisible();
  await expectNothingOf(display, PARKED);
  await display.screenshot({ path: test.info().outputPath('customer-paid.png') });
  await page.getByRole('button', { name: 'New sale' }).click();
  await expect(display.getByRole('heading', { name: 'Welcome to Demo Studio' })).toBeVisible();
  await expectNoControls(display);
  await phone.context().close();
  await display.context().close();
  await page.context().close();
});

test('"Show QR code" alone creates the link and sends no message; the QR is on the panel and the display; it can then go by email', async ({ browser }) => {
  const { register, page } = await desks.open(browser, 'QR desk', '2222');
  const display = await openCustomerDisplay(browser, register.url);
  await selectClient(page, 'Alex Kim');
  await addProduct(page, 'Grip Socks');
  await page.getByRole('button', { name: 'Send payment link' }).click();
  const dialog = page.getByRole('dialog', { name: 'Send payment link' });
  await dialog.getByRole('radio', { name: 'Show QR code' }).check();
  await expect(dialog.getByLabel('Mobile phone')).toHaveCount(0);
  await expect(dialog.getByLabel('Email address')).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Create link and show QR code' }).click();

  const panel = waitingPanel(page);
  await expect(panel.getByRole('heading', { name: 'Waiting for Alex Kim to complete payment' })).toBeVisible();
  const qr = panel.getByRole('img', { name: 'QR code of the payment link' });
  await expect(qr).toBeVisible();
  await expect(panel.getByText('Show this to the client: no message was sent')).toBeVisible();
  const link = (await register.call('app.snapshot')).activeLink!;
  expect(link.deliveries).toEqual([]);
  await expect(qr.locator('path')).toHaveAttribute('d', qrPath(link.url!).d);
  await expect(display.getByRole('img', { name: 'QR code of the payment link' }).locator('path')).toHaveAttribute('d', qrPath(link.url!).d);
  // Deliveries are queued in the transaction that creates the link: none there means none will ever be sent.
  const outbox = async () =>
    ((await (await fetch(`${stack.serverUrl}/dev/outbox`, { headers: { Accept: 'application/json' } })).json()) as { messages: Array<{ linkId: string }> })
      .messages;
  expect((await outbox()).filter((m) => m.linkId === link.id)).toEqual([]);
  const qrBox = await qr.boundingBox();
  expect(qrBox!.width).toBeLessThanOrEqual(160);
  await page.screenshot({ path: test.info().outputPath('qr-only-panel.png') });

  // The client would rather have it by email: same link, sent now.
  await panel.getByRole('button', { name: 'Send by message' }).click();
  const form = panel.getByRole('form', { name: 'Send the link by message' });
  await form.getByRole('radio', { name: 'Email' }).check();
  await form.getByLabel('Email address').fill('alex.kim@example.com');
  await form.getByRole('button', { name: 'Send link' }).click();
  await expect(panel.getByText('The link was sent to the client.')).toBeVisible();
  const [sent] = await waitForMessages(stack.serverUrl, ['alex.kim@example.com'], 1);
  expect(sent!.url).toBe(link.url);
  await expect(panel.getByRole('list', { name: 'Delivery' })).toContainText('Email to alex.kim@example.com: sent');
  await display.context().close();
  await page.context().close();
});
