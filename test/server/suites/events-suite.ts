import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventsResponseSchema } from '../../../shared/contract/http';
import { ServerEventSchema, SOCKET_NAMESPACE, type ServerEvent } from '../../../shared/contract/events';
import type { ServerBackend } from '../../support/server-backends';
import type { TestServer } from '../../support/test-server';
import { api, cart, cashSale, demoDesk, itemNamed, postSale, type DemoDesk } from '../../support/server-api-client';

function openSocket(url: string, auth: unknown): Socket {
  return connect(`${url}${SOCKET_NAMESPACE}`, { auth: auth as object, transports: ['websocket'], reconnection: false, forceNew: true });
}

function connectError(socket: Socket): Promise<{ message: string; data?: any }> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => reject(new Error('connected, but should have been refused')));
    socket.once('connect_error', (error: Error & { data?: unknown }) => resolve({ message: error.message, data: error.data }));
  });
}

/** The event feed and the /registers socket: gap-free seq, replay after afterSeq, then live, acked. */
export function eventsSuite(backend: ServerBackend): void {
  describe(`events on ${backend.name}`, () => {
    const clock = Date.now();
    let server: TestServer;
    let desk: DemoDesk;
    const sellSocks = (quantity = 1) => {
      const socks = itemNamed(desk.items, 'Grip Socks');
      return postSale(server.url, desk.frank, cashSale(cart([{ itemId: socks.id, quantity }], desk.items)));
    };
    beforeAll(async () => {
      server = await backend.start({ now: () => clock });
      desk = await demoDesk(server.url);
    });
    afterAll(() => server.close());

    it('numbers events gap-free, also under concurrent sales, and pages the feed', async () => {
      const reformer = itemNamed(desk.items, 'Reformer Pilates');
      const session = reformer.sessions![0]!;
      await postSale(
        server.url,
        desk.frank,
        cashSale(cart([{ itemId: reformer.id, quantity: 1, sessionId: session.id, seatId: session.seats![0]!.id }], desk.items)),
      );
      const statuses = await Promise.all(Array.from({ length: 8 }, (_, i) => sellSocks(i + 1)));
      expect(statuses.every((s) => s.status === 201)).toBe(true);
      const feed = EventsResponseSchema.parse((await api(server.url, 'GET', '/events?after=0&limit=1000', { token: desk.registerToken })).body);
      expect(feed.events.map((e) => e.seq)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
      expect(feed.lastSeq).toBe(10);
      expect(feed.events.slice(0, 2).map((e) => e.type)).toEqual(['sale.created', 'availability.changed']);
      const changed = feed.events[1]!.items!.find((i) => i.id === reformer.id)!;
      expect(changed.sessions!.find((s) => s.id === session.id)!.seats![0]!.state).toBe('booked');
      expect(feed.events.filter((e) => e.type === 'sale.created')).toHaveLength(9);
      const page = (await api(server.url, 'GET', '/events?after=3&limit=2', { token: desk.registerToken })).body;
      expect(page.events.map((e: ServerEvent) => e.seq)).toEqual([4, 5]);
      expect(page.lastSeq).toBe(10);
      const staff = await api(server.url, 'GET', '/events?after=0', { token: desk.frank });
      expect(staff.status).toBe(401);
    });

    it('replays stored events after afterSeq over Socket.IO, then pushes live ones, and answers time', async () => {
      const lastSeq = (await api(server.url, 'GET', '/events?after=0', { token: desk.registerToken })).body.lastSeq as number;
      const socket = openSocket(server.url, { token: desk.registerToken, afterSeq: lastSeq - 3 });
      const received: ServerEvent[] = [];
      let waiter: (() => void) | undefined;
      socket.on('event', (event: unknown, ack?: () => void) => {
        received.push(ServerEventSchema.parse(event));
        ack?.();
        waiter?.();
      });
      const until = (n: number) =>
        new Promise<void>((resolve) => {
          waiter = () => received.length >= n && resolve();
          waiter();
        });
      try {
        await until(3);
        expect(received.map((e) => e.seq)).toEqual([lastSeq - 2, lastSeq - 1, lastSeq]);
        const time = await socket.timeout(2000).emitWithAck('time');
        expect(time).toEqual({ serverTime: clock });
        await sellSocks();
        await sellSocks();
        await until(5);
        expect(received.map((e) => e.seq)).toEqual([lastSeq - 2, lastSeq - 1, lastSeq, lastSeq + 1, lastSeq + 2]);
        expect(received[3]).toMatchObject({ type: 'sale.created', sale: expect.objectContaining({ staffName: 'Frank' }) });
      } finally {
        socket.disconnect();
      }
    });

    it.each([
      ['no auth at all', undefined, 'invalid_request'],
      ['a token of the wrong type', { token: 42 }, 'invalid_request'],
      ['a negative afterSeq', { token: 'fdr_whatever', afterSeq: -1 }, 'invalid_request'],
      ['an oversized token', { token: 'x'.repeat(600) }, 'invalid_request'],
      ['an unknown token', { token: 'fdr_unknownunknownunknown', afterSeq: 0 }, 'unauthorized'],
      ['a staff token', 'staff', 'unauthorized'],
    ] as const)('refuses a socket with %s (connect_error carries the code)', async (_, auth, code) => {
      const socket = openSocket(server.url, auth === 'staff' ? { token: desk.frank } : auth);
      try {
        const error = await connectError(socket);
        expect(error.data).toMatchObject({ code, message: expect.any(String) });
        expect(error.message.length).toBeGreaterThan(10);
      } finally {
        socket.disconnect();
      }
    });
  });
}
