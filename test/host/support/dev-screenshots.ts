import { resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { startBrowserHost } from '../../../electron/host/browser-host';
import { createFakeEngine } from './fake-engine';

// Dev-only: walks the UI over the fake engine and saves screenshots to look at. `npx tsx test/host/support/dev-screenshots.ts /tmp/shots`
async function main(): Promise<void> {
  const out = process.argv[2] ?? '/tmp/shots';
  const engine = createFakeEngine();
  const host = await startBrowserHost({ engine, rendererDir: resolve('out/renderer') });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  page.on('console', (m) => console.log('console:', m.type(), m.text()));
  page.on('pageerror', (e) => console.log('pageerror:', e.message));
  const shot = (name: string) => page.screenshot({ path: `${out}/${name}.png`, fullPage: true });
  try {
    await page.goto(host.url);
    await page.getByLabel('PIN').waitFor();
    await page.getByRole('button', { name: '9' }).click();
    await page.getByRole('button', { name: '9' }).click();
    await page.getByRole('button', { name: '9' }).click();
    await page.getByRole('button', { name: '9' }).click();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    await shot('01-signin-error');
    await page.getByLabel('PIN').fill('2222');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    engine.addNotice('warning', 'The link for Sam Rivera expired; the cart is editable again.');
    await shot('02-pos');
    await page.getByLabel('Search clients').fill('maya');
    await page.getByRole('button', { name: 'Select Maya Chen' }).click();
    await page.getByRole('tab', { name: 'Products' }).click();
    await page.getByRole('button', { name: 'Add Grip Socks' }).click();
    await page.getByRole('button', { name: 'Increase quantity of Grip Socks' }).click();
    await page.getByRole('tab', { name: 'Classes' }).click();
    await page
      .getByRole('button', { name: /Choose a seat for Reformer Pilates/ })
      .first()
      .click();
    await shot('03-seats');
    await page.getByRole('button', { name: 'Seat R3, free', exact: true }).click();
    await page.getByRole('tab', { name: 'Memberships' }).click();
    await shot('04-cart');
    await page.getByRole('button', { name: 'Pay cash' }).click();
    await page.getByLabel('Cash tendered').fill('100');
    await shot('05-cash');
    await page.getByRole('button', { name: 'Complete cash sale' }).click();
    await page.getByRole('heading', { name: /^Change due/ }).waitFor();
    await shot('05b-change-due');
    await page.getByRole('button', { name: /^Change given/ }).click();
    await page.getByRole('heading', { name: /Receipt/ }).waitFor();
    await shot('06-receipt');
    await page.getByRole('button', { name: 'New sale' }).click();
    await page.getByRole('button', { name: "Today's sales" }).click();
    await page.getByRole('cell', { name: '1-1' }).waitFor();
    await shot('07-sales');
    await page.getByRole('button', { name: 'Roster' }).click();
    await shot('08-roster');
    engine.setConnection({ kind: 'offline', since: Date.now() });
    await page.getByRole('button', { name: 'Sell' }).click();
    await page.getByRole('tab', { name: 'Appointments' }).click();
    await shot('09-offline-appointments');
    engine.setConnection({ kind: 'polling', since: Date.now() });
    await page.getByRole('tab', { name: 'Memberships' }).click();
    await shot('09b-walk-in-membership');
    // A membership needs a client: a walk-in's card says "Choose a client first".
    await page.getByLabel('Search clients').fill('maya');
    await page.getByRole('button', { name: 'Select Maya Chen' }).click();
    const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel('Start date for Unlimited Monthly').fill(tomorrow);
    await page.getByLabel('Charge later').check();
    await page.getByRole('button', { name: 'Add Unlimited Monthly' }).click();
    await shot('10-polling-membership');
    const fresh = createFakeEngine({ enrolled: false });
    const freshHost = await startBrowserHost({ engine: fresh, rendererDir: resolve('out/renderer') });
    await page.goto(freshHost.url);
    await page.getByLabel('Enrollment code').waitFor();
    await shot('11-enroll');
    await freshHost.close();
  } catch (error) {
    console.error(error);
    await shot('99-failure');
  } finally {
    await browser.close();
    await host.close();
  }
}

void main();
