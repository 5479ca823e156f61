import { request as httpRequest } from 'node:http';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../server/src/db/database';
import { SaleSchema } from '../../shared/contract/entities';
import { studioTimeText } from '../../server/src/time/zoned-time';
import { startTestServer, type TestServer } from '../support/test-server';
import { api, demoDesk, type DemoDesk } from '../support/server-api-client';
import {
  cancel,
  capacityViolations,
  card,
  CARD,
  countRows,
  getLink,
  linkBody,
  mayaCart,
  openPage,
  payUrl,
  postForm,
  postLink,
} from '../support/server-link-helpers';

describe('the invoice page (sandbox payments)', () => {
  const clock = Date.now();
  const logs: string[] = [];
  let server: TestServer;
  let desk: DemoDesk;
  const newLink = async () => (await postLink(server.url, desk.frank, linkBody(mayaCart(desk)))).body.link;
  const feedTypes = async (after: number) =>
    (await api(server.url, 'GET', `/events?after=${after}&limit=1000`, { token: desk.registerToken })).body.events
      .map((e: any) => e.type)
      .filter((t: string) => t !== 'link.delivery');
  const attemptEvents = async (after: number): Promise<any[]> =>
    (await api(server.url, 'GET', `/events?after=${after}&limit=1000`, { token: desk.registerToken })).body.events.filter((e: any) => e.attempt);
  const lastSeq = async () => (await api(server.url, 'GET', '/events?after=0&limit=1', { token: desk.registerToken })).body.lastSeq;
  beforeAll(async () => {
    server = await startTestServer({ now: () => clock, log: (line) => logs.push(line) });
    desk = await demoDesk(server.url);
  });
  afterAll(() => server.close());

  it('shows studio, first name, lines, total and time left, with strict headers; the first open emits link.opened', async () => {
    const link = await newLink();
    const before = await lastSeq();
    const page = await openPage(link.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("form-action 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(page.text).not.toMatch(/<script[^>]+src=/); // no third-party (or any external) script in sandbox mode
    expect(page.text).toContain('<h1>Demo Studio</h1>');
    expect(page.text).toContain('Hi Maya,');
    // The full name only pre-fills "Name on card"; the page addresses the client by first name.
    expect(page.text).toContain('id="name" name="name" type="text" autocomplete="cc-name" maxlength="100" value="Maya Chen"');
    expect(page.text.replaceAll('value="Maya Chen"', '')).not.toContain('Chen');
    expect(page.text).toContain('Vinyasa Flow');
    expect(page.text).toContain('Grip Socks');
    expect(page.text).toContain('$39.00');
    // Class times as the studio's clock shows them (America/New_York), not UTC.
    const classLine = link.lines.find((line: any) => line.startsAt);
    expect(page.text).toContain(studioTimeText(Date.parse(classLine.startsAt), 'America/New_York'));
    expect(page.text.replace(/<script[\s\S]*?<\/script>/g, '')).not.toMatch(/GMT|UTC/);
    expect(page.text).toContain('15 min 00 s left');
    for (const field of ['cardNumber', 'expiry', 'cvc', 'name']) expect(page.text).toContain(`<label for="${field}"`);
    expect(page.text).toContain('name="viewport"');
    await openPage(link.url);
    expect(await feedTypes(before)).toEqual(['link.opened']);
    expect((await getLink(server.url, desk.frank, link.id)).body.link.openedAt).toBe(new Date(clock).toISOString());
  });

  it('pays with 4242…: link paid, holds → bookings, sale by the staff who sent it, events, receipt email queued', async () => {
    const link = await newLink();
    const before = await lastSeq();
    const answer = await postForm(payUrl(link.url), card(CARD.ok));
    expect(answer.status).toBe(303);
    expect(answer.headers.get('location')).toBe(new URL(link.url).pathname);
    const paidPage = await openPage(link.url);
    expect(paidPage.text).toContain('data-state="paid"');
    expect(paidPage.text).toContain('Visa •• 4242');
    expect(paidPage.text).not.toContain('name="cardNumber"');
    const paid = (await getLink(server.url, desk.frank, link.id)).body.link;
    expect(paid).toMatchObject({ status: 'paid', paidAt: new Date(clock).toISOString() });
    const types = await feedTypes(before);
    expect(types).toEqual(['link.paid', 'sale.created', 'availability.changed']);
    const events = (await api(server.url, 'GET', `/events?after=${before}`, { token: desk.registerToken })).body.events;
    expect(events.find((e: any) => e.type === 'link.paid').saleId).toBe(paid.saleId);
    const sale = SaleSchema.parse(events.find((e: any) => e.type === 'sale.created').sale);
    expect(sale).toMatchObject({ id: paid.saleId, linkId: link.id, staffName: 'Frank', clientName: 'Maya Chen', totalCents: 3900 });
    expect(sale.payments).toEqual([{ method: 'payment_link', amountCents: 3900, cardBrand: 'visa', cardLast4: '4242' }]);
    expect(sale.receiptNumber).toMatch(/^S-\d+$/);
    const roster = (await api(server.url, 'GET', '/roster', { token: desk.frank })).body.bookings;
    expect(roster.filter((b: any) => b.saleId === sale.id)).toHaveLength(1);
    expect(await countRows(server.db, 'holds', `link_id = '${link.id}' and status = 'converted'`)).toBe(1);
    expect(await countRows(server.db, 'deliveries', `link_id = '${link.id}' and kind = 'receipt' and to_address = 'maya.chen@example.com'`)).toBe(1);
    // Paid is final: neither another payment nor a cancel changes it.
    expect((await postForm(payUrl(link.url), card(CARD.ok))).status).toBe(409);
    const canceled = await cancel(server.url, desk.frank, link.id);
    expect([canceled.status, canceled.body.error.code, canceled.body.error.details.link.status]).toEqual([409, 'already_paid', 'paid']);
    expect(await countRows(server.db, 'sales', `link_id = '${link.id}'`)).toBe(1);
    const day = (await api(server.url, 'GET', '/sales', { token: desk.frank })).body;
    expect(day.totals.byMethod.payment_link).toBeGreaterThanOrEqual(3900);
    expect(await capacityViolations(server.db)).toEqual([]);
  });

  it('asks for 3-D Secure: completing pays, failing says why and another card can be tried', async () => {
    const link = await newLink();
    const before = await lastSeq();
    const challenge = await postForm(payUrl(link.url), card(CARD.threeDs));
    expect(challenge.status).toBe(200);
    const action = /action="([^"]+\/challenge\/[^"]+)"/.exec(challenge.text)![1]!;
    const failed = await postForm(`${server.url}${action}`, { result: 'fail' });
    expect(failed.status).toBe(402);
    expect(failed.text).toContain('could not confirm');
    expect(failed.text).toContain('name="cardNumber"');
    expect((await getLink(server.url, desk.frank, link.id)).body.link.status).toBe('pending');
    // The failed step cannot be completed afterwards.
    expect((await postForm(`${server.url}${action}`, { result: 'complete' })).status).toBe(409);
    const again = await postForm(payUrl(link.url), card(CARD.threeDs));
    const action2 = /action="([^"]+\/challenge\/[^"]+)"/.exec(again.text)![1]!;
    expect((await postForm(`${server.url}${action2}`, { result: 'complete' })).status).toBe(303);
    const paid = (await getLink(server.url, desk.frank, link.id)).body.link;
    expect(paid.status).toBe('paid');
    const [attempt] = rowsOf<{ three_ds_state: string; card_last4: string }>(
      await server.db.execute(sql`select three_ds_state, card_last4 from payment_attempts where link_id = ${link.id} and status = 'succeeded'`),
    );
    expect(attempt).toEqual({ three_ds_state: 'completed', card_last4: '3184' });
    // The register hears each step: verifying, not confirmed, verifying again, then paid.
    const attempts = await attemptEvents(before);
    expect(attempts.map((e) => [e.type, e.attempt.outcome, e.attempt.code ?? null, e.attempt.cardLast4])).toEqual([
      ['link.authenticating', 'authenticating', null, '3184'],
      ['link.payment_failed', 'failed', 'authentication_failed', '3184'],
      ['link.authenticating', 'authenticating', null, '3184'],
    ]);
    expect(attempts.every((e) => e.link.id === link.id && e.link.status === 'pending')).toBe(true);
    expect(await feedTypes(before)).toContain('link.paid');
  });

  it('does not complete a 3-D Secure step once the link was canceled in between', async () => {
    const link = await newLink();
    const challenge = await postForm(payUrl(link.url), card(CARD.threeDs));
    const action = /action="([^"]+\/challenge\/[^"]+)"/.exec(challenge.text)![1]!;
    expect((await cancel(server.url, desk.frank, link.id)).body.link.status).toBe('canceled');
    const late = await postForm(`${server.url}${action}`, { result: 'complete' });
    expect(late.status).toBe(409);
    expect(late.text).toContain('data-state="canceled"');
    expect(await countRows(server.db, 'sales', `link_id = '${link.id}'`)).toBe(0);
    expect(await countRows(server.db, 'payment_attempts', `link_id = '${link.id}' and status = 'canceled'`)).toBe(1);
  });

  it('shows why a card was declined and takes a good card after', async () => {
    const link = await newLink();
    const before = await lastSeq();
    const declined = await postForm(payUrl(link.url), card(CARD.declined));
    expect(declined.status).toBe(402);
    expect(declined.text).toContain('Your card was declined');
    const noFunds = await postForm(payUrl(link.url), card(CARD.noFunds));
    expect(noFunds.text).toContain('insufficient funds');
    expect((await postForm(payUrl(link.url), card(CARD.ok))).status).toBe(303);
    expect((await getLink(server.url, desk.frank, link.id)).body.link.status).toBe('paid');
    // Each decline is an event with its reason; no card number, only the last four.
    const attempts = await attemptEvents(before);
    expect(attempts.map((e) => [e.type, e.attempt.code, e.attempt.message])).toEqual([
      ['link.payment_failed', 'card_declined', 'Your card was declined. Try another card.'],
      ['link.payment_failed', 'insufficient_funds', 'Your card has insufficient funds. Try another card.'],
    ]);
    expect(JSON.stringify(attempts)).not.toMatch(/4000000000000002|4000000000009995/);
  });

  it('shows a canceled link as canceled and takes no payment', async () => {
    const link = await newLink();
    await cancel(server.url, desk.frank, link.id);
    const page = await openPage(link.url);
    expect(page.text).toContain('data-state="canceled"');
    expect((await postForm(payUrl(link.url), card(CARD.ok))).status).toBe(409);
    expect(await countRows(server.db, 'payment_attempts', `link_id = '${link.id}'`)).toBe(0);
  });

  it('refuses bad input on the page and its forms with the right code, changing nothing', async () => {
    const link = await newLink();
    const attempts = await countRows(server.db, 'payment_attempts');
    const cases: Array<[Record<string, string> | string, number, string?]> = [
      [{ ...card(CARD.ok), cardNumber: '4242 4242 4242 4241' }, 400], // Luhn
      [{ ...card(CARD.ok), cardNumber: '<script>alert(1)</script>' }, 400],
      [{ ...card(CARD.ok), expiry: '01/20' }, 400],
      [{ ...card(CARD.ok), expiry: '13/40' }, 400],
      [{ ...card(CARD.ok), cvc: '12a' }, 400],
      [{ ...card(CARD.ok), name: '' }, 400],
      [{ ...card(CARD.ok), name: '<b>x</b>' }, 400],
      [{ cardNumber: CARD.ok }, 400],
      ['x'.repeat(10_000), 413],
      [JSON.stringify(card(CARD.ok)), 415, 'application/json'],
      ['cardNumber=4242424242424242&cardNumber=4000000000000002&expiry=12/34&cvc=123&name=A', 415],
    ];
    for (const [body, status, type] of cases) {
      const response = await fetch(payUrl(link.url), {
        method: 'POST',
        headers: { 'content-type': type ?? 'application/x-www-form-urlencoded' },
        body: typeof body === 'string' ? body : new URLSearchParams(body).toString(),
        redirect: 'manual',
      });
      const text = await response.text();
      expect([JSON.stringify(body).slice(0, 60), response.status]).toEqual([JSON.stringify(body).slice(0, 60), status]);
      expect(text).not.toContain('<script>alert(1)</script>');
    }
    const challenge = `${link.url}/challenge/pay_nope`;
    expect((await postForm(challenge, { result: 'maybe' })).status).toBe(400);
    expect((await postForm(challenge, { result: 'complete' })).status).toBe(409);
    expect((await openPage(`${server.url}/demo-studio/i/not-a-link`)).status).toBe(404);
    expect((await openPage(link.url.replace('/demo-studio/', '/other-studio/'))).status).toBe(404);
    expect((await openPage(`${server.url}/demo-studio/i/${'a'.repeat(200)}`)).status).toBe(404);
    expect(await countRows(server.db, 'payment_attempts')).toBe(attempts);
    expect((await getLink(server.url, desk.frank, link.id)).body.link.status).toBe('pending');
  });

  it('never stores or logs a card number', async () => {
    const dump = rowsOf<{ t: string }>(
      await server.db.execute(
        sql`select (select coalesce(json_agg(a), '[]') from payment_attempts a)::text || (select coalesce(json_agg(s), '[]') from sales s)::text || (select coalesce(json_agg(e), '[]') from events e)::text as t`,
      ),
    )[0]!.t;
    for (const number of ['4242424242424242', '4000002760003184', '4000000000000002', '4000000000009995']) {
      expect(dump).not.toContain(number);
      expect(logs.join('\n')).not.toContain(number);
    }
    expect(logs.join('\n')).not.toContain('cvc');
    const ids = rowsOf<{ id: string }>(await server.db.execute(sql`select id from payment_links`)).map((r) => r.id);
    for (const id of ids) expect(logs.join('\n')).not.toContain(id); // invoice ids are secrets too
    expect(logs.some((line) => line.startsWith('GET /:widget/i/:id 200'))).toBe(true);
  });

  it('rate limits the page per client address', async () => {
    const limited = await startTestServer({ now: () => clock, server: { invoiceRateLimit: { max: 3, windowMs: 60_000 } } });
    try {
      const d = await demoDesk(limited.url);
      const link = (await postLink(limited.url, d.frank, linkBody(mayaCart(d)))).body.link;
      const statuses = [];
      for (let i = 0; i < 5; i += 1) statuses.push((await openPage(link.url)).status);
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      expect((await postForm(payUrl(link.url), card(CARD.ok))).status).toBe(429);
      expect((await getLink(limited.url, d.frank, link.id)).body.link.status).toBe('pending');
    } finally {
      await limited.close();
    }
  });

  it('counts each client address on its own, and not the server reading the link again after a refused payment', async () => {
    const limited = await startTestServer({ now: () => clock, server: { invoiceRateLimit: { max: 1, windowMs: 60_000 } } });
    try {
      const d = await demoDesk(limited.url);
      const link = (await postLink(limited.url, d.frank, linkBody(mayaCart(d)))).body.link;
      await cancel(limited.url, d.frank, link.id);
      // Three phones (three loopback addresses) each confirm a 3-D Secure step of the canceled link once: the server
      // finds it no longer payable, reads it again and shows each the canceled page.
      const challengeUrl = `${link.url}/challenge/pay_aaaaaaaaaaaaaaaaaaaaaa`;
      const statuses = [];
      for (const from of ['127.0.0.2', '127.0.0.3', '127.0.0.4']) statuses.push(await postFormFrom(from, challengeUrl, { result: 'complete' }));
      expect(statuses).toEqual([409, 409, 409]);
      expect(await postFormFrom('127.0.0.2', challengeUrl, { result: 'complete' })).toBe(429); // its own second request
    } finally {
      await limited.close();
    }
  });
});

/** A form posted from a chosen local address (each is its own client for the rate limit). */
function postFormFrom(localAddress: string, url: string, fields: Record<string, string>): Promise<number> {
  const body = new URLSearchParams(fields).toString();
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      url,
      { method: 'POST', localAddress, headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) } },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}
