import { expect, type Browser, type Page } from '@playwright/test';
import type { E2eStack, RegisterHandle } from './e2e-stack';
import { signInWithKeypad } from './pos-page';

// Registers for the payment-link specs: one of its own per test (its own cart and data dir), on a desk-sized page.

export const MAYA = { name: 'Maya Chen', phone: '+15555550101', email: 'maya.chen@example.com' };

export type Desk = { register: RegisterHandle; page: Page };

export function createDesks(stack: () => E2eStack) {
  const opened: RegisterHandle[] = [];
  return {
    async open(browser: Browser, name: string, pin: string, options: { timezoneId?: string } = {}): Promise<Desk> {
      const register = await stack().startRegister(name);
      opened.push(register);
      const page = await (await browser.newContext({ viewport: { width: 1366, height: 900 }, ...options })).newPage();
      await page.goto(register.url);
      await signInWithKeypad(page, pin);
      return { register, page };
    },
    async closeAll(): Promise<void> {
      for (const register of opened.splice(0)) await register.close();
    },
  };
}

/** A time of day as the studio (America/New_York) shows it, whatever zone the desk PC is set to. */
export const studioTime = (iso: string) =>
  new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', hour: 'numeric', minute: '2-digit' }).format(new Date(iso));

/** The receipt of a link sale (its number comes from the server, S-n), containing these texts. */
export async function expectReceipt(page: Page, ...texts: string[]) {
  const receipt = page.getByRole('article', { name: /^Receipt \S+$/ });
  await expect(receipt).toBeVisible({ timeout: 15_000 });
  for (const text of texts) await expect(receipt).toContainText(text);
  return receipt;
}
