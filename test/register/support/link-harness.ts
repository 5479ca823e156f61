import type { RegisterSnapshot } from '../../../shared/contract/register-view';
import { catalog, freeReformerSeat, itemNamed, type TestEngine } from './engine-harness';

// Helpers for payment link tests: a cart for Maya Chen with a held Reformer seat, the client paying on the invoice
// page as a phone would (a form POST), and the messages the server "sent" (/dev/outbox JSON).

export async function mayaCartWithSeat(engine: TestEngine) {
  const { clients } = await engine.call('clients.search', { query: 'maya' });
  const maya = clients[0]!;
  await engine.call('cart.setClient', { clientId: maya.id });
  const items = await catalog(engine);
  const seat = freeReformerSeat(items);
  await engine.call('cart.addLine', { itemId: seat.itemId, sessionId: seat.sessionId, seatId: seat.seatId });
  const socks = itemNamed(items, 'Grip Socks');
  const snapshot = await engine.call('cart.addLine', { itemId: socks.id });
  return { maya, seat, snapshot, totalCents: snapshot.cart!.totalCents };
}

export type OutboxMessage = { id: string; linkId: string | null; channel: 'sms' | 'email'; to: string; text: string; url?: string };

export async function devOutbox(serverUrl: string): Promise<OutboxMessage[]> {
  const response = await fetch(new URL('/dev/outbox', serverUrl), { headers: { accept: 'application/json' } });
  return ((await response.json()) as { messages: OutboxMessage[] }).messages;
}

/** The client pays with card 4242… on the invoice page (form POST, as the phone's browser would). */
export async function payOnInvoicePage(linkUrl: string, card = '4242424242424242'): Promise<number> {
  const response = await fetch(`${linkUrl}/pay`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ cardNumber: card, expiry: '12/34', cvc: '123', name: 'Maya Chen' }).toString(),
    redirect: 'manual',
  });
  await response.text();
  return response.status;
}

export async function openInvoicePage(linkUrl: string): Promise<number> {
  const response = await fetch(linkUrl);
  await response.text();
  return response.status;
}

export const waiting = (s: RegisterSnapshot) => s.activeLink?.phase === 'waiting' && s.activeLink.url !== null;

/** A network the test can cut: fetch fails and the engine's sockets stay down until restored. */
export function switchableNetwork() {
  let down = false;
  let refused = 0;
  const fetchThrough: typeof fetch = async (input, init) => {
    if (down) {
      refused++;
      throw new TypeError('fetch failed', { cause: new Error('network is down') });
    }
    return fetch(input, init);
  };
  return {
    fetch: fetchThrough,
    /** How many requests failed because the network was down (each offline poll makes some). */
    refused: () => refused,
    cut(engine: TestEngine) {
      down = true;
      for (const socket of engine.sockets) {
        socket.connect = () => socket;
        socket.disconnect();
      }
    },
    restore(engine: TestEngine) {
      down = false;
      for (const socket of engine.sockets) {
        delete (socket as unknown as { connect?: unknown }).connect;
        socket.connect();
      }
    },
  };
}

/** The server's own view of a link (as another register of the studio reads it). */
export async function serverLink(serverUrl: string, registerToken: string, id: string) {
  const response = await fetch(new URL(`/api/v1/payment-links/${id}`, serverUrl), { headers: { authorization: `Bearer ${registerToken}` } });
  return {
    status: response.status,
    json: (await response.json()) as { link: { status: string; expiresAt: string; resendCount: number; url: string } },
    at: Date.now(),
  };
}
