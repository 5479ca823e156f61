import { createInterface } from 'node:readline';
import { startTestServer } from './test-server';
import { cart, clientNamed, demoDesk, itemNamed } from './server-api-client';
import { CARD, card, linkBody, payUrl, postForm, postLink } from './server-link-helpers';

// A demo server in its own Node process for the receipt-page Playwright spec, driven by JSON lines on stdin: a
// phone-only client (Alex Kim) is sent a link by SMS and pays it; the answer is the receipt SMS from the outbox.

type Request = { id: number; op: 'paidBySms' };

async function main(): Promise<void> {
  const server = await startTestServer({ now: () => Date.now(), server: { deliveryAutoRun: false } });
  const desk = await demoDesk(server.url);
  const write = (message: unknown) => process.stdout.write(`${JSON.stringify(message)}\n`);

  async function paidBySms(): Promise<{ smsText: string; receiptUrl: string }> {
    const reformer = itemNamed(desk.items, 'Reformer Pilates');
    const session = reformer.sessions!.find((s) => s.seats?.some((seat) => seat.state === 'free'))!;
    const seat = session.seats!.find((s) => s.state === 'free')!;
    const socks = itemNamed(desk.items, 'Grip Socks');
    const lines = [
      { itemId: reformer.id, quantity: 1, sessionId: session.id, seatId: seat.id },
      { itemId: socks.id, quantity: 1 },
    ];
    const answer = await postLink(server.url, desk.frank, linkBody(cart(lines, desk.items, clientNamed(desk.clients, 'Alex Kim').id), { channels: ['sms'] }));
    if (answer.status !== 201) throw new Error(answer.text);
    const link = answer.body.link as { id: string; url: string };
    const paid = await postForm(payUrl(link.url), card(CARD.ok));
    if (paid.status !== 303) throw new Error(`paying answered ${paid.status}`);
    await server.jobs.deliverQueued();
    const outbox = (await (await fetch(`${server.url}/dev/outbox`, { headers: { accept: 'application/json' } })).json()) as {
      messages: Array<{ linkId: string; channel: string; text: string; url?: string }>;
    };
    const sms = outbox.messages.find((m) => m.linkId === link.id && m.channel === 'sms' && m.text.includes('Receipt '));
    if (!sms?.url) throw new Error('no receipt SMS was stored');
    return { smsText: sms.text, receiptUrl: sms.url };
  }

  createInterface({ input: process.stdin }).on('line', (line) => {
    const request = JSON.parse(line) as Request;
    paidBySms().then(
      (value) => write({ id: request.id, ok: true, value }),
      (error: unknown) => write({ id: request.id, ok: false, error: (error as Error).message }),
    );
  });
  process.stdin.on('end', () => {
    void server.close().then(() => process.exit(0));
  });
  write({ ready: true, serverUrl: server.url });
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
