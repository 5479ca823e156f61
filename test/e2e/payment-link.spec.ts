import { expect, test } from '@playwright/test';
import { startStack, type E2eStack } from './support/e2e-stack';
import { CARD_3DS, CARD_OK, expectInvoicePaid, openInvoice, payByCard, waitForMessages } from './support/invoice-client';
import { tabTo } from './support/keyboard';
import { createDesks, expectReceipt, MAYA, studioTime } from './support/link-desks';
import { addProduct, addReformerSeat, connectionBadge, openTab, selectClient, sendPaymentLink, signInWithKeypad, waitingPanel } from './support/pos-page';

// Issue 4 end to end: real server (sandbox card processor, NOTIFY=outbox), real engines, real browser hosts, Chromium.
// The client pays on a second page, from the link the server "sent" (read from /dev/outbox).

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

test('Frank sends Maya a link by SMS and email; she pays with 4242 and the register shows Paid and the receipt by itself', async ({ browser }) => {
  // The desk PC is set to Tokyo: the cart must still show the class at the studio's (New York) time.
  const { register, page } = await desks.open(browser, 'Link desk', '2222', { timezoneId: 'Asia/Tokyo' });
  await selectClient(page, MAYA.name);
  await addProduct(page, 'Grip Socks');
  await addReformerSeat(page, 'R5');
  const seatLine = (await register.call('app.snapshot')).cart!.lines.find((l) => l.seatLabel === 'R5')!;
  await expect(page.getByRole('list', { name: 'Cart lines' })).toContainText(`${studioTime(seatLine.startsAt!)} · Seat R5`);

  await page.getByRole('button', { name: 'Send payment link' }).click();
  const dialog = page.getByRole('dialog', { name: 'Send payment link' });
  await expect(dialog.getByRole('radio', { name: 'Both' })).toBeChecked();
  await expect(dialog.getByLabel('Mobile phone')).toHaveValue('(555) 555-0101');
  await expect(dialog.getByLabel('Email address')).toHaveValue(MAYA.email);
  await page.screenshot({ path: test.info().outputPath('send-link-modal.png') });
  await dialog.getByRole('button', { name: 'Send payment link' }).click();

  const panel = waitingPanel(page);
  await expect(panel.getByRole('heading', { name: 'Waiting for Maya Chen to complete payment' })).toBeVisible();
  await expect(panel.getByRole('timer')).toContainText(/Expires in 1[45]:\d\d/);
  await expect(panel.getByRole('list', { name: 'Delivery' })).toContainText('SMS to (555) 555-0101: sent');
  await expect(panel.getByRole('list', { name: 'Delivery' })).toContainText(`Email to ${MAYA.email}: sent`);
  // The cart is read-only while the link waits: no edit controls, no other way to pay.
  await expect(page.getByRole('button', { name: /^Remove / })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Pay cash' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Change client' })).toHaveCount(0);

  const messages = await waitForMessages(stack.serverUrl, [MAYA.phone, MAYA.email], 2);
  expect(new Set(messages.map((m) => m.channel))).toEqual(new Set(['sms', 'email']));
  expect(new Set(messages.map((m) => m.url)).size).toBe(1);
  const phone = await openInvoice(browser, messages[0].url!);
  await expect(panel.getByRole('list', { name: 'Delivery' })).toContainText('Opened by client');
  await page.screenshot({ path: test.info().outputPath('waiting-panel.png') });

  await payByCard(phone, CARD_OK, MAYA.name);
  await expectInvoicePaid(phone);
  await expect(page.getByRole('heading', { name: 'Paid', exact: true })).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('paid.png') });
  await expectReceipt(page, MAYA.name, 'Grip Socks', 'Seat R5', 'Payment link', '4242');
  await page.getByRole('button', { name: 'New sale' }).click();
  await expect(page.getByRole('heading', { name: 'Cart' })).toBeVisible();
  await expect(page.getByText('The cart is empty.')).toBeVisible();
  await page.getByRole('button', { name: "Today's sales" }).click();
  await expect(page.getByRole('row').filter({ hasText: MAYA.name })).toContainText('Payment link');
  await phone.context().close();
  await page.context().close();
});

test('the 3-D Secure card 4000 0027 6000 3184 pays after the challenge; the register follows each step of the client', async ({ browser }) => {
  const { page } = await desks.open(browser, '3DS desk', '2222');
  await selectClient(page, 'Alex Kim');
  await addProduct(page, 'Water Bottle');
  const panel = await sendPaymentLink(page, 'SMS', 'Alex Kim');
  const [message] = await waitForMessages(stack.serverUrl, ['+15555550103'], 1);
  const phone = await openInvoice(browser, message.url!);
  // A declined card first: the desk knows at once, and why.
  await payByCard(phone, '4000 0000 0000 9995', 'Alex Kim');
  await expect(panel.getByRole('alert')).toHaveText('Card declined — insufficient funds. The client can try another card.');
  await payByCard(phone, CARD_3DS, 'Alex Kim');
  await expect(panel.getByRole('status').filter({ hasText: 'The client is verifying the card with their bank…' })).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('register-client-verifying.png') });
  await phone.getByRole('button', { name: 'Complete authentication' }).click();
  await expectInvoicePaid(phone);
  await expect(page.getByRole('heading', { name: 'Paid', exact: true })).toBeVisible();
  await expectReceipt(page, 'Alex Kim', 'Water Bottle', 'Payment link');
  await phone.context().close();
  await page.context().close();
});

test('Resend sends the same link again (same URL) to the corrected address', async ({ browser }) => {
  const { page } = await desks.open(browser, 'Resend desk', '2222');
  await selectClient(page, 'Sam Rivera');
  await addProduct(page, 'Water Bottle');
  const panel = await sendPaymentLink(page, 'Email', 'Sam Rivera');
  const [first] = await waitForMessages(stack.serverUrl, ['sam.rivera@example.com'], 1);

  const cancelAt = await panel.getByRole('button', { name: 'Cancel payment link' }).boundingBox();
  await panel.getByRole('button', { name: 'Resend link' }).click();
  const form = panel.getByRole('form', { name: 'Resend link' });
  await expect(form.getByLabel('Email address')).toHaveValue('sam.rivera@example.com');
  await expect(form.getByLabel('Email address')).toBeFocused();
  await form.getByLabel('Email address').fill('sam.r@example');
  await form.getByRole('button', { name: 'Send link again' }).click();
  await expect(form.getByText('That is not a valid email address')).toBeVisible();
  await form.getByLabel('Email address').fill('sam.r@example.com');
  await form.getByRole('button', { name: 'Send link again' }).click();
  await expect(panel.getByText('The link was sent again to the corrected contact.')).toBeVisible();
  // Nothing moved under the pointer: Cancel is where it was before Resend.
  expect(await panel.getByRole('button', { name: 'Cancel payment link' }).boundingBox()).toEqual(cancelAt);

  const [second] = await waitForMessages(stack.serverUrl, ['sam.r@example.com'], 1);
  expect(second.url).toBe(first.url);
  expect(second.id).not.toBe(first.id);
  await expect(panel.getByRole('list', { name: 'Delivery' })).toContainText('Email to sam.r@example.com: sent');
  await expect(panel.getByRole('log', { name: 'Link activity' })).toContainText('Link sent again');
  // Same amount: the waiting panel still shows the one link's total.
  await expect(panel).toContainText('$');
  await page.context().close();
});

test('Cancel payment link releases the seat and opens the cart again', async ({ browser }) => {
  const { register, page } = await desks.open(browser, 'Cancel desk', '2222');
  await selectClient(page, MAYA.name);
  await addReformerSeat(page, 'R6');
  const panel = await sendPaymentLink(page, 'Email', MAYA.name);
  const messages = await waitForMessages(stack.serverUrl, [MAYA.email], 1);
  await panel.getByRole('button', { name: 'Cancel payment link' }).click();
  // Asked first: "Keep the link" changes nothing; "Cancel the link" cancels.
  const confirm = page.getByRole('dialog', { name: 'Cancel this payment link?' });
  await confirm.getByRole('button', { name: 'Keep the link' }).click();
  await expect(confirm).toBeHidden();
  await expect(panel.getByRole('timer')).toBeVisible();
  await panel.getByRole('button', { name: 'Cancel payment link' }).click();
  await confirm.getByRole('button', { name: 'Cancel the link' }).click();

  await expect(page.getByRole('region', { name: /^Waiting for/ })).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Notices' })).toContainText('canceled');
  await expect(page.getByRole('button', { name: 'Pay cash' })).toBeEnabled();
  await expect(page.getByRole('button', { name: 'Remove Reformer Pilates' })).toBeEnabled();
  const seatState = async () => {
    const { items } = await register.call('catalog.list');
    const line = (await register.call('app.snapshot')).cart!.lines[0];
    return items
      .flatMap((i) => i.sessions ?? [])
      .find((s) => s.id === line.sessionId)
      ?.seats?.find((seat) => seat.id === line.seatId)?.state;
  };
  await expect.poll(seatState).toBe('free');
  const phone = await (await browser.newContext()).newPage();
  await phone.goto(messages[0].url!);
  await expect(phone.locator('#link-state')).toHaveAttribute('data-state', 'canceled');
  await phone.context().close();
  await page.context().close();
});

test('two registers and one seat: the second is asked to pick a different seat and swaps it in the dialog', async ({ browser }) => {
  const a = await desks.open(browser, 'Desk A', '2222');
  const b = await desks.open(browser, 'Desk B', '1111');
  // Both carts take seat R8 while it is free; A's link holds it first.
  await selectClient(b.page, 'Sam Rivera');
  const session = await addReformerSeat(b.page, 'R8');
  await selectClient(a.page, MAYA.name);
  await addReformerSeat(a.page, 'R8');
  await sendPaymentLink(a.page, 'Email', MAYA.name);

  await b.page.getByRole('button', { name: 'Send payment link' }).click();
  const dialog = b.page.getByRole('dialog', { name: 'Send payment link' });
  await dialog.getByRole('button', { name: 'Send payment link' }).click();
  await expect(dialog.getByRole('alert')).toContainText('pick a different seat');
  const picker = dialog.getByRole('region', { name: 'Pick a different seat' });
  await expect(picker.getByRole('button', { name: 'Seat R8, held' })).toBeDisabled();
  await b.page.screenshot({ path: test.info().outputPath('seat-refusal.png') });
  await picker.getByRole('button', { name: 'Seat R9, free', exact: true }).click();
  await expect(dialog.getByRole('status')).toContainText('Seat R9 is now in the cart');
  await dialog.getByRole('button', { name: 'Send payment link' }).click();
  await expect(b.page.getByRole('heading', { name: 'Waiting for Sam Rivera to complete payment' })).toBeVisible();
  await expect(b.page.getByRole('list', { name: 'Cart lines' })).toContainText('Seat R9');
  expect(session).toContain('Reformer Pilates');
  await a.page.context().close();
  await b.page.context().close();
});

test('Send payment link is hidden for a walk-in, a future charge-later membership and Tess; disabled with the reason on an empty cart', async ({ browser }) => {
  const { register, page } = await desks.open(browser, 'Rules desk', '2222');
  const other = page.getByRole('region', { name: 'Other payment methods' });
  const button = page.getByRole('button', { name: 'Send payment link' });

  await page.getByRole('button', { name: 'Walk-in' }).click();
  await addProduct(page, 'Grip Socks');
  await expect(button).toHaveCount(0);
  await expect(other).toContainText('Choose a client');

  await page.getByRole('button', { name: 'Clear cart' }).click();
  await selectClient(page, MAYA.name);
  await expect(button).toBeDisabled();
  await expect(button).toHaveAccessibleDescription('Add something to the cart first.');
  await expect(other).toContainText('Add something to the cart first.');

  await openTab(page, 'Memberships');
  const { today } = await register.call('app.snapshot');
  const later = new Date(Date.parse(`${today}T12:00:00Z`) + 10 * 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel('Start date for Unlimited Monthly').fill(later);
  await page.getByLabel('Charge later').check();
  await page.getByRole('button', { name: 'Add Unlimited Monthly' }).click();
  await expect(page.getByRole('list', { name: 'Cart lines' })).toContainText('Charged on start date');
  await expect(button).toHaveCount(0);
  await page.getByRole('button', { name: 'Remove Unlimited Monthly' }).click();
  await addProduct(page, 'Grip Socks');
  await expect(button).toBeEnabled();

  await page.getByRole('button', { name: 'Sign out' }).click();
  await signInWithKeypad(page, '5555');
  await expect(page.getByRole('list', { name: 'Cart lines' })).toContainText('Grip Socks');
  await expect(button).toHaveCount(0);
  // Tess has no view_sales: the day's sales are not offered at all (the main navigation is there, without them).
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('button', { name: 'Sell', exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: "Today's sales" })).toHaveCount(0);
  await expect(page.getByRole('tab', { name: "Today's sales" })).toHaveCount(0);
  await expect(other).toContainText('Your role cannot send payment links.');
  await page.context().close();
});

test('offline: the button says why it cannot send, and a cancel waits for the server with the cart locked', async ({ browser }) => {
  const { page } = await desks.open(browser, 'Offline link desk', '2222');
  await selectClient(page, MAYA.name);
  await addProduct(page, 'Grip Socks');

  await stack.stopServer();
  try {
    await expect(connectionBadge(page)).toContainText('Offline', { timeout: 20_000 });
    const button = page.getByRole('button', { name: 'Send payment link' });
    await expect(button).toBeDisabled();
    await expect(button).toHaveAccessibleDescription(/The register is offline/);
  } finally {
    await stack.startServer();
  }
  await expect(connectionBadge(page)).toContainText('Online', { timeout: 20_000 });
  const panel = await sendPaymentLink(page, 'Email', MAYA.name);

  await stack.stopServer();
  try {
    await expect(connectionBadge(page)).toContainText('Offline', { timeout: 20_000 });
    await expect(panel.getByRole('timer')).toContainText(/Expires in 1[45]:\d\d/);
    await panel.getByRole('button', { name: 'Cancel payment link' }).click();
    await page.getByRole('dialog', { name: 'Cancel this payment link?' }).getByRole('button', { name: 'Cancel the link' }).click();
    // One state, said once: no "waiting for Maya", no "time is up" beside the queued cancel.
    await expect(panel.getByRole('heading', { name: `Canceling the payment link for ${MAYA.name}` })).toBeVisible();
    await expect(panel.getByRole('status').filter({ hasText: 'Cancel queued — it is sent when the server is back' })).toBeVisible();
    await expect(panel.getByText(/Time is up|Waiting for/)).toHaveCount(0);
    await expect(connectionBadge(page)).toContainText('1 cancel waiting to sync');
    await expect(page.getByRole('button', { name: 'Pay cash' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: /^Remove / })).toHaveCount(0);
    await page.screenshot({ path: test.info().outputPath('cancel-pending-offline.png') });
  } finally {
    await stack.startServer();
  }
  await expect(page.getByRole('region', { name: 'Notices' })).toContainText('canceled', { timeout: 20_000 });
  await expect(page.getByRole('button', { name: 'Pay cash' })).toBeEnabled();
  await page.context().close();
});

test('the whole link flow works from the keyboard alone', async ({ browser }) => {
  const { page } = await desks.open(browser, 'Keyboard link desk', '2222');
  await selectClient(page, MAYA.name);
  await addProduct(page, 'Grip Socks');

  await tabTo(page, 'Send payment link');
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Send payment link' });
  await expect(dialog.getByRole('radio', { name: 'Both' })).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await expect(dialog.getByRole('radio', { name: 'SMS' })).toBeChecked();
  await expect(dialog.getByLabel('Email address')).toHaveCount(0);
  await page.keyboard.press('Tab');
  await expect(dialog.getByLabel('Mobile phone')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: `Waiting for ${MAYA.name} to complete payment` })).toBeFocused();

  await tabTo(page, 'Resend link');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('form', { name: 'Resend link' }).getByLabel('Mobile phone')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByText('The link was sent again.')).toBeVisible();

  await tabTo(page, 'Cancel payment link');
  await page.keyboard.press('Enter');
  const confirm = page.getByRole('dialog', { name: 'Cancel this payment link?' });
  await expect(confirm.getByRole('button', { name: 'Cancel the link' })).toBeFocused();
  await page.keyboard.press('Escape'); // keeps the link, back on the button
  await expect(confirm).toBeHidden();
  await expect(page.getByRole('button', { name: 'Cancel payment link' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(confirm.getByRole('button', { name: 'Cancel the link' })).toBeFocused();
  await page.keyboard.press('Enter'); // confirms
  await expect(page.getByRole('region', { name: 'Notices' })).toContainText('canceled');
  await expect(page.getByRole('button', { name: 'Pay cash' })).toBeEnabled();
  await page.context().close();
});
