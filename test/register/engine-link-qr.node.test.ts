import { beforeAll, describe, expect, it } from 'vitest';
import { dispatchIpc } from '../../shared/contract/ipc';
import { type EngineTestServer } from './support/server';
import { type TestEngine } from './support/engine-harness';
import { devOutbox, mayaCartWithSeat, waiting } from './support/link-harness';
import { sharedEngine } from './support/shared-engine';

// "Show QR code" alone: link.send with no channels creates the link (holds, countdown, cart locked) and no message;
// its Resend needs an address, which adds that channel to the same link.

const shared = sharedEngine(['carts', 'cart_lines', 'sales', 'outbox', 'notices', 'payment_links', 'link_activity']);
let server: EngineTestServer;
let engine: TestEngine;
beforeAll(() => {
  server = shared.server;
  engine = shared.engine;
});

describe('a payment link shown only as a QR code', () => {
  it('is created with no delivery and sends no message; resend with no address is refused, with an email it is sent', async () => {
    const { totalCents } = await mayaCartWithSeat(engine);
    const sent = await engine.call('link.send', { channels: [] });
    expect(waiting(sent)).toBe(true);
    expect(sent.activeLink).toMatchObject({ totalCents, deliveries: [], resendCount: 0 });
    expect(sent.cart!.locked).toBe(true);
    const linkId = sent.activeLink!.id!;
    expect((await devOutbox(server.url)).filter((m) => m.linkId === linkId)).toEqual([]);
    expect(sent.activeLink!.activity.map((a) => a.message)).toEqual(['QR code shown for Maya Chen']);

    // The server is the one that knows the link has no channel: it refuses, and the link waits as it was.
    const refused = await dispatchIpc(engine.handlers, 'link.resend', {});
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_contact', message: expect.stringContaining('QR code') } });
    expect((await engine.snapshot()).activeLink).toMatchObject({ phase: 'waiting', deliveries: [], resendCount: 0 });

    const resent = await engine.call('link.resend', { email: 'maya.chen@example.com' });
    expect(resent.activeLink).toMatchObject({ id: linkId, url: sent.activeLink!.url, totalCents, resendCount: 1 });
    await engine.waitFor('the email to be sent', (s) => s.activeLink!.deliveries.some((d) => d.channel === 'email' && d.status === 'sent'));
    const messages = (await devOutbox(server.url)).filter((m) => m.linkId === linkId);
    expect(messages.map((m) => [m.channel, m.url])).toEqual([['email', sent.activeLink!.url]]);
  });
});
