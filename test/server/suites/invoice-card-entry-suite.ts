import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../../server/src/db/database';
import { formatStudioDayAndTime } from '../../../shared/domain/studio-format';
import type { ServerBackend } from '../../support/server-backends';
import type { TestServer } from '../../support/test-server';
import { demoDesk, type DemoDesk } from '../../support/server-api-client';
import { card, CARD, countRows, getLink, linkBody, mayaCart, openPage, payUrl, postForm, postLink } from '../../support/server-link-helpers';

/** The attributes of the page's `<input id="…">`, as a map (valueless attributes map to ''). */
function inputOf(html: string, id: string): Record<string, string> {
  const tag = new RegExp(`<input id="${id}"[^>]*>`).exec(html)?.[0];
  if (!tag) throw new Error(`no input #${id}`);
  return Object.fromEntries([...tag.matchAll(/([a-z-]+)(?:="([^"]*)")?/g)].slice(1).map((m) => [m[1]!, m[2] ?? '']));
}

const errorText = (html: string, field: string) => new RegExp(`<p class="field-error" id="${field}-error">([^<]*)</p>`).exec(html)?.[1];
const unescape = (text: string) =>
  text
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/**
 * The card form without JavaScript: every field checked at once with its error beside it, what the client typed
 * kept through a refusal, a decline and a failed 3-D Secure step, the expiry forms a numeric keypad can type,
 * the time left from the server's clock, and the paid page.
 */
export function invoiceCardEntrySuite(backend: ServerBackend): void {
  describe(`the invoice page's card form on ${backend.name}`, () => {
    let nowMs = Date.now();
    const logs: string[] = [];
    let server: TestServer;
    let desk: DemoDesk;
    const newLink = async () => (await postLink(server.url, desk.frank, linkBody(mayaCart(desk)))).body.link;
    beforeAll(async () => {
      server = await backend.start({ now: () => nowMs, log: (line) => logs.push(line) });
      desk = await demoDesk(server.url);
    });
    afterAll(() => server.close());

    it('fills in the name on card, and gives each field its keypad, autofill and a place for its error; no cache keeps it', async () => {
      const link = await newLink();
      const page = await openPage(link.url);
      expect(page.headers.get('cache-control')).toBe('no-store');
      expect(inputOf(page.text, 'cardNumber')).toMatchObject({ inputmode: 'numeric', autocomplete: 'cc-number' });
      expect(inputOf(page.text, 'expiry')).toMatchObject({ inputmode: 'numeric', autocomplete: 'cc-exp' });
      expect(inputOf(page.text, 'cvc')).toMatchObject({ inputmode: 'numeric', autocomplete: 'cc-csc', maxlength: '3', 'aria-describedby': 'cvc-hint' });
      expect(inputOf(page.text, 'name')).toMatchObject({ autocomplete: 'cc-name', value: 'Maya Chen' });
      for (const field of ['cardNumber', 'expiry', 'cvc', 'name']) expect(inputOf(page.text, field)['aria-invalid']).toBeUndefined();
      expect(page.text).toContain('<script nonce=');
    });

    it('refuses every wrong field at once, each error tied to its field, with everything typed kept and nothing charged', async () => {
      const link = await newLink();
      const typed = { cardNumber: '4242 4242 4242 4241', expiry: '13/30', cvc: '12', name: '' };
      const answer = await postForm(payUrl(link.url), typed);
      expect(answer.status).toBe(400);
      expect(answer.text).toContain('4 fields need a fix: see below.');
      const expected = {
        cardNumber: 'That card number is not valid. Check it for a typo.',
        expiry: 'The month of the expiry is 01 to 12.',
        cvc: 'Enter the 3-digit code on the back of the card.',
        name: 'Enter the name on the card.',
      };
      for (const [field, message] of Object.entries(expected)) {
        const input = inputOf(answer.text, field);
        expect([field, input['aria-invalid'], input['aria-describedby']?.split(' ')]).toEqual([field, 'true', expect.arrayContaining([`${field}-error`])]);
        expect(unescape(errorText(answer.text, field) ?? '')).toBe(message);
      }
      expect(inputOf(answer.text, 'cardNumber')).toHaveProperty('autofocus'); // the first wrong field, without a script
      expect(inputOf(answer.text, 'cardNumber').value).toBe('4242 4242 4242 4241');
      expect(inputOf(answer.text, 'expiry').value).toBe('13/30');
      expect(inputOf(answer.text, 'cvc').value).toBe('12');
      expect(await countRows(server.db, 'payment_attempts', `link_id = '${link.id}'`)).toBe(0);
      // One field wrong: only that one is marked; the others keep what was typed.
      const one = await postForm(payUrl(link.url), { ...card(CARD.ok), expiry: '10/20' });
      expect(one.text).toContain('One field needs a fix: see below.');
      expect(inputOf(one.text, 'expiry')).toMatchObject({ 'aria-invalid': 'true', value: '10/20' });
      expect(inputOf(one.text, 'cardNumber')['aria-invalid']).toBeUndefined();
      expect(inputOf(one.text, 'name').value).toBe('Maya Chen');
    });

    it('takes the expiry as a numeric keypad types it: 1230, 12/30 and 12 / 30', async () => {
      for (const expiry of ['1230', '12/30', '12 / 30']) {
        const link = await newLink();
        const answer = await postForm(payUrl(link.url), { ...card(CARD.ok), expiry });
        expect([expiry, answer.status]).toEqual([expiry, 303]);
        expect((await getLink(server.url, desk.frank, link.id)).body.link.status).toBe('paid');
      }
    });

    it('keeps the card in the form after a decline, and says why', async () => {
      const link = await newLink();
      const typed = { cardNumber: CARD.noFunds, expiry: '1230', cvc: '123', name: 'M Chen' };
      const answer = await postForm(payUrl(link.url), typed);
      expect(answer.status).toBe(402);
      expect(answer.text).toMatch(/<div id="form-message" class="message alert" role="alert">Your card has insufficient funds\. Try another card\.<\/div>/);
      for (const [field, value] of Object.entries(typed)) expect([field, inputOf(answer.text, field).value]).toEqual([field, value]);
      for (const field of Object.keys(typed)) expect(inputOf(answer.text, field)['aria-invalid']).toBeUndefined();
    });

    it('keeps the card in the form after a failed 3-D Secure step', async () => {
      const link = await newLink();
      const typed = { cardNumber: CARD.threeDs, expiry: '12 / 30', cvc: '987', name: 'Maya C' };
      const challenge = await postForm(payUrl(link.url), typed);
      expect(challenge.status).toBe(200);
      const action = /action="([^"]+\/challenge\/[^"]+)"/.exec(challenge.text)![1]!;
      // The step's forms carry back what was typed (both answers), and nothing else of the card.
      const failForm = /<form[^>]*><input type="hidden" name="result" value="fail">(.*?)<button/.exec(challenge.text)![1]!;
      const kept = Object.fromEntries([...failForm.matchAll(/name="(\w+)" value="([^"]*)"/g)].map((m) => [m[1], m[2]]));
      expect(kept).toEqual(typed);
      const failed = await postForm(`${server.url}${action}`, { result: 'fail', ...kept });
      expect(failed.status).toBe(402);
      expect(failed.text).toContain('could not confirm it was you');
      for (const [field, value] of Object.entries(typed)) expect([field, inputOf(failed.text, field).value]).toEqual([field, value]);
      expect((await getLink(server.url, desk.frank, link.id)).body.link.status).toBe('pending');
    });

    it('counts down from the server clock, says so in the last two minutes, and refuses a late form with the sentence', async () => {
      const link = await newLink();
      const expiresAt = Date.parse(link.expiresAt);
      const page = await openPage(link.url);
      expect(page.text).toContain(`data-expires-at="${expiresAt}" data-server-now="${nowMs}"`);
      expect(page.text).toContain('15 min 00 s left');
      expect(page.text).toMatch(/Your spot is held for you until <span class="nowrap">\d{1,2}:\d{2} (AM|PM)<\/span>\./);
      const started = nowMs;
      try {
        nowMs = expiresAt - 90_000;
        const late = await openPage(link.url);
        expect(late.text).toContain('<div class="timer urgent" id="timer"');
        expect(late.text).toContain('1 min 30 s left');
        expect(late.text).toContain('Less than 2 minutes left: pay now to keep your spot.');
        nowMs = expiresAt + 1;
        const refused = await postForm(payUrl(link.url), card(CARD.ok));
        expect(refused.status).toBe(409);
        expect(refused.text).toContain('This payment link has expired and your spot was released. Nothing was charged. Please ask Demo Studio for a new link.');
        expect(refused.text).not.toContain('name="cardNumber"');
        expect(await countRows(server.db, 'payment_attempts', `link_id = '${link.id}'`)).toBe(0);
      } finally {
        nowMs = started;
      }
    });

    it('thanks the client by first name on the paid page, with the receipt, the lines and their booking times, and the card', async () => {
      const link = await newLink();
      expect((await postForm(payUrl(link.url), card(CARD.ok))).status).toBe(303);
      const page = await openPage(link.url);
      const paid = (await getLink(server.url, desk.frank, link.id)).body.link;
      const [sale] = rowsOf<{ receipt_number: string }>(await server.db.execute(sql`select receipt_number from sales where id = ${paid.saleId}`));
      expect(page.text).toContain('Paid — thank you, Maya</h2>');
      expect(page.text).toContain(`Receipt ${sale!.receipt_number}`);
      expect(page.text).toContain('We received $39.00 from your Visa •• 4242.');
      const classLine = link.lines.find((line: { startsAt?: string }) => line.startsAt);
      const clock = { locale: 'en-US', timeZone: 'America/New_York' };
      expect(page.text).toContain(formatStudioDayAndTime(Date.parse(classLine.startsAt), clock));
      expect(page.text).toContain(`Paid ${formatStudioDayAndTime(Date.parse(paid.paidAt), clock)}`);
      expect(page.text).toContain('Vinyasa Flow');
      expect(page.text).toContain('Grip Socks');
      expect(page.text).not.toMatch(/paying for/i);
      expect(page.text).not.toContain('<script');
    });

    it('never writes a card number to the log', () => {
      const log = logs.join('\n');
      for (const number of [CARD.ok, CARD.threeDs, CARD.noFunds, '4242 4242 4242 4241']) {
        expect(log).not.toContain(number);
        expect(log).not.toContain(number.replace(/ /g, ''));
      }
    });
  });
}
