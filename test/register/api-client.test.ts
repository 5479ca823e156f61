import { describe, expect, it } from 'vitest';
import { pathFor, routes } from '../../shared/contract/http';
import { AppError } from '../../shared/contract/errors';
import { createApiClient, isFinalAnswer } from '../../electron/register/api-client';
import { createServerClock } from '../../electron/register/server-clock';
import { createManualClock } from './support/manual-clock';

function client(respond: (url: string, init: RequestInit) => Response | Promise<Response>) {
  const clock = createManualClock();
  const serverClock = createServerClock(clock);
  const seen: Array<{ url: string; init: RequestInit }> = [];
  const reach: boolean[] = [];
  const api = createApiClient({
    baseUrl: () => 'http://127.0.0.1:9',
    clock,
    serverClock,
    fetch: (async (url: URL, init: RequestInit) => {
      seen.push({ url: String(url), init });
      return respond(String(url), init);
    }) as typeof fetch,
    onReachability: (r) => reach.push(r.ok),
  });
  return { api, seen, reach, serverClock, clock };
}

describe('api client', () => {
  it('sends the bearer token and idempotency key, and learns the server clock from the answer', async () => {
    const { api, seen, serverClock, clock } = client(() => Response.json({ ok: true, serverTime: 5_000_000 }, { status: 201 }));
    const answer = await api.request(routes.health, { token: 'fds_x', idempotencyKey: 'sale.create:1' });
    expect(answer).toEqual({ ok: true, serverTime: 5_000_000 });
    expect(seen[0]!.url).toBe('http://127.0.0.1:9/api/v1/health');
    const headers = seen[0]!.init.headers as Record<string, string>;
    expect(headers.authorization).toBe('Bearer fds_x');
    expect(headers['Idempotency-Key']).toBe('sale.create:1');
    expect(serverClock.now()).toBe(5_000_000);
    clock.set(0); // the PC clock jumps; server time follows the monotonic clock only
    clock.advance(1000);
    expect(serverClock.now()).toBe(5_001_000);
  });

  it('maps an error body to an AppError with the server code and sentence', async () => {
    const { api } = client(() =>
      Response.json({ error: { code: 'seat_unavailable', message: 'Seat R3 is taken.', details: { seatId: 'R3' } } }, { status: 409 }),
    );
    await expect(api.request(routes.createSale, { body: {} as never })).rejects.toMatchObject({
      code: 'seat_unavailable',
      message: 'Seat R3 is taken.',
      details: { seatId: 'R3' },
      httpStatus: 409,
    });
  });

  it('a network failure is server_unreachable and reported as such', async () => {
    const { api, reach } = client(() => {
      throw new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:9') });
    });
    const error = await api.send({ method: 'GET', path: '/api/v1/health' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('server_unreachable');
    expect((error as AppError).message).toMatch(/ECONNREFUSED/);
    expect(reach).toEqual([false]);
  });

  it('an answer that does not match the schema is refused, not trusted', async () => {
    const { api } = client(() => Response.json({ sale: { id: 5 } }));
    await expect(api.request(routes.getSale, { params: { id: 'sale_1' } })).rejects.toMatchObject({ code: 'internal_error' });
  });

  it('builds each path from the route table, every path parameter encoded as one segment', async () => {
    const { api, seen } = client(() => Response.json({ error: { code: 'not_found', message: 'No.' } }, { status: 404 }));
    await api.request(routes.cancelLink, { params: { id: 'a/../b c' }, body: {}, idempotencyKey: 'link.cancel:1' }).catch(() => undefined);
    await api.request(routes.events, { query: { after: 7, limit: 200 } }).catch(() => undefined);
    expect(seen.map((s) => [s.init.method, s.url])).toEqual([
      ['POST', 'http://127.0.0.1:9/api/v1/payment-links/a%2F..%2Fb%20c/cancel'],
      ['GET', 'http://127.0.0.1:9/api/v1/events?after=7&limit=200'],
    ]);
    expect(pathFor(routes.getLink, { id: '%00' })).toBe('/api/v1/payment-links/%2500');
  });

  it.each([
    [201, true],
    [400, true],
    [409, true],
    [422, true],
    [401, true],
    [408, false],
    [429, false],
    [500, false],
    [503, false],
  ])('status %i final: %s', (status, final) => {
    expect(isFinalAnswer(status)).toBe(final);
  });
  it("counts a 5xx in the server's own error shape as reached, and a bare 5xx (a proxy) or no answer as failed", async () => {
    const answers = [
      () => Response.json({ error: { code: 'internal_error', message: 'The card processor did not answer.' }, serverTime: 5_000 }, { status: 503 }),
      () => new Response('<html>Bad gateway</html>', { status: 502 }),
      () => Promise.reject(new TypeError('fetch failed')),
    ];
    let next = 0;
    const { api, reach } = client(() => answers[next++]!());
    for (let i = 0; i < answers.length; i++) {
      await api.send({ method: 'POST', path: '/api/v1/payment-links/x/cancel', body: {} }).catch(() => undefined);
    }
    expect(reach).toEqual([true, false, false]);
  });
});
