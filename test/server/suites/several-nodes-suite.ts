import { describe, expect, it } from 'vitest';
import type { ServerBackend } from '../../support/server-backends';
import { api, enroll } from '../../support/server-api-client';
import type { TestServer } from '../../support/test-server';

// Several server nodes (in-process app instances) on one PostgreSQL database: limits are counted in the database.
// Needs a backend that can start another node on a started node's database. (The expiry sweepers' claims on
// several nodes: expiry-claims-suite.ts.)

const NODES = 4;

export function severalNodesSuite(backend: ServerBackend) {
  describe(`several nodes on one database (${backend.name})`, () => {
    const startNodes = async (opts: Parameters<ServerBackend['start']>[0] = {}): Promise<TestServer[]> => {
      const first = (await backend.start(opts)) as TestServer & { databaseUrl: string };
      const others = await Promise.all(Array.from({ length: NODES - 1 }, () => backend.startAnother!(first.databaseUrl, opts)));
      return [first, ...others];
    };

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
