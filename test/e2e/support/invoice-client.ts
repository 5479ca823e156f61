import { expect, type Browser, type Page } from '@playwright/test';

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

/** Opens the link on a "phone" (its own browser context, a phone-sized viewport). */
export async function openInvoice(browser: Browser, url: string): Promise<Page> {
  const phone = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
  await phone.goto(url);
  await expect(phone.getByRole('heading', { name: 'Pay by card' })).toBeVisible();
  return phone;
}

export async function payByCard(phone: Page, cardNumber: string, name: string): Promise<void> {
  await phone.getByLabel('Card number').fill(cardNumber);
  await phone.getByLabel('Expiry (MM/YY)').fill('12/34');
  await phone.getByLabel('Security code').fill('123');
  await phone.getByLabel('Name on card').fill(name);
  await phone.getByRole('button', { name: /^Pay / }).click();
}

export async function expectInvoicePaid(phone: Page): Promise<void> {
  await expect(phone.locator('#link-state')).toHaveAttribute('data-state', 'paid');
}
