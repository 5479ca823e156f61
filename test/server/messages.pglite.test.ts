import { afterAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server';
import { api, demoDesk, uid } from '../support/server-api-client';
import { networkInterfaces } from 'node:os';
import { countSmsSegments } from '../../server/src/notify/sms-segments';
import { outboxVisible } from '../../server/src/routes/dev-outbox';
import { cancel, countRows, getLink, linkBody, mayaCart, postLink, resend } from '../support/server-link-helpers';
import { startAnswerDroppingProxy, startSmtpDouble, startTwilioDouble } from '../support/server-provider-doubles';

const settle = async (server: TestServer, baseUrl: string, token: string, linkId: string, ms = 3000) => {
  const end = Date.now() + ms;
  for (;;) {
    await server.jobs.deliverQueued();
    const link = (await getLink(baseUrl, token, linkId)).body.link;
    if (link.deliveries.every((d: { status: string }) => d.status !== 'queued') || Date.now() > end) return link;
    await new Promise((r) => setTimeout(r, 25));
  }
};

describe('messages in NOTIFY=outbox (default)', () => {
  const clock = Date.now();
  let server: TestServer;
  afterAll(() => server?.close());

  it('stores a short SMS and an HTML + text email per link, listed at /dev/outbox newest first with their links', async () => {
    server = await startTestServer({ now: () => clock });
    const desk = await demoDesk(server.url);
    const link = (await postLink(server.url, desk.frank, linkBody(mayaCart(desk)))).body.link;
    const settled = await settle(server, server.url, desk.frank, link.id);
    expect(settled.deliveries.map((d: any) => [d.channel, d.status])).toEqual([
      ['sms', 'sent'],
      ['email', 'sent'],
    ]);
    const json = await fetch(`${server.url}/dev/outbox`, { headers: { accept: 'application/json' } });
    const { messages } = (await json.json()) as { messages: any[] };
    const sms = messages.find((m) => m.channel === 'sms' && m.linkId === link.id);
    // What it is for, the amount, the link and the studio's time it runs out at (the wording: test/server/notify).
    const expires = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', hour: 'numeric', minute: '2-digit' })
      .format(Date.parse(link.expiresAt))
      .replace(/\s/g, ' ')
      .replace('AM', 'am')
      .replace('PM', 'pm');
    expect(sms.text).toMatch(/^Demo Studio: Vinyasa Flow, .+ \+ 1 more\. Pay \$39\.00: /);
    expect(sms.text.endsWith(`Pay $39.00: ${link.url} (expires ${expires})`)).toBe(true);
    expect(countSmsSegments(sms.text)).toMatchObject({ encoding: 'gsm7', segments: 1 });
    expect(sms.url).toBe(link.url);
    const email = messages.find((m) => m.channel === 'email' && m.linkId === link.id);
    expect(email).toMatchObject({ to: 'maya.chen@example.com', url: link.url });
    expect(email.text).toContain('Vinyasa Flow');
    expect(email.text).toContain('Grip Socks: $14.00');
    expect(email.text).toContain('Total: $39.00');
    expect(email.text).toMatch(/The link expires at \d{1,2}:\d\d [AP]M\./);
    expect(email.html).toContain(`href="${link.url}"`);
    expect(email.html).toContain('<li>Grip Socks: $14.00</li>');

    const resent = await resend(server.url, desk.frank, link.id, { email: 'maya@example.org' });
    expect(resent.status).toBe(200);
    await settle(server, server.url, desk.frank, link.id);
    const after = (await (await fetch(`${server.url}/dev/outbox`, { headers: { accept: 'application/json' } })).json()) as { messages: any[] };
    expect(after.messages).toHaveLength(messages.length + 2);
    expect(
      after.messages
        .slice(0, 2)
        .map((m: any) => m.to)
        .sort(),
    ).toEqual(['+15555550101', 'maya@example.org']);
    const page = await fetch(`${server.url}/dev/outbox`);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(await page.text()).toContain(`<a href="${link.url}">`);
    const events = (await api(server.url, 'GET', '/events?after=0', { token: desk.registerToken })).body.events;
    expect(events.filter((e: any) => e.type === 'link.delivery' && e.linkId === link.id)).toHaveLength(4);
  });

  it('a lost answer retried with the same key gives one link, one SMS and one email', async () => {
    const desk = await demoDesk(server.url);
    const proxy = await startAnswerDroppingProxy(server.port);
    try {
      const body = linkBody(mayaCart(desk));
      const key = uid('key');
      await expect(postLink(proxy.url, desk.frank, body, key)).rejects.toThrow();
      expect(await countRows(server.db, 'payment_links', `cart_id = '${body.cart.id}'`)).toBe(1); // committed
      const retried = await postLink(server.url, desk.frank, body, key);
      expect(retried.status).toBe(201);
      await settle(server, server.url, desk.frank, retried.body.link.id);
      await server.jobs.deliverQueued();
      expect(await countRows(server.db, 'payment_links', `cart_id = '${body.cart.id}'`)).toBe(1);
      expect(await countRows(server.db, 'outbox_messages', `link_id = '${retried.body.link.id}' and channel = 'sms'`)).toBe(1);
      expect(await countRows(server.db, 'outbox_messages', `link_id = '${retried.body.link.id}' and channel = 'email'`)).toBe(1);
    } finally {
      await proxy.close();
    }
  });
});

describe('messages in NOTIFY=live (local SMTP server and Twilio double)', () => {
  it('sends SMS through the twilio SDK and email over SMTP; a bad address fails only its channel; transient errors are retried', async () => {
    let now = Date.now();
    const smtp = await startSmtpDouble({ rejectRecipients: ['bounce@example.com'] });
    const twilio = await startTwilioDouble({ failFirst: 1 });
    const server = await startTestServer({
      now: () => now,
      server: {
        notify: 'live',
        twilio: { accountSid: 'AC00000000000000000000000000000000', authToken: 'test-token', from: '+15005550006', baseUrl: twilio.baseUrl },
        smtp: { url: smtp.url, mailFrom: 'Demo Studio <desk@example.com>' },
        deliveryBackoffMs: 1000,
      },
    });
    try {
      const desk = await demoDesk(server.url);
      const link = (await postLink(server.url, desk.frank, linkBody(mayaCart(desk)))).body.link;
      await server.jobs.deliverQueued();
      let state = (await getLink(server.url, desk.frank, link.id)).body.link;
      // The SMS met a 503 and waits for its retry; the email went out.
      expect(state.deliveries.map((d: any) => [d.channel, d.status])).toEqual([
        ['sms', 'queued'],
        ['email', 'sent'],
      ]);
      expect(smtp.mails).toHaveLength(1);
      expect(smtp.mails[0]!.to).toEqual(['maya.chen@example.com']);
      expect(smtp.mails[0]!.raw).toContain('Vinyasa Flow');
      expect(smtp.mails[0]!.raw).toMatch(/Content-Type: text\/html/i);
      now += 1_000; // the backoff
      state = await settle(server, server.url, desk.frank, link.id);
      expect(state.deliveries.map((d: any) => [d.channel, d.status])).toEqual([
        ['sms', 'sent'],
        ['email', 'sent'],
      ]);
      expect(twilio.messages).toEqual([
        {
          to: '+15555550101',
          from: '+15005550006',
          body: expect.stringMatching(/\(expires \d{1,2}:\d\d [ap]m\)$/),
          accountSid: 'AC00000000000000000000000000000000',
        },
      ]);

      // Bad addresses: each fails its own channel, with the provider's reason, and is not retried.
      const bad = (
        await postLink(server.url, desk.frank, linkBody(mayaCart(desk), { channels: ['sms', 'email'], phone: '+15005550001', email: 'bounce@example.com' }))
      ).body.link;
      const failed = await settle(server, server.url, desk.frank, bad.id);
      expect(failed.deliveries.map((d: any) => [d.channel, d.status])).toEqual([
        ['sms', 'failed'],
        ['email', 'failed'],
      ]);
      expect(failed.deliveries[0].error).toMatch(/not a valid phone number/);
      expect(failed.deliveries[1].error).toMatch(/550|No such user/);
      const good = (await postLink(server.url, desk.frank, linkBody(mayaCart(desk), { channels: ['sms', 'email'], phone: '+15005550001' }))).body.link;
      const mixed = await settle(server, server.url, desk.frank, good.id);
      expect(mixed.deliveries.map((d: any) => [d.channel, d.status])).toEqual([
        ['sms', 'failed'],
        ['email', 'sent'],
      ]);
      now += 60_000;
      await server.jobs.deliverQueued();
      expect(twilio.messages).toHaveLength(1); // nothing was sent twice
      expect(smtp.mails.filter((m) => m.to[0] === 'maya.chen@example.com')).toHaveLength(2);
    } finally {
      await server.close();
      await smtp.close();
      await twilio.close();
    }
  });
});

describe('messages for a link that is no longer pending, and who may read /dev/outbox', () => {
  it('a link message still queued when its link was canceled is not sent: failed, with the reason', async () => {
    const server = await startTestServer({ server: { deliveryAutoRun: false } });
    try {
      const desk = await demoDesk(server.url);
      const link = (await postLink(server.url, desk.frank, linkBody(mayaCart(desk)))).body.link;
      expect((await cancel(server.url, desk.frank, link.id)).body.link.status).toBe('canceled');
      await server.jobs.deliverQueued();
      const after = (await getLink(server.url, desk.frank, link.id)).body.link;
      expect(after.deliveries.map((d: any) => [d.channel, d.status, d.error])).toEqual([
        ['sms', 'failed', 'The link was no longer waiting for payment.'],
        ['email', 'failed', 'The link was no longer waiting for payment.'],
      ]);
      expect(await countRows(server.db, 'outbox_messages', `link_id = '${link.id}'`)).toBe(0);
    } finally {
      await server.close();
    }
  });

  it('is served to loopback only: 404 from another address or through a proxy when the server listens on all addresses', async () => {
    const server = await startTestServer({ server: { host: '0.0.0.0' } });
    try {
      const outside = networkInterfaces();
      const lan = Object.values(outside)
        .flat()
        .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
      expect((await fetch(`http://127.0.0.1:${server.port}/dev/outbox`)).status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${server.port}/dev/outbox`, { headers: { 'x-forwarded-for': '203.0.113.9' } })).status).toBe(404);
      if (lan) expect((await fetch(`http://${lan}:${server.port}/dev/outbox`)).status).toBe(404);
    } finally {
      await server.close();
    }
    expect(outboxVisible('127.0.0.1', '203.0.113.9', {})).toBe(true); // listening on loopback: only this machine reaches it
    expect(outboxVisible('0.0.0.0', '::ffff:127.0.0.1', {})).toBe(true);
    expect(outboxVisible('0.0.0.0', '192.0.2.7', {})).toBe(false);
    expect(outboxVisible('::', '::1', { forwarded: 'for=203.0.113.9' })).toBe(false);
  });
});
