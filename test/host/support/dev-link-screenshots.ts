import { resolve } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { startBrowserHost } from '../../../electron/host/browser-host';
import { createFakeEngine } from './fake-engine';

// Dev-only: walks the payment-link UI over the fake engine and saves screenshots to look at.
// `npm run build && npx tsx test/host/support/dev-link-screenshots.ts /tmp/link-shots`
async function main(): Promise<void> {
  const out = process.argv[2] ?? '/tmp/link-shots';
  const engine = createFakeEngine();
  const host = await startBrowserHost({ engine, rendererDir: resolve('out/renderer') });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  // A PC set to Tokyo: every time on screen must still be the studio's (New York).
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 }, timezoneId: 'Asia/Tokyo' });
  page.on('console', (m) => console.log('console:', m.type(), m.text()));
  page.on('pageerror', (e) => console.log('pageerror:', e.message));
  const shot = (name: string) => page.screenshot({ path: `${out}/${name}.png`, fullPage: true });
  const pause = (ms: number) => new Promise((done) => setTimeout(done, ms));
  try {
    await page.goto(host.url);
    await signIn(page, '2222');
    await page.getByLabel('Search clients').fill('maya');
    await page.getByRole('button', { name: 'Select Maya Chen' }).click();
    await shot('l00-empty-cart');
    await page.getByRole('tab', { name: 'Products' }).click();
    await page.getByRole('button', { name: 'Add Grip Socks' }).click();
    await page.getByRole('tab', { name: 'Classes' }).click();
    await page
      .getByRole('button', { name: /Choose a seat for Reformer Pilates/ })
      .first()
      .click();
    await page.getByRole('button', { name: 'Seat R3, free', exact: true }).click();
    await shot('l01-checkout');

    await page.getByRole('button', { name: 'Send payment link' }).click();
    const dialog = page.getByRole('dialog', { name: 'Send payment link' });
    await shot('l02-modal');
    await dialog.getByLabel('Mobile phone').fill('555');
    await dialog.getByLabel('Email address').fill('maya@');
    await dialog.getByRole('button', { name: 'Send payment link' }).click();
    await shot('l03-modal-invalid');
    await dialog.getByLabel('Mobile phone').fill('(555) 123-0001');
    await dialog.getByLabel('Email address').fill('maya@example.com');
    engine.link.refuseNextSend('seat_unavailable', 'Seat R3 is already taken. Please pick a different seat.', { sessionId: 'ses-ref-1', seatId: 'seat-r3' });
    await dialog.getByRole('button', { name: 'Send payment link' }).click();
    await dialog.getByRole('region', { name: 'Pick a different seat' }).waitFor();
    await shot('l04-seat-refusal');
    await dialog.getByRole('button', { name: 'Seat R4, free', exact: true }).click();
    await dialog.getByText('Seat R4 is now in the cart').waitFor();
    await shot('l05-seat-swapped');
    await dialog.getByRole('button', { name: 'Send payment link' }).click();
    await page.getByRole('heading', { name: 'Waiting for Maya Chen to complete payment' }).waitFor();
    await pause(600);
    engine.link.opened();
    engine.link.activity('Card declined: insufficient funds');
    engine.link.deliveryFailed('email', 'Mailbox unavailable');
    await pause(200);
    await shot('l06-waiting');
    await page.getByRole('button', { name: 'Resend link' }).click();
    await shot('l07-resend');
    await page.getByRole('button', { name: 'Send link again' }).click();
    engine.link.setExpiresIn(100_000);
    await pause(700);
    await shot('l08-urgent');
    engine.setConnection({ kind: 'offline', since: Date.now() });
    await page.getByRole('button', { name: 'Cancel payment link' }).click();
    await page.getByText('Cancel requested — waiting for the server').waitFor();
    await shot('l09-cancel-pending');
    engine.setConnection({ kind: 'live', since: Date.now() });
    await page.getByRole('button', { name: /^Dismiss notice: The payment link was canceled/ }).waitFor();
    await shot('l10-canceled');
    await page.getByRole('button', { name: /^Dismiss notice: The payment link was canceled/ }).click();

    await page.getByRole('button', { name: 'Send payment link' }).click();
    await page.getByRole('radio', { name: 'SMS' }).check();
    await dialog.getByRole('button', { name: 'Send payment link' }).click();
    await page.getByRole('heading', { name: /^Waiting for/ }).waitFor();
    engine.link.paid();
    await page.getByRole('heading', { name: 'Paid' }).waitFor();
    await shot('l11-paid');
    await page.getByRole('heading', { name: /^Receipt/ }).waitFor({ timeout: 5000 });
    await shot('l12-receipt');
    await page.getByRole('button', { name: 'New sale' }).click();

    await page.getByRole('tab', { name: 'Products' }).click();
    await page.getByRole('button', { name: 'Add Water Bottle' }).click();
    await shot('l13-walk-in');
    await page.getByLabel('Search clients').fill('sam');
    await page.getByRole('button', { name: 'Select Sam Rivera' }).click();
    engine.setConnection({ kind: 'offline', since: Date.now() });
    await pause(200);
    await shot('l14-offline');
    engine.setConnection({ kind: 'live', since: Date.now() });
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(page, '5555');
    await shot('l15-tess');
  } catch (error) {
    console.error(error);
    await shot('99-failure');
  } finally {
    await browser.close();
    await host.close();
  }
}

async function signIn(page: Page, pin: string): Promise<void> {
  await page.getByLabel('PIN').fill(pin);
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

void main();
