import { expect, test } from '@playwright/test';
import { startStack, type E2eStack, type RegisterHandle } from './support/e2e-stack';
import { waitForMessages } from './support/invoice-client';
import { addReformerSeat, selectClient, sendPaymentLink, signInWithKeypad } from './support/pos-page';

// A server whose links last a minute (LINK_TTL_SECONDS): the test moves the server's clock past it, and the register
// watches the link run out by itself.

const TTL_SECONDS = 60;
let stack: E2eStack;
let front: RegisterHandle;

test.beforeAll(async () => {
  stack = await startStack({ linkTtlSeconds: TTL_SECONDS });
  front = await stack.startRegister('Expiry desk');
});

test.afterAll(async () => {
  await stack?.close();
});

test('a link that expires opens the cart again with the sentence, and the client page says so', async ({ page, browser }) => {
  await page.goto(front.url);
  await signInWithKeypad(page, '2222');
  await selectClient(page, 'Maya Chen');
  await addReformerSeat(page, 'R10');
  const panel = await sendPaymentLink(page, 'Email', 'Maya Chen');

  // Under two minutes left from the start: the countdown is red (urgent) at once.
  const timer = panel.getByRole('timer');
  await expect(timer).toContainText(/Expires in 0[01]:\d\d/);
  await expect(timer).toHaveAttribute('data-urgent', 'true');
  await expect(timer).toHaveCSS('color', 'rgb(180, 35, 24)');
  await page.screenshot({ path: test.info().outputPath('waiting-urgent.png') });
  const [message] = await waitForMessages(stack.serverUrl, ['maya.chen@example.com'], 1);

  // No refresh: the server expires the link and the register opens the cart by itself.
  expect(await stack.advanceServerClock(TTL_SECONDS * 1000 + 1000)).toEqual({ expired: 1 });
  await expect(page.getByRole('region', { name: 'Notices' })).toContainText('The payment link expired');
  await expect(page.getByRole('region', { name: /^Waiting for/ })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Pay cash' })).toBeEnabled();
  await expect(page.getByRole('button', { name: 'Remove Reformer Pilates' })).toBeEnabled();
  // The end is a way forward: a new link for the same cart, or another way to pay.
  const ended = page.getByRole('region', { name: /^Maya Chen — \$/ });
  await expect(ended.getByRole('status')).toHaveText('Expired — the held spots were released');
  await expect(ended.getByRole('button', { name: 'Send a new link' })).toBeEnabled();
  await page.screenshot({ path: test.info().outputPath('expired.png') });
  await ended.getByRole('button', { name: 'Take payment another way' }).click();
  await expect(ended).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Pay cash' })).toBeFocused();
  await expect(page.getByRole('button', { name: 'Send payment link' })).toBeEnabled();

  const phone = await (await browser.newContext()).newPage();
  await phone.goto(message.url!);
  await expect(phone.locator('#link-state')).toHaveAttribute('data-state', 'expired');
  await phone.context().close();
});
