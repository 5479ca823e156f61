import { sql } from 'drizzle-orm';
import { io as connect, type Socket } from 'socket.io-client';
import { beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../server/src/db/database';
import { ServerEventSchema, SOCKET_NAMESPACE, type ServerEvent } from '../../shared/contract/events';
import { onPostgresNodes, type MultiNodeCluster } from '../support/multi-node';
import { api, demoDesk, type DemoDesk } from '../support/server-api-client';
import { CARD, capacityViolations, card, linkBody, mayaCart, payUrl, postForm, postLink, seatCart } from '../support/server-link-helpers';

// Three server processes on one PostgreSQL database: an event committed on any node reaches every node's
// register sockets, in seq order and gap-free, also across a dropped listener connection and a killed node.

/** A register's socket as the sync loop opens it: it acks each event and reconnects after the last seq it has. */
function registerSocket(url: string, token: string, afterSeq: number) {
  const received: ServerEvent[] = [];
  const cursor = () => received.at(-1)?.seq ?? afterSeq;
  const socket: Socket = connect(`${url}${SOCKET_NAMESPACE}`, {
    auth: (cb: (auth: object) => void) => cb({ token, afterSeq: cursor() }),
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  socket.on('event', (event: unknown, ack?: () => void) => {
    received.push(ServerEventSchema.parse(event));
    ack?.();
  });
  const connected = () => new Promise<void>((done) => (socket.connected ? done() : socket.once('connect', () => done())));
  return { socket, received, connected, seqs: () => received.map((event) => event.seq) };
}

/** The location's whole event feed, read from a node. */
async function feed(url: string, token: string): Promise<ServerEvent[]> {
  const answer = await api(url, 'GET', '/events?after=0&limit=1000', { token });
  if (answer.status !== 200) throw new Error(`GET /events: ${answer.status} ${answer.text}`);
  return answer.body.events as ServerEvent[];
}

/**
 * Waits until the socket has exactly what the table holds after `from` (asynchronous events such as deliveries
 * keep coming, so each poll reads the feed again), then checks that it came in seq order without gaps or repeats.
 */
async function expectInStepWithFeed(register: ReturnType<typeof registerSocket>, url: string, token: string, from: number): Promise<void> {
  await expect
    .poll(
      async () => {
        const stored = (await feed(url, token)).filter((e) => e.seq > from);
        return JSON.stringify(register.received.map((e) => [e.seq, e.type])) === JSON.stringify(stored.map((e) => [e.seq, e.type]));
      },
      { timeout: 15_000 },
    )
    .toBe(true);
  expect(register.seqs()).toEqual(range(from + 1, register.received.at(-1)?.seq ?? from));
}

const range = (from: number, to: number) => Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
/** The link's invoice page, served by another node than the one that wrote its url. */
const onNode = (linkUrl: string, nodeUrl: string) => `${nodeUrl}${new URL(linkUrl).pathname}`;

await onPostgresNodes('multi-node events', (startNodes) => {
  describe('three server processes on one PostgreSQL', () => {
    let cluster: MultiNodeCluster;
    let desk: DemoDesk;
    const node = (i: number) => cluster.nodes[i]!;
    const createLink = async (nodeIndex: number) => {
      const answer = await postLink(node(nodeIndex).url, desk.frank, linkBody(mayaCart(desk), { channels: ['email'] }));
      if (answer.status !== 201) throw new Error(`create link on ${node(nodeIndex).name}: ${answer.status} ${answer.text}`);
      return answer.body.link as { id: string; url: string };
    };
    const payOn = async (nodeIndex: number, link: { url: string }) => {
      const answer = await postForm(payUrl(onNode(link.url, node(nodeIndex).url)), card(CARD.ok));
      if (answer.status >= 400) throw new Error(`pay on ${node(nodeIndex).name}: ${answer.status}`);
    };
    const lastSeq = async () => (await api(node(0).url, 'GET', '/bootstrap', { token: desk.registerToken })).body.lastSeq as number;

    beforeAll(async () => {
      cluster = await startNodes({ nodes: 3 });
      desk = await demoDesk(node(0).url);
    }, 120_000);

    it('a socket on node A receives link.created made on node B and link.paid paid on node C, in order', async () => {
      const from = await lastSeq();
      const register = registerSocket(node(0).url, desk.registerToken, from);
      try {
        await register.connected();
        const link = await createLink(1);
        await expect.poll(() => register.received.some((e) => e.type === 'link.created' && e.linkId === link.id), { timeout: 10_000 }).toBe(true);
        await payOn(2, link);
        await expect.poll(() => register.received.find((e) => e.type === 'link.paid' && e.linkId === link.id)?.link?.saleId, { timeout: 10_000 }).toBeTruthy();
        await expectInStepWithFeed(register, node(2).url, desk.registerToken, from);
      } finally {
        register.socket.disconnect();
      }
    }, 60_000);

    it('after every listener connection is cut, node A catches up and still pushes node B’s events', async () => {
      const from = await lastSeq();
      const register = registerSocket(node(0).url, desk.registerToken, from);
      try {
        await register.connected();
        const terminated = rowsOf<{ ok: boolean }>(
          await cluster.db.execute(
            sql`select pg_terminate_backend(pid) as ok from pg_stat_activity where application_name = 'frontdesk-events' and datname = current_database()`,
          ),
        );
        expect(terminated.filter((row) => row.ok)).toHaveLength(3);
        const link = await createLink(1); // committed while the listeners may still be down: found by catch-up
        await expect.poll(() => register.received.some((e) => e.type === 'link.created' && e.linkId === link.id), { timeout: 15_000 }).toBe(true);
        await expect
          .poll(
            async () =>
              rowsOf(await cluster.db.execute(sql`select 1 from pg_stat_activity where application_name = 'frontdesk-events' and datname = current_database()`))
                .length,
            {
              timeout: 15_000,
            },
          )
          .toBe(3);
        await payOn(2, link);
        await expect.poll(() => register.received.some((e) => e.type === 'link.paid' && e.linkId === link.id), { timeout: 10_000 }).toBe(true);
        await expectInStepWithFeed(register, node(1).url, desk.registerToken, from);
      } finally {
        register.socket.disconnect();
      }
    }, 60_000);

    it('50 racers for one seat over the three nodes: exactly one link, the rest seat_unavailable', async () => {
      const answers = await Promise.all(
        Array.from({ length: 50 }, (_, i) => postLink(node(i % 3).url, desk.frank, linkBody(seatCart(desk, 'R9', 1), { channels: ['email'] }))),
      );
      const outcomes = answers.map((a) => (a.status === 201 ? 'created' : (a.body?.error?.code as string)));
      expect(outcomes.filter((o) => o === 'created')).toHaveLength(1);
      expect(outcomes.filter((o) => o === 'seat_unavailable')).toHaveLength(49);
      expect(await capacityViolations(cluster.db)).toEqual([]);
    }, 60_000);

    it('a node killed under a socket: the register reconnects to another node and replays every missed event in order', async () => {
      const from = await lastSeq();
      const register = registerSocket(cluster.balancerUrl, desk.registerToken, from); // the balancer sends it to node A
      try {
        await register.connected();
        const before = await createLink(1);
        await expect.poll(() => register.received.some((e) => e.linkId === before.id), { timeout: 10_000 }).toBe(true);
        const dropped = new Promise<void>((done) => register.socket.once('disconnect', () => done()));
        await node(0).kill();
        await dropped;
        // While the register is away: a payment on node C and a new link on node B.
        await payOn(2, before);
        const during = await createLink(1);
        const stored = (await feed(node(1).url, desk.registerToken)).filter((e) => e.seq > from);
        expect(stored.some((e) => e.type === 'link.paid' && e.linkId === before.id)).toBe(true);
        expect(stored.some((e) => e.type === 'link.created' && e.linkId === during.id)).toBe(true);
        register.socket.connect(); // through the balancer, now to node B, after the last seq it applied
        await register.connected();
        // Everything stored while it was away, up to the last (a delivery may follow the new link's creation).
        const lastStored = stored.at(-1)!.seq;
        await expect.poll(() => register.received.some((e) => e.seq === lastStored), { timeout: 15_000 }).toBe(true);
        expect(register.received.some((e) => e.type === 'link.created' && e.linkId === during.id)).toBe(true);
        expect(register.seqs().slice(0, stored.length)).toEqual(stored.map((e) => e.seq));
        expect(register.seqs()).toEqual(range(from + 1, register.received.at(-1)!.seq));
        // And live again: a payment on node C reaches the socket now on node B.
        await payOn(2, during);
        await expect.poll(() => register.received.some((e) => e.type === 'link.paid' && e.linkId === during.id), { timeout: 10_000 }).toBe(true);
        await expectInStepWithFeed(register, node(2).url, desk.registerToken, from);
      } finally {
        register.socket.disconnect();
      }
    }, 90_000);
  });
});
