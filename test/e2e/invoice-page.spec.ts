import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { CARD_3DS, CARD_DECLINED, CARD_NO_FUNDS, CARD_OK, checkPhoneScreen, expectInvoicePaid, fillCard, PHONE_VIEWPORTS } from './support/invoice-client';

// The client's phone: the invoice page in Chromium against a real server (test/support/server-e2e-process.ts),
// on the two phone sizes: every sandbox card path, typing mistakes, the page running out while open (on
// Playwright's clock), closed links, and the plain form POST with JavaScript off. axe checks each page state.

let child: ChildProcess;
let serverUrl = '';
const waiting = new Map<number, (message: { ok: boolean; value?: any; error?: string }) => void>();
let nextId = 1;

function request(body: Record<string, unknown>): Promise<any> {
  const id = nextId++;
  return new Promise((resolveRequest, reject) => {
    waiting.set(id, (message) => (message.ok ? resolveRequest(message.value) : reject(new Error(message.error))));
    child.stdin!.write(`${JSON.stringify({ id, ...body })}\n`);
  });
}

test.beforeAll(async () => {
  child = spawn(resolve('node_modules/.bin/tsx'), [resolve('test/support/server-e2e-process.ts')], { stdio: ['pipe', 'pipe', 'inherit'] });
  serverUrl = await new Promise<string>((ready, fail) => {
    child.once('exit', () => fail(new Error('the server process exited')));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const message = JSON.parse(line);
      if (message.ready) return ready(message.serverUrl);
      waiting.get(message.id)?.(message);
      waiting.delete(message.id);
    });
  });
});

test.afterAll(async () => {
  child?.stdin?.end();
  await new Promise((done) => child?.once('exit', done));
});

const newLink = (): Promise<{ id: string; url: string }> => request({ op: 'createLink' });
const linkStatus = async (id: string): Promise<string> => (await request({ op: 'status', linkId: id })).status;
const payButton = (page: Page) => page.getByRole('button', { name: /^Pay / });

/** A phone of this size in its own context; `clock`: Playwright's clock installed before the page loads. */
async function phoneAt(browser: Browser, viewport: { width: number; height: number }, options: { clockAt?: Date; javaScript?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({ viewport, javaScriptEnabled: options.javaScript ?? true });
  const page = await context.newPage();
  if (options.clockAt) await page.clock.install({ time: options.clockAt });
  return page;
}

async function expectKept(page: Page, typed: { number: string; expiry: string; cvc: string; name: string }): Promise<void> {
  await expect(page.getByLabel('Card number')).toHaveValue(typed.number);
  await expect(page.getByLabel('Expiry (MM/YY)')).toHaveValue(typed.expiry);
  await expect(page.getByLabel('Security code')).toHaveValue(typed.cvc);
  await expect(page.getByLabel('Name on card')).toHaveValue(typed.name);
}

for (const viewport of PHONE_VIEWPORTS) {
  test.describe(`on a ${viewport.width}×${viewport.height} phone`, () => {
    test('shows the invoice, formats the card as typed, and pays with 4242 4242 4242 4242', async ({ browser }) => {
      const link = await newLink();
      const page = await phoneAt(browser, viewport);
      const elsewhere: string[] = [];
      const consoleErrors: string[] = [];
      page.on('request', (r) => {
        if (!r.url().startsWith(serverUrl)) elsewhere.push(r.url());
      });
      page.on('console', (m) => {
        if (m.type() === 'error') consoleErrors.push(m.text()); // a CSP violation or a script error would show here
      });
      await page.goto(link.url);
      await expect(page.getByRole('heading', { level: 1, name: 'Demo Studio' })).toBeVisible();
      await expect(page.getByText('Hi Maya,')).toBeVisible();
      const lines = page.getByRole('table', { name: 'What you are paying for' });
      await expect(lines).toContainText('Vinyasa Flow');
      // The class time as the studio's clock shows it (e.g. "Fri, Nov 27, 9:00 AM"), not in UTC.
      await expect(lines).toContainText(/(Mon|Tue|Wed|Thu|Fri|Sat|Sun), [A-Z][a-z]{2} \d{1,2}, \d{1,2}:\d{2} (AM|PM)/);
      await expect(page.locator('#total')).toHaveText('$39.00');
      await expect(page.getByRole('timer')).toContainText(/1[45] min \d\d s left/);
      await expect(page.getByText(/Your spot is held for you until \d{1,2}:\d{2} (AM|PM)\./)).toBeVisible();
      await expect(page.getByLabel('Name on card')).toHaveValue('Maya Chen');
      const before = await page.getByRole('timer').textContent();
      await expect(page.getByRole('timer')).not.toHaveText(before!); // the countdown runs (its script passed the CSP)

      // Typed key by key, as on a numeric keypad: grouped in fours, the brand shown, the slash put in.
      await page.getByLabel('Card number').pressSequentially('4242424242424242');
      await expect(page.getByLabel('Card number')).toHaveValue('4242 4242 4242 4242');
      await expect(page.locator('#card-brand')).toHaveText('Visa');
      await page.getByLabel('Expiry (MM/YY)').pressSequentially('1230');
      await expect(page.getByLabel('Expiry (MM/YY)')).toHaveValue('12/30');
      await page.getByLabel('Security code').pressSequentially('1234');
      await expect(page.getByLabel('Security code')).toHaveValue('123'); // 3 digits for a Visa
      await checkPhoneScreen(page, 'invoice-filled');
      await payButton(page).click();

      await expectInvoicePaid(page);
      await expect(page.getByRole('heading', { name: 'Paid — thank you, Maya' })).toBeVisible();
      await expect(page.getByText('We received $39.00 from your Visa •• 4242.')).toBeVisible();
      await expect(page.getByRole('heading', { name: /^Receipt S-\d+$/ })).toBeVisible();
      await expect(page.getByRole('table', { name: 'What you paid for' })).toContainText(/Vinyasa Flow.*(AM|PM)/);
      await expect(page.getByText(/paying for/)).toHaveCount(0);
      await expect(page.getByLabel('Card number')).toHaveCount(0);
      await checkPhoneScreen(page, 'paid');
      expect(elsewhere).toEqual([]); // no third-party requests in sandbox mode
      expect(consoleErrors).toEqual([]);
      expect(await linkStatus(link.id)).toBe('paid');
      await page.context().close();
    });

    test('an Amex is grouped 4-6-5 and asks for a 4-digit code', async ({ browser }) => {
      const page = await phoneAt(browser, viewport);
      await page.goto((await newLink()).url);
      await page.getByLabel('Card number').pressSequentially('378282246310005');
      await expect(page.getByLabel('Card number')).toHaveValue('3782 822463 10005');
      await expect(page.locator('#card-brand')).toHaveText('Amex');
      await expect(page.getByLabel('Security code')).toHaveAccessibleDescription('4 digits on the front');
      await page.getByLabel('Security code').pressSequentially('12345');
      await expect(page.getByLabel('Security code')).toHaveValue('1234');
      await page.context().close();
    });

    test('3-D Secure: completing pays', async ({ browser }) => {
      const page = await phoneAt(browser, viewport);
      await page.goto((await newLink()).url);
      await fillCard(page, { number: CARD_3DS });
      await payButton(page).click();
      await expect(page.getByRole('heading', { name: 'Confirm it is you' })).toBeVisible();
      await checkPhoneScreen(page, 'challenge');
      await page.getByRole('button', { name: 'Complete authentication' }).click();
      await expectInvoicePaid(page);
      await expect(page.getByText('from your Visa •• 3184')).toBeVisible();
      await page.context().close();
    });

    test('3-D Secure: failing says why, keeps the card, and the client can try again', async ({ browser }) => {
      const link = await newLink();
      const page = await phoneAt(browser, viewport);
      await page.goto(link.url);
      const typed = { number: CARD_3DS, expiry: '12/31', cvc: '456', name: 'Maya C' };
      await fillCard(page, typed);
      await payButton(page).click();
      await page.getByRole('button', { name: 'Fail authentication' }).click();
      await expect(page.getByRole('alert')).toHaveText('The card issuer could not confirm it was you. Try again or use another card.');
      await expectKept(page, typed);
      await checkPhoneScreen(page, 'challenge-failed');
      expect(await linkStatus(link.id)).toBe('pending');
      await page.getByLabel('Card number').fill(CARD_OK);
      await payButton(page).click();
      await expectInvoicePaid(page);
      await page.context().close();
    });

    test('a declined card and one without funds say why and keep what was typed; then a good card pays', async ({ browser }) => {
      const link = await newLink();
      const page = await phoneAt(browser, viewport);
      await page.goto(link.url);
      const typed = { number: CARD_DECLINED, expiry: '11/32', cvc: '321', name: 'Maya Chen' };
      await fillCard(page, typed);
      await payButton(page).click();
      await expect(page.getByRole('alert')).toHaveText('Your card was declined. Try another card.');
      await expectKept(page, typed);
      await checkPhoneScreen(page, 'declined');
      await page.getByLabel('Card number').fill(CARD_NO_FUNDS);
      await payButton(page).click();
      await expect(page.getByRole('alert')).toHaveText('Your card has insufficient funds. Try another card.');
      await expectKept(page, { ...typed, number: CARD_NO_FUNDS });
      await page.getByLabel('Card number').fill(CARD_OK);
      await payButton(page).click();
      await expectInvoicePaid(page);
      expect((await request({ op: 'status', linkId: link.id })).saleId).toBeTruthy();
      await page.context().close();
    });

    test('typing mistakes: every error at once beside its field, nothing sent or erased, fixed in place', async ({ browser }) => {
      const link = await newLink();
      const page = await phoneAt(browser, viewport);
      await page.goto(link.url);
      const posts: string[] = [];
      page.on('request', (r) => {
        if (r.method() === 'POST') posts.push(r.url());
      });
      await fillCard(page, { number: '4242 4242 4242 4241', expiry: '13/30', cvc: '12', name: '' });
      await payButton(page).click();
      await expect(page.getByRole('alert')).toHaveText('4 fields need a fix: see below.');
      const expected: Array<[string, string]> = [
        ['Card number', 'That card number is not valid. Check it for a typo.'],
        ['Expiry (MM/YY)', 'The month of the expiry is 01 to 12.'],
        ['Security code', 'Enter the 3-digit code on the back of the card.'],
        ['Name on card', 'Enter the name on the card.'],
      ];
      for (const [label, message] of expected) {
        await expect(page.getByLabel(label)).toHaveAttribute('aria-invalid', 'true');
        await expect(page.getByLabel(label)).toHaveAccessibleDescription(new RegExp(message.replace(/[.()]/g, '\\$&')));
      }
      await expect(page.getByLabel('Card number')).toBeFocused();
      await expect(page.getByLabel('Card number')).toHaveValue('4242 4242 4242 4241');
      await expect(page.getByLabel('Expiry (MM/YY)')).toHaveValue('13/30');
      await checkPhoneScreen(page, 'typing-errors');
      expect(posts).toEqual([]); // the page caught them; nothing went to the server

      // Each error clears as its field is put right.
      await page.getByLabel('Card number').fill(CARD_OK);
      await expect(page.getByLabel('Card number')).not.toHaveAttribute('aria-invalid', 'true');
      await expect(page.getByLabel('Expiry (MM/YY)')).toHaveAttribute('aria-invalid', 'true');
      await page.getByLabel('Expiry (MM/YY)').fill('1230');
      await page.getByLabel('Security code').fill('123');
      await page.getByLabel('Name on card').fill('Maya Chen');
      await payButton(page).click();
      await expectInvoicePaid(page);
      await page.context().close();
    });

    test('the page running out while open: the last two minutes say so; at zero the form turns off and says why', async ({ browser }) => {
      const link = await newLink();
      // The phone's own clock is years off: the time left comes from the server's clock, not the phone's.
      const page = await phoneAt(browser, viewport, { clockAt: new Date('2001-02-03T04:05:06Z') });
      await page.goto(link.url);
      const timer = page.getByRole('timer');
      await expect(timer).toHaveText(/^1[45] min \d\d s left$/);
      await page.clock.fastForward('13:30');
      await expect(timer).toHaveText(/^[01] min \d\d s left$/);
      await expect(page.getByRole('status')).toHaveText('Less than 2 minutes left: pay now to keep your spot.');
      await checkPhoneScreen(page, 'last-two-minutes');
      await fillCard(page, { number: CARD_OK });
      await page.clock.fastForward('02:00');
      await expect(timer).toHaveText('Expired');
      await expect(page.getByRole('alert')).toHaveText(
        'This payment link has expired and your spot was released. Nothing was charged. Please ask Demo Studio for a new link.',
      );
      await expect(payButton(page)).toBeDisabled();
      for (const label of ['Card number', 'Expiry (MM/YY)', 'Security code', 'Name on card']) await expect(page.getByLabel(label)).toBeDisabled();
      await expect(page.getByLabel('Card number')).toHaveValue(CARD_OK);
      await checkPhoneScreen(page, 'expired-while-open');
      await page.context().close();
    });

    test('an expired link refuses the form with the sentence and then shows as expired', async ({ browser }) => {
      const link = await newLink();
      const page = await phoneAt(browser, viewport);
      await page.goto(link.url);
      expect(await request({ op: 'expire', linkId: link.id })).toBe('expired');
      await fillCard(page, { number: CARD_OK }); // the form was still on screen (the phone's timer had not run out)
      await payButton(page).click();
      await expect(page.locator('#link-state')).toHaveAttribute('data-state', 'expired');
      await expect(page.locator('#link-state')).toHaveText(/^This payment link has expired and your spot was released\. Nothing was charged\./);
      await page.goto(link.url);
      await expect(page.locator('#link-state')).toHaveAttribute('data-state', 'expired');
      await expect(page.getByLabel('Card number')).toHaveCount(0);
      await checkPhoneScreen(page, 'expired');
      expect(await linkStatus(link.id)).toBe('expired');
      await page.context().close();
    });

    test('a canceled link says so and takes no payment', async ({ browser }) => {
      const link = await newLink();
      expect(await request({ op: 'cancel', linkId: link.id })).toBe('canceled');
      const page = await phoneAt(browser, viewport);
      await page.goto(link.url);
      await expect(page.locator('#link-state')).toHaveAttribute('data-state', 'canceled');
      await expect(page.getByText('Nothing was charged')).toBeVisible();
      await expect(page.getByLabel('Card number')).toHaveCount(0);
      await checkPhoneScreen(page, 'canceled');
      await page.context().close();
    });
  });
}

test('with JavaScript off, the plain form POST refuses mistakes beside their fields, keeps the card, and pays', async ({ browser }) => {
  const link = await newLink();
  const page = await phoneAt(browser, PHONE_VIEWPORTS[1], { javaScript: false });
  await page.goto(link.url);
  await expect(page.getByRole('timer')).toHaveText('15 min 00 s left'); // as rendered: no script counts it down
  await fillCard(page, { number: '4242 4242 4242 4241', expiry: '1230' });
  await payButton(page).click();
  await expect(page.getByRole('alert')).toHaveText('One field needs a fix: see below.');
  await expect(page.getByLabel('Card number')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Card number')).toHaveAccessibleDescription('That card number is not valid. Check it for a typo.');
  await expect(page.getByLabel('Card number')).toBeFocused(); // autofocus, no script needed
  await expect(page.getByLabel('Expiry (MM/YY)')).toHaveValue('1230');
  await expect(page.getByLabel('Name on card')).toHaveValue('Maya Chen');
  await page.getByLabel('Card number').fill(CARD_OK);
  await payButton(page).click();
  await expectInvoicePaid(page);
  await expect(page.getByRole('heading', { name: 'Paid — thank you, Maya' })).toBeVisible();
  expect(await linkStatus(link.id)).toBe('paid');
  await page.context().close();
});
