import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerBackend } from '../../support/server-backends';
import type { TestServer } from '../../support/test-server';
import { api, cart, cashSale, demoDesk, itemNamed, uid, type ApiAnswer, type DemoDesk } from '../../support/server-api-client';
import { countRows, linkBody, mayaCart, postLink } from '../../support/server-link-helpers';

const TWINS = 20;

/** The answer as a register compares it: status and body, without `serverTime` (set fresh on every replay). */
const answerOf = (answer: ApiAnswer) => {
  const { serverTime: _fresh, ...body } = answer.body as Record<string, unknown>;
  return { status: answer.status, body };
};

/**
 * Twins: the same Idempotency-Key sent 20 times at once (spread over two server processes where the backend has
 * them) does the work once and gives all 20 the first answer, never link_already_active; the key with another body
 * is refused.
 */
export function idempotentTwinsSuite(backend: ServerBackend): void {
  describe(`idempotent twins on ${backend.name}${backend.startAnother ? ' over two server processes' : ''}`, () => {
    let servers: TestServer[] = [];
    let desk: DemoDesk;
    const urlOf = (i: number) => servers[i % servers.length]!.url;
    const db = () => servers[0]!.db;
    const twins = (send: (url: string) => Promise<ApiAnswer>) => Promise.all(Array.from({ length: TWINS }, (_, i) => send(urlOf(i))));
    const post = (url: string, path: string, body: unknown, key: string) =>
      api(url, 'POST', path, { token: desk.frank, body, headers: { 'Idempotency-Key': key }, noRetry: true });
    const expectOneAnswer = (answers: ApiAnswer[], status: number) => {
      expect(answers.map((a) => a.status)).toEqual(Array.from({ length: TWINS }, () => status));
      const first = answerOf(answers[0]!);
      for (const answer of answers) expect(answerOf(answer)).toEqual(first);
    };
    const eventsOf = async (type: string, linkId: string) => countRows(db(), 'events', `type = '${type}' and link_id = '${linkId}'`);

    beforeAll(async () => {
      const first = await backend.start();
      servers = [first];
      if (backend.startAnother) servers.push(await backend.startAnother((first as TestServer & { databaseUrl: string }).databaseUrl));
      desk = await demoDesk(first.url);
    });
    afterAll(() => Promise.all(servers.map((server) => server.close())));

    it('create link: one link, one message, 20 identical answers', async () => {
      const body = linkBody(mayaCart(desk), { channels: ['sms'] });
      const key = uid('key');
      const answers = await twins((url) => post(url, '/payment-links', body, key));
      expectOneAnswer(answers, 201);
      const linkId = answers[0]!.body.link.id as string;
      expect(await countRows(db(), 'payment_links', `cart_id = '${body.cart.id}'`)).toBe(1);
      expect(await countRows(db(), 'deliveries', `link_id = '${linkId}'`)).toBe(1);
      expect(await eventsOf('link.created', linkId)).toBe(1);
    });

    it('resend: one resend, one more message, 20 identical answers', async () => {
      const link = (await postLink(urlOf(0), desk.frank, linkBody(mayaCart(desk), { channels: ['sms'] }))).body.link;
      const key = uid('key');
      const answers = await twins((url) => post(url, `/payment-links/${link.id}/resend`, {}, key));
      expectOneAnswer(answers, 200);
      expect(answers[0]!.body.link.resendCount).toBe(1);
      expect(await countRows(db(), 'deliveries', `link_id = '${link.id}'`)).toBe(2);
      expect(await eventsOf('link.resent', link.id)).toBe(1);
    });

    it('cancel: one cancel, 20 identical answers', async () => {
      const link = (await postLink(urlOf(0), desk.frank, linkBody(mayaCart(desk), { channels: [] }))).body.link;
      const key = uid('key');
      const answers = await twins((url) => post(url, `/payment-links/${link.id}/cancel`, {}, key));
      expectOneAnswer(answers, 200);
      expect(answers[0]!.body.link.status).toBe('canceled');
      expect(await eventsOf('link.canceled', link.id)).toBe(1);
      expect(await countRows(db(), 'holds', `link_id = '${link.id}' and status = 'active'`)).toBe(0);
    });

    it('add client: one client, 20 identical answers', async () => {
      const body = { id: uid('cli'), name: 'Twin Client', email: `${uid('twin')}@example.com` };
      const key = uid('key');
      const answers = await twins((url) => post(url, '/clients', body, key));
      expectOneAnswer(answers, 201);
      expect(await countRows(db(), 'clients', `id = '${body.id}'`)).toBe(1);
    });

    it("cancel: a failure after the change rolls the change back with its answer, and the key's retry cancels once", async () => {
      const link = (await postLink(urlOf(0), desk.frank, linkBody(mayaCart(desk), { channels: [] }))).body.link;
      const key = uid('key');
      // Storing a cancel's answer fails: the link was already set canceled in that transaction.
      await db().execute(sql.raw(`create function refuse_cancel_answer() returns trigger language plpgsql as $$ begin raise exception 'disk full'; end $$`));
      await db().execute(
        sql.raw(`create trigger refuse_cancel_answer before insert on idempotency_keys for each row
          when (new.scope like '%/:id/cancel') execute function refuse_cancel_answer()`),
      );
      try {
        const failed = await post(urlOf(0), `/payment-links/${link.id}/cancel`, {}, key);
        expect([failed.status, failed.body.error.code]).toEqual([500, 'internal_error']);
      } finally {
        await db().execute(sql.raw('drop trigger refuse_cancel_answer on idempotency_keys'));
        await db().execute(sql.raw('drop function refuse_cancel_answer()'));
      }
      expect((await api(urlOf(0), 'GET', `/payment-links/${link.id}`, { token: desk.frank })).body.link.status).toBe('pending');
      expect(await eventsOf('link.canceled', link.id)).toBe(0);
      expect(await countRows(db(), 'holds', `link_id = '${link.id}' and status = 'active'`)).toBeGreaterThan(0);
      const answers = await twins((url) => post(url, `/payment-links/${link.id}/cancel`, {}, key));
      expectOneAnswer(answers, 200);
      expect(answers[0]!.body.link.status).toBe('canceled');
      expect(await eventsOf('link.canceled', link.id)).toBe(1);
      expect(await countRows(db(), 'idempotency_keys', `key = '${key}'`)).toBe(1);
    });

    it('sale: one sale, one receipt, 20 identical answers', async () => {
      const sale = cashSale(cart([{ itemId: itemNamed(desk.items, 'Grip Socks').id, quantity: 1 }], desk.items));
      const key = uid('key');
      const answers = await twins((url) => post(url, '/sales', sale, key));
      expectOneAnswer(answers, 201);
      expect(await countRows(db(), 'sales', `id = '${sale.id}'`)).toBe(1);
      expect(await countRows(db(), 'events', `type = 'sale.created' and sale_id = '${sale.id}'`)).toBe(1);
    });

    it('a key reused with another body is refused, for each command, and changes nothing', async () => {
      const key = uid('key');
      const first = linkBody(mayaCart(desk), { channels: [] });
      expect((await post(urlOf(0), '/payment-links', first, key)).status).toBe(201);
      const other = await post(urlOf(1), '/payment-links', linkBody(mayaCart(desk), { channels: [] }), key);
      expect({ status: other.status, code: other.body.error.code }).toEqual({ status: 422, code: 'idempotency_key_reused' });

      const linkId = (await post(urlOf(0), '/payment-links', linkBody(mayaCart(desk), { channels: [] }), uid('key'))).body.link.id;
      const cancelKey = uid('key');
      expect((await post(urlOf(0), `/payment-links/${linkId}/cancel`, {}, cancelKey)).status).toBe(200);
      const another = (await postLink(urlOf(0), desk.frank, linkBody(mayaCart(desk), { channels: [] }))).body.link;
      const elsewhere = await post(urlOf(1), `/payment-links/${another.id}/cancel`, {}, cancelKey);
      expect({ status: elsewhere.status, code: elsewhere.body.error.code }).toEqual({ status: 422, code: 'idempotency_key_reused' });
      expect((await api(urlOf(0), 'GET', `/payment-links/${another.id}`, { token: desk.frank })).body.link.status).toBe('pending');

      const saleKey = uid('key');
      const socks = () => cashSale(cart([{ itemId: itemNamed(desk.items, 'Grip Socks').id, quantity: 1 }], desk.items));
      expect((await post(urlOf(0), '/sales', socks(), saleKey)).status).toBe(201);
      const sales = await countRows(db(), 'sales');
      const twice = await post(urlOf(1), '/sales', socks(), saleKey);
      expect({ status: twice.status, code: twice.body.error.code }).toEqual({ status: 422, code: 'idempotency_key_reused' });
      expect(await countRows(db(), 'sales')).toBe(sales);
    });
  });
}
