import { describe, expect, it } from 'vitest';
import { parseServerConfig } from '../../server/src/config';
import Fastify from 'fastify';
import { clientAddress, trustedHops } from '../../server/src/http/client-address';
import { demoDesk } from '../support/server-api-client';
import { linkBody, mayaCart, openPage, postLink } from '../support/server-link-helpers';
import { startTestServer } from '../support/test-server';

describe('TRUST_PROXY: the client address behind a load balancer', () => {
  it('is off by default, takes a hop count, and refuses anything else with a sentence naming it', () => {
    const defaults = parseServerConfig({});
    expect(defaults.ok && defaults.config).toMatchObject({ trustProxyHops: 0 });
    for (const [value, hops] of [
      ['false', 0],
      ['0', 0],
      ['1', 1],
      ['2', 2],
      ['10', 10],
    ] as const) {
      const result = parseServerConfig({ TRUST_PROXY: value });
      expect(result.ok && result.config.trustProxyHops).toBe(hops);
    }
    for (const value of ['true', 'yes', '-1', '11', '1.5', '10.0.0.0/8']) {
      const result = parseServerConfig({ TRUST_PROXY: value });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.message).toMatch(/^Invalid server settings: TRUST_PROXY must be the number of proxies .* \(got /);
    }
  });

  it('believes only the entries the trusted proxies appended', async () => {
    // The server's own setting (fastify's trustProxy) and address rule, on a request from the socket peer 10.0.0.5.
    const clientAddressOf = async (forwardedFor: string | string[] | undefined, hops: number) => {
      const app = Fastify({ trustProxy: trustedHops(hops) });
      app.get('/', async (request) => clientAddress(request));
      const answer = await app.inject({ url: '/', remoteAddress: '10.0.0.5', headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor } });
      await app.close();
      return answer.body;
    };
    // Off: the socket peer, whatever the header says.
    expect(await clientAddressOf('203.0.113.7', 0)).toBe('10.0.0.5');
    // One proxy: the entry it appended (the last); a client's own entries further left are ignored.
    expect(await clientAddressOf('203.0.113.7', 1)).toBe('203.0.113.7');
    expect(await clientAddressOf('1.2.3.4, 203.0.113.7', 1)).toBe('203.0.113.7');
    expect(await clientAddressOf(['1.2.3.4', '203.0.113.7'], 1)).toBe('203.0.113.7');
    // Two proxies (CDN then load balancer): the CDN's entry is the client, the load balancer's is the CDN.
    expect(await clientAddressOf('1.2.3.4, 203.0.113.7, 198.51.100.2', 2)).toBe('203.0.113.7');
    // Shorter chain than the hops: its leftmost entry; no header: the peer; garbage: the peer.
    expect(await clientAddressOf('203.0.113.7', 3)).toBe('203.0.113.7');
    expect(await clientAddressOf(undefined, 1)).toBe('10.0.0.5');
    expect(await clientAddressOf('not-an-address', 1)).toBe('10.0.0.5');
    expect(await clientAddressOf('2001:db8::1', 1)).toBe('2001:db8::1');
  });

  it.each([
    [0, [200, 429, 429]],
    [1, [200, 200, 429]],
  ] as const)('TRUST_PROXY=%i: the invoice page limit counts %j for two clients behind one proxy', async (hops, expected) => {
    const now = Date.now();
    const server = await startTestServer({ now: () => now, server: { trustProxyHops: hops, invoiceRateLimit: { max: 1, windowMs: 60_000 } } });
    try {
      const desk = await demoDesk(server.url);
      const link = (await postLink(server.url, desk.frank, linkBody(mayaCart(desk)))).body.link;
      const statuses = [];
      // Every request reaches the node from the proxy (loopback); the header names the client behind it.
      for (const client of ['203.0.113.7', '203.0.113.8', '203.0.113.7']) {
        statuses.push((await openPage(link.url, { 'x-forwarded-for': `9.9.9.9, ${client}` })).status);
      }
      expect(statuses).toEqual(expected);
    } finally {
      await server.close();
    }
  });
});
