import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../../server/src/db/database';
import type { ServerBackend } from '../../support/server-backends';
import type { TestServer } from '../../support/test-server';
import { api, cart, clientNamed, demoDesk, itemNamed, type DemoDesk } from '../../support/server-api-client';
import { CARD, card, countRows, linkBody, openPage, payUrl, postForm, postLink, seatCart } from '../../support/server-link-helpers';

type OutboxMessage = { linkId: string; channel: 'sms' | 'email'; to: string; text: string; html?: string; url?: string };

/** A receipt for every client who pays a link: by email when they have one, else by SMS with a receipt page. */
export function receiptsSuite(backend: ServerBackend): void {
  describe(`receipts after payment on ${backend.name}`, () => {
    const clock = Date.parse('2026-11-27T21:12:00Z'); // 4:12 pm in New York
    let server: TestServer;
    let desk: DemoDesk;
    const outbox = async (linkId: string) =>
      ((await (await fetch(`${server.url}/dev/outbox`, { headers: { accept: 'application/json' } })).json()) as { messages: OutboxMessage[] }).messages.filter(
        (m) => m.linkId === linkId,
      );
    const paidLink = async (clientName: string, channels: Array<'sms' | 'email'>) => {
      const socks = itemNamed(desk.items, 'Grip Socks');
      const body = linkBody(cart([{ itemId: socks.id, quantity: 2 }], desk.items, clientNamed(desk.clients, clientName).id), { channels });
      const { link } = (await postLink(server.url, desk.frank, body)).body;
      await server.jobs.deliverQueued();
      expect((await postForm(payUrl(link.url), card(CARD.ok))).status).toBe(303);
      await server.jobs.deliverQueued();
      return link as { id: string; url: string };
    };
    beforeAll(async () => {
      // Deliveries go out only when the test runs the worker, so each check sees every message queued before it.
      server = await backend.start({ now: () => clock, server: { deliveryAutoRun: false } });
      desk = await demoDesk(server.url);
    });
    afterAll(() => server.close());

    it('texts a phone-only client a link to a receipt page that shows what they paid for', async () => {
      const seat = seatCart(desk, 'R7', 0, 'Alex Kim');
      const { link } = (await postLink(server.url, desk.frank, linkBody(seat, { channels: ['sms'] }))).body;
      await server.jobs.deliverQueued(); // the link's own SMS, before the client pays
      expect((await postForm(payUrl(link.url), card(CARD.ok))).status).toBe(303);
      await server.jobs.deliverQueued();
      const [receiptSms, linkSms] = await outbox(link.id);
      expect(linkSms!.text).toMatch(/^Demo Studio: Reformer Pilates, .* Pay \$40\.00: \S+ \(expires 4:27 pm\)$/);
      expect(receiptSms).toMatchObject({ channel: 'sms', to: '+15555550103' });
      const sale = (await api(server.url, 'GET', `/payment-links/${link.id}`, { token: desk.frank })).body.link;
      const { receiptNumber } = (await api(server.url, 'GET', `/sales/${sale.saleId}`, { token: desk.frank })).body.sale;
      const match = /^Demo Studio: paid \$40\.00, thank you\. Receipt (\S+): (http:\/\/\S+\/demo-studio\/r\/(rcp_[A-Za-z0-9_-]{22}))$/.exec(receiptSms!.text);
      expect(match, receiptSms!.text).not.toBeNull();
      expect(match![1]).toBe(receiptNumber);
      expect(receiptSms!.url).toBe(match![2]);
      expect(match![3]).not.toContain(sale.saleId);

      const page = await openPage(match![2]!);
      expect(page.status).toBe(200);
      expect(page.text).toContain('<h1>Demo Studio</h1>');
      expect(page.text).toContain('Paid — thank you, Alex');
      expect(page.text).toContain(`<dd id="receipt-number">${receiptNumber}</dd>`);
      expect(page.text).toMatch(/Reformer Pilates<br><span class="muted">\w{3}, \w{3} \d{1,2}, \d{1,2}:\d\d [AP]M, seat R7<\/span>/);
      expect(page.text).toContain('<td id="total">$40.00</td>');
      expect(page.text).toContain('<dd id="card">Visa •• 4242</dd>');
      expect(page.text).toContain('Nov 27, 2026, 4:12 PM');
      expect(page.text).not.toMatch(/<script/);
      expect(page.headers.get('content-security-policy')).toMatch(/^default-src 'none';\s?style-src 'nonce-[^']+';\s?.*frame-ancestors 'none'$/);
      expect(page.headers.get('referrer-policy')).toBe('no-referrer');
      expect(page.headers.get('cache-control')).toBe('no-store');
      expect(page.headers.get('x-frame-options')).toBe('DENY');
    });

    it('emails a client who has an address, once per sale, with the receipt page linked', async () => {
      const link = await paidLink('Maya Chen', ['sms', 'email']);
      const receipts = (await outbox(link.id)).filter((m) => m.text.includes('Receipt '));
      expect(receipts.map((m) => [m.channel, m.to])).toEqual([['email', 'maya.chen@example.com']]);
      expect(receipts[0]!.text).toContain('- 2 × Grip Socks: $28.00');
      expect(receipts[0]!.text).toContain('Paid Nov 27, 2026, 4:12 PM with Visa •• 4242.');
      expect(receipts[0]!.html).toMatch(/<a href="http:\/\/[^"]+\/demo-studio\/r\/rcp_[A-Za-z0-9_-]{22}">Receipt /);
      expect(await countRows(server.db, 'receipts', `sale_id = (select sale_id from payment_links where id = '${link.id}')`)).toBe(1);
      expect(await countRows(server.db, 'deliveries', `link_id = '${link.id}' and kind = 'receipt'`)).toBe(1);
      // Paying again changes nothing: the link is paid, no second sale, receipt or message.
      expect((await postForm(payUrl(link.url), card(CARD.ok))).status).toBe(409);
      await server.jobs.deliverQueued();
      expect(await countRows(server.db, 'deliveries', `link_id = '${link.id}' and kind = 'receipt'`)).toBe(1);
      expect(await countRows(server.db, 'receipts', `sale_id in (select id from sales where link_id = '${link.id}')`)).toBe(1);
    });

    it('answers a friendly 404 page for an unknown receipt, another studio’s widget or a malformed id', async () => {
      const link = await paidLink('Alex Kim', ['sms']);
      const receipt = (await outbox(link.id)).find((m) => m.text.includes('Receipt '))!;
      const id = /\/r\/(\S+)$/.exec(receipt.text)![1]!;
      for (const path of [`/demo-studio/r/rcp_${'A'.repeat(22)}`, `/other-studio/r/${id}`, '/demo-studio/r/%3Cscript%3E', `/demo-studio/r/${id}x`]) {
        const page = await openPage(`${server.url}${path}`);
        expect(page.status, path).toBe(404);
        expect(page.text).toContain('<h1>Receipt not found</h1>');
        expect(page.headers.get('content-type')).toMatch(/text\/html/);
        expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
      }
    });

    it("writes a UK studio's receipt page in its own formats", async () => {
      await server.db.execute(sql`update locations set locale = 'en-GB', country = 'GB', time_zone = 'Europe/London' where widget = 'demo-studio'`);
      try {
        const link = await paidLink('Alex Kim', ['sms']);
        const receipt = (await outbox(link.id)).find((m) => m.text.includes('Receipt '))!;
        expect(receipt.text).toContain('Demo Studio: paid US$28.00, thank you.');
        const page = await openPage(receipt.url!);
        expect(page.text).toContain('<html lang="en-GB">');
        expect(page.text).toContain('27 Nov 2026, 21:12');
        expect(page.text).toContain('<td id="total">US$28.00</td>');
      } finally {
        await server.db.execute(sql`update locations set locale = 'en-US', country = 'US', time_zone = 'America/New_York' where widget = 'demo-studio'`);
      }
      const [row] = rowsOf<{ locale: string }>(await server.db.execute(sql`select locale from locations where widget = 'demo-studio'`));
      expect(row!.locale).toBe('en-US');
    });
  });
}
