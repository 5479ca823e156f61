import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { rowsOf } from '../../../server/src/db/database';
import type { PaymentProcessor } from '../../../server/src/payments/processor';
import type { ServerBackend } from '../../support/server-backends';
import { api, demoDesk, enroll } from '../../support/server-api-client';
import { linkBody, mayaCart, postLink } from '../../support/server-link-helpers';
import type { TestServer } from '../../support/test-server';

// Several server nodes (in-process app instances) on one PostgreSQL database: background jobs claim their work,
// limits are counted in the database. Needs a backend that can start another node on a started node's database.

const NODES = 4;

export function severalNodesSuite(backend: ServerBackend) {
  describe(`several nodes on one database (${backend.name})`, () => {
    const startNodes = async (opts: Parameters<ServerBackend['start']>[0] = {}): Promise<TestServer[]> => {
      const first = (await backend.start(opts)) as TestServer & { databaseUrl: string };
      const others = await Promise.all(Array.from({ length: NODES - 1 }, () => backend.startAnother!(first.databaseUrl, opts)));
      return [first, ...others];
    };

    it('four sweepers, a short TTL: each link expires once, with one link.expired and one processor cancel', async () => {
      let now = Date.now();
      const cancels = new Map<string, number>();
      // A slow cancel keeps every node's pass over the due links overlapping.
      const wrapProcessor = (processor: PaymentProcessor): PaymentProcessor => ({
        ...processor,
        cancelIntent: async (link) => {
          cancels.set(link.id, (cancels.get(link.id) ?? 0) + 1);
          await new Promise((done) => setTimeout(done, 20));
          return processor.cancelIntent(link);
        },
      });
      const nodes = await startNodes({ now: () => now, linkTtlSeconds: 5, server: { wrapProcessor } });
      try {
        const desk = await demoDesk(nodes[0]!.url);
        const links = [];
        for (let i = 0; i < 8; i += 1) {
          const node = nodes[i % NODES]!;
          const created = await postLink(node.url, desk.frank, linkBody(mayaCart(desk)));
          expect(created.status).toBe(201);
          links.push(created.body.link);
        }
        now += 5_000;
        const expired = await Promise.all(nodes.map((node) => node.jobs.sweepExpired()));
        // The nodes' own timers may have taken some of them first: together, every link once.
        await Promise.all(nodes.map((node) => node.jobs.sweepExpired()));
        expect(expired.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(links.length);
        const db = nodes[0]!.db;
        const statuses = rowsOf<{ status: string }>(await db.execute(sql`select status from payment_links`)).map((r) => r.status);
        expect(statuses).toEqual(links.map(() => 'expired'));
        const events = rowsOf<{ link_id: string; n: number }>(
          await db.execute(sql`select payload->>'linkId' as link_id, count(*)::int as n from events where type = 'link.expired' group by 1`),
        );
        expect(Object.fromEntries(events.map((e) => [e.link_id, Number(e.n)]))).toEqual(Object.fromEntries(links.map((l) => [l.id, 1])));
        expect(Object.fromEntries(cancels)).toEqual(Object.fromEntries(links.map((l) => [l.id, 1])));
      } finally {
        await Promise.all(nodes.map((node) => node.close()));
      }
    });

    it('5 wrong PINs spread over the nodes: the sixth is 429 on any node; a minute later the right PIN works', async () => {
      let now = Date.now();
      const nodes = await startNodes({ now: () => now });
      try {
        const { token } = await enroll(nodes[0]!.url);
        for (let i = 0; i < 5; i += 1) {
          const wrong = await api(nodes[i % NODES]!.url, 'POST', '/sessions', { token, body: { pin: '9999' } });
          expect([i, wrong.status, wrong.body.error.code]).toEqual([i, 401, 'invalid_pin']);
        }
        for (const node of nodes) {
          const locked = await api(node.url, 'POST', '/sessions', { token, body: { pin: '2222' } });
          expect(locked.status).toBe(429);
          expect(locked.body.error.code).toBe('too_many_attempts');
        }
        now += 61_000;
        expect((await api(nodes[3]!.url, 'POST', '/sessions', { token, body: { pin: '2222' } })).status).toBe(201);
      } finally {
        await Promise.all(nodes.map((node) => node.close()));
      }
    });

    it('40 wrong PINs at once over the nodes: at most 5 answered 401, the rest 429', async () => {
      const now = Date.now();
      const nodes = await startNodes({ now: () => now });
      try {
        const { token } = await enroll(nodes[0]!.url);
        const answers = await Promise.all(
          Array.from({ length: 40 }, (_, i) => api(nodes[i % NODES]!.url, 'POST', '/sessions', { token, body: { pin: String(7000 + i) } })),
        );
        const statuses = answers.map((a) => a.status);
        expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
        expect(statuses.filter((s) => s !== 401 && s !== 429)).toEqual([]);
      } finally {
        await Promise.all(nodes.map((node) => node.close()));
      }
    });
  });
}
