import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Page } from '@playwright/test';

// The client's side: the messages the server "sent" (read from /dev/outbox as JSON) and the invoice page they
// link to, paid in a second, separate browser context, as on the client's own phone.

export type OutboxMessage = { id: string; linkId: string; channel: 'sms' | 'email'; to: string; text: string; url?: string; createdAt: string };

async function outboxMessages(serverUrl: string): Promise<OutboxMessage[]> {
  const response = await fetch(`${serverUrl}/dev/outbox`, { headers: { Accept: 'application/json' } });
  expect(response.status).toBe(200);
  return ((await response.json()) as { messages: OutboxMessage[] }).messages;
}

/** Waits until the outbox holds `count` messages to these addresses (newest first) and answers them. */
export async function waitForMessages(serverUrl: string, to: readonly string[], count: number): Promise<OutboxMessage[]> {
  let found: OutboxMessage[] = [];
  await expect
    .poll(
      async () => {
        found = (await outboxMessages(serverUrl)).filter((m) => to.includes(m.to));
        return found.length;
      },
      { message: `messages to ${to.join(', ')}` },
    )
    .toBeGreaterThanOrEqual(count);
  return found;
}

export const CARD_OK = '4242 4242 4242 4242';
export const CARD_3DS = '4000 0027 6000 3184';
export const CARD_DECLINED = '4000 0000 0000 0002';
export const CARD_NO_FUNDS = '4000 0000 0000 9995';

/** The two phone sizes every card path is tried on: a current iPhone and a small Android. */
export const PHONE_VIEWPORTS = [
  { width: 390, height: 844 },
  { width: 360, height: 640 },
] as const;

/** Opens the link on a "phone" (its own browser context, a phone-sized viewport). */
export async function openInvoice(browser: Browser, url: string): Promise<Page> {
  const phone = await (await browser.newContext({ viewport: PHONE_VIEWPORTS[0] })).newPage();
  await phone.goto(url);
  await expect(phone.getByRole('heading', { name: 'Pay by card' })).toBeVisible();
  return phone;
}

export type TypedCard = { number: string; expiry?: string; cvc?: string; name?: string };

/** Fills the card form as autofill or a paste would (each field at once); the name only when given. */
export async function fillCard(phone: Page, typed: TypedCard): Promise<void> {
  await phone.getByLabel('Card number').fill(typed.number);
  await phone.getByLabel('Expiry (MM/YY)').fill(typed.expiry ?? '12/34');
  await phone.getByLabel('Security code').fill(typed.cvc ?? '123');
  if (typed.name !== undefined) await phone.getByLabel('Name on card').fill(typed.name);
}

export async function payByCard(phone: Page, cardNumber: string, name: string): Promise<void> {
  await fillCard(phone, { number: cardNumber, name });
  await phone.getByRole('button', { name: /^Pay / }).click();
}

export async function expectInvoicePaid(phone: Page): Promise<void> {
  await expect(phone.locator('#link-state')).toHaveAttribute('data-state', 'paid');
}

/**
 * The page state on screen now, on a phone: a screenshot kept, nothing wider than the screen, and no serious
 * or critical axe finding.
 */
export async function checkPhoneScreen(phone: Page, name: string): Promise<void> {
  const size = phone.viewportSize()!;
  await phone.screenshot({ path: test.info().outputPath(`invoice/${name}-${size.width}x${size.height}.png`), fullPage: true });
  expect(await phone.evaluate(() => document.documentElement.scrollWidth), `${name}: page width`).toBeLessThanOrEqual(size.width);
  const results = await new AxeBuilder({ page: phone }).analyze();
  const serious = results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
  expect(serious, `${name} at ${size.width}×${size.height}: axe`).toEqual([]);
}
