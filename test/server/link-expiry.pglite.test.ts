import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../support/test-server';
import { api, demoDesk } from '../support/server-api-client';
import {
  capacityViolations,
  card,
  CARD,
  countRows,
  getLink,
  linkBody,
  mayaCart,
  openPage,
  payUrl,
  postForm,
  postLink,
  resend,
} from '../support/server-link-helpers';

const waitFor = async (check: () => Promise<boolean>, ms: number) => {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
};

describe('link expiry (server clock injected, LINK_TTL_SECONDS)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'fd-link-expiry-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('expires a link by itself within a second of expiresAt, releasing its holds, and the page takes no payment', async () => {
    let now = Date.now();
    const server = await startTestServer({ now: () => now });
    try {
      const desk = await demoDesk(server.url);
      const created = await postLink(server.url, desk.frank, linkBody(mayaCart(desk)));
      const link = created.body.link;
      const deadline = Date.parse(link.expiresAt);
      expect(deadline - now).toBe(900_000);

      now = deadline - 1; // one millisecond before: still payable
      expect(await server.jobs.sweepExpired()).toBe(0);
      expect((await getLink(server.url, desk.frank, link.id)).body.link.status).toBe('pending');

      now = deadline;
      const started = Date.now();
      expect(await waitFor(async () => (await getLink(server.url, desk.frank, link.id)).body.link.status === 'expired', 1000)).toBe(true);
      expect(Date.now() - started).toBeLessThan(1000);
      const expired = (await getLink(server.url, desk.frank, link.id)).body.link;
      expect(expired.expiredAt).toBe(new Date(deadline).toISOString());
      expect(await countRows(server.db, 'holds', `link_id = '${link.id}' and status = 'active'`)).toBe(0);
      const types = (await api(server.url, 'GET', '/events?after=0', { token: desk.registerToken })).body.events.map((e: any) => e.type);
      expect(types.filter((t: string) => t !== 'link.delivery')).toEqual(['link.created', 'availability.changed', 'link.expired', 'availability.changed']);

      const page = await openPage(link.url);
      expect(page.text).toContain('data-state="expired"');
      expect(page.text).not.toContain('name="cardNumber"');
      const paid = await postForm(payUrl(link.url), card(CARD.ok));
      expect(paid.status).toBe(409);
      expect(await countRows(server.db, 'payment_attempts')).toBe(0);
      expect(await countRows(server.db, 'sales')).toBe(0);
      expect((await resend(server.url, desk.frank, link.id)).body.error.code).toBe('link_not_payable');
      expect(await capacityViolations(server.db)).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('honours LINK_TTL_SECONDS', async () => {
    const now = Date.now();
    const server = await startTestServer({ now: () => now, linkTtlSeconds: 30 });
    try {
      const desk = await demoDesk(server.url);
      const link = (await postLink(server.url, desk.frank, linkBody(mayaCart(desk)))).body.link;
      expect(Date.parse(link.expiresAt) - Date.parse(link.createdAt)).toBe(30_000);
    } finally {
      await server.close();
    }
  });

  it('keeps pending links across a restart, expires them on time after it, and expires overdue ones at start', async () => {
    let now = Date.now();
    const first = await startTestServer({ dataDir, now: () => now });
    const desk = await demoDesk(first.url);
    const soon = (await postLink(first.url, desk.frank, linkBody(mayaCart(desk)))).body.link;
    now += 5 * 60_000;
    const later = (await postLink(first.url, desk.frank, linkBody(mayaCart(desk)))).body.link;
    await first.close();

    // Down past the first link's deadline, but not the second's.
    now = Date.parse(soon.expiresAt) + 60_000;
    const second = await startTestServer({ dataDir, port: first.port, now: () => now });
    try {
      expect((await getLink(second.url, desk.frank, soon.id)).body.link.status).toBe('expired');
      expect((await getLink(second.url, desk.frank, later.id)).body.link.status).toBe('pending');
      now = Date.parse(later.expiresAt);
      expect(await waitFor(async () => (await getLink(second.url, desk.frank, later.id)).body.link.status === 'expired', 1000)).toBe(true);
      // The events of before and after the restart replay in order from the feed.
      const feed = (await api(second.url, 'GET', '/events?after=0', { token: desk.registerToken })).body.events;
      const seqs = feed.map((e: any) => e.seq);
      expect(seqs).toEqual(seqs.map((_: number, i: number) => i + 1));
      const linkTypes = feed.filter((e: any) => e.linkId && e.type !== 'link.delivery').map((e: any) => [e.type, e.linkId]);
      expect(linkTypes).toEqual([
        ['link.created', soon.id],
        ['link.created', later.id],
        ['link.expired', soon.id],
        ['link.expired', later.id],
      ]);
      expect(await capacityViolations(second.db)).toEqual([]);
    } finally {
      await second.close();
    }
  });
});
