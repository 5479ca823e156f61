import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LinkResponseSchema } from '../../../shared/contract/http';
import type { ServerBackend } from '../../support/server-backends';
import type { TestServer } from '../../support/test-server';
import { api, cart, clientNamed, demoDesk, itemNamed, type DemoDesk } from '../../support/server-api-client';
import { countRows, linkBody, mayaCart, postLink, resend } from '../../support/server-link-helpers';

/** A link only shown as a QR code at the register: created with no channels, it queues and sends no message. */
export function qrLinksSuite(backend: ServerBackend): void {
  describe(`QR-only payment links on ${backend.name}`, () => {
    const clock = Date.now();
    let server: TestServer;
    let desk: DemoDesk;
    const outbox = async () =>
      ((await (await fetch(`${server.url}/dev/outbox`, { headers: { accept: 'application/json' } })).json()) as { messages: Array<{ linkId: string }> })
        .messages;
    const deliveriesOf = (linkId: string) => countRows(server.db, 'deliveries', `link_id = '${linkId}'`);
    beforeAll(async () => {
      server = await backend.start({ now: () => clock });
      desk = await demoDesk(server.url);
    });
    afterAll(() => server.close());

    it('creates the link with its holds and no delivery; the delivery worker sends nothing for it', async () => {
      const answer = await postLink(server.url, desk.frank, linkBody(mayaCart(desk), { channels: [] }));
      expect(answer.status).toBe(201);
      const { link } = LinkResponseSchema.parse(answer.body);
      expect(link).toMatchObject({ status: 'pending', clientName: 'Maya Chen', deliveries: [] });
      expect(link.url).toBe(`${server.url}/demo-studio/i/${link.id}`);
      expect(await deliveriesOf(link.id)).toBe(0);
      await server.jobs.deliverQueued();
      expect((await outbox()).filter((m) => m.linkId === link.id)).toEqual([]);
      expect(await countRows(server.db, 'holds', `link_id = '${link.id}'`)).toBe(1);
    });

    it('needs no contact: Sam Rivera has no phone, so SMS is refused, and a QR-only link is not', async () => {
      const sam = clientNamed(desk.clients, 'Sam Rivera').id;
      const socks = itemNamed(desk.items, 'Grip Socks');
      const samCart = () => cart([{ itemId: socks.id, quantity: 1 }], desk.items, sam);
      const bySms = await postLink(server.url, desk.frank, linkBody(samCart(), { channels: ['sms'] }));
      expect([bySms.status, bySms.body.error.code]).toEqual([422, 'invalid_contact']);
      const qrOnly = await postLink(server.url, desk.frank, linkBody(samCart(), { channels: [] }));
      expect(qrOnly.status).toBe(201);
      expect(qrOnly.body.link.deliveries).toEqual([]);
    });

    it('resend of a QR-only link with no address is refused (invalid_contact) and changes nothing', async () => {
      const { link } = LinkResponseSchema.parse((await postLink(server.url, desk.frank, linkBody(mayaCart(desk), { channels: [] }))).body);
      const refused = await resend(server.url, desk.frank, link.id, {});
      expect(refused.status).toBe(422);
      expect(refused.body.error).toMatchObject({ code: 'invalid_contact', details: { field: 'phone', linkId: link.id } });
      expect(await deliveriesOf(link.id)).toBe(0);
      const after = await api(server.url, 'GET', `/payment-links/${link.id}`, { token: desk.frank });
      expect(after.body.link.resendCount).toBe(0);
    });

    it('resend with an address sends the same link by that channel only', async () => {
      const { link } = LinkResponseSchema.parse((await postLink(server.url, desk.frank, linkBody(mayaCart(desk), { channels: [] }))).body);
      const sent = await resend(server.url, desk.frank, link.id, { email: 'maya.chen@example.com' });
      expect(sent.status).toBe(200);
      expect(sent.body.link.deliveries.map((d: { channel: string; to: string }) => [d.channel, d.to])).toEqual([['email', 'maya.chen@example.com']]);
      await server.jobs.deliverQueued();
      const messages = (await outbox()).filter((m) => m.linkId === link.id);
      expect(messages).toHaveLength(1);
      expect(messages[0]).toMatchObject({ channel: 'email', url: link.url });
    });
  });
}
