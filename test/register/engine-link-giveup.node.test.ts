import { afterEach, describe, expect, it } from 'vitest';
import { EXPIRY_SAFETY_MARGIN_MS } from '../../electron/register/link-machine';
import { startTestServer } from '../support/test-server';
import { startServerForEngine } from './support/server';
import { enrollAndSignIn, otherRegister, startEngine, type TestEngine } from './support/engine-harness';
import { mayaCartWithSeat, serverLink, waiting } from './support/link-harness';
import { createSettlingClock, trackedFetch } from './support/manual-clock';
import { tempDir } from './support/temp-database';

// When the register may stop waiting for a cancel it could not deliver: only while HTTP fails, only when no server
// read since the deadline said the link is still payable, and only by a server time it can vouch for (after a
// restart: a fresh answer, or the monotonic time elapsed since the remembered measurement). The engine runs on a
// manual clock: its polls, retries and deadline fire only when the test moves time, so a wrong give-up at any
// moment is caught at that moment.

const MINUTE = 60_000;
/** Past the default 15-minute link's expiry and the register's safety margin. */
const PAST_DEADLINE = 17 * MINUTE;

const gaveUp = (engine: TestEngine) =>
  engine.pushes.some((p) => p.type === 'snapshot' && p.snapshot.notices.some((n) => /could not reach the server/.test(n.message)));

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('register engine: giving up on a cancel it could not deliver', () => {
  it('deadline passed, server reachable, link still pending: the cart stays locked and the cancel is retried until it succeeds', async () => {
    // The card processor is out of reach: the server can neither cancel the link (5xx) nor let its sweeper expire it.
    let serverAhead = 0;
    let processorDown = false;
    const server = await startTestServer({
      now: () => Date.now() + serverAhead,
      server: {
        wrapProcessor: (processor) => ({
          ...processor,
          cancelIntent: async (link) => {
            if (processorDown) throw new Error('the card processor did not answer');
            return processor.cancelIntent(link);
          },
        }),
      },
    });
    cleanups.push(() => server.close());
    let cancelRefused = true;
    const cancels: number[] = [];
    const fetchThrough: typeof fetch = async (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      if (init?.method === 'POST' && /\/payment-links\/[^/]+\/cancel$/.test(url.pathname) && cancelRefused) {
        cancels.push(503);
        const body = { error: { code: 'internal_error', message: 'The card processor could not be reached.' } };
        return new Response(JSON.stringify(body), { status: 503, headers: { 'content-type': 'application/json' } });
      }
      const response = await fetch(input, init);
      if (init?.method === 'POST' && url.pathname.endsWith('/cancel')) cancels.push(response.status);
      return response;
    };
    const data = tempDir();
    cleanups.push(data.cleanup);
    const io = trackedFetch(fetchThrough);
    const clock = createSettlingClock(io.settle);
    // Staff stay signed in over the 17 minutes (the sign-out after inactivity is tested elsewhere).
    const engine = await startEngine({ dataDir: data.dir, clock, fetch: io.fetch, pollIntervalMs: 200, inactivityMs: 60 * MINUTE });
    cleanups.push(() => engine.stop());
    await enrollAndSignIn(engine, server.url);
    await engine.waitFor('live', (s) => s.connection.kind === 'live');
    await mayaCartWithSeat(engine);
    const sent = await engine.call('link.send', { channels: ['sms'] });
    expect(waiting(sent)).toBe(true);
    // Socket down, HTTP up: the register polls, and each 5xx makes it think HTTP is failing for a moment.
    for (const socket of engine.sockets) {
      socket.connect = () => socket;
      socket.disconnect();
    }
    await engine.waitFor('polling', (s) => s.connection.kind === 'polling');

    processorDown = true;
    const canceled = await engine.call('link.cancel', {});
    expect(canceled.activeLink).toMatchObject({ status: 'pending', phase: 'cancel_queued' });
    expect(cancels).toEqual([503]);

    // 17 minutes pass for everyone: the link's deadline (expiry + margin) is behind, the server still says pending.
    serverAhead += PAST_DEADLINE;
    await clock.jump(PAST_DEADLINE);
    await server.jobs.sweepExpired(); // the sweeper tries, and cannot close it
    const observer = await otherRegister(server.url);
    expect((await serverLink(server.url, observer.registerToken, sent.activeLink!.id!)).json.link.status).toBe('pending');
    const before = cancels.length;
    // 10 s of polls (every 200 ms) and outbox retries, each judged as it happens.
    await clock.advance(10_000);
    const held = await engine.snapshot();
    expect(gaveUp(engine)).toBe(false);
    expect(held.activeLink).toMatchObject({ status: 'pending', phase: 'cancel_queued', expiresInMs: 0 });
    await expect(engine.call('cart.clear', {})).rejects.toMatchObject({ code: 'cart_locked' });
    expect(cancels.length).toBeGreaterThan(before); // retried meanwhile
    expect(cancels.every((status) => status === 503)).toBe(true);

    // The processor answers again: the retried cancel goes through and the cart opens.
    processorDown = false;
    cancelRefused = false;
    // The sweeper may close the link before the cancel's next retry: wait for the outbox to drain as well, so the
    // cancel's own answer is known (the server answers 200 for a link it already expired).
    await clock.advance(61_000); // the outbox's next retry (backoff at most a minute)
    const done = await engine.snapshot();
    expect(cancels.at(-1)).toBe(200);
    expect(['canceled', 'expired']).toContain(done.activeLink!.status);
    expect(done.outbox.pending).toBe(0);
    expect(gaveUp(engine)).toBe(false);
    expect((await engine.call('cart.clear', {})).cart!.lines).toEqual([]);
  });

  it('restarted offline with the PC clock moved forward: no giving up until the monotonic time says the deadline passed', async () => {
    const server = await startServerForEngine();
    const data = tempDir();
    cleanups.push(data.cleanup);
    const io = trackedFetch();
    const clock = createSettlingClock(io.settle);
    const engine = await startEngine({ dataDir: data.dir, clock, fetch: io.fetch });
    await enrollAndSignIn(engine, server.url);
    await engine.waitFor('live', (s) => s.connection.kind === 'live');
    await mayaCartWithSeat(engine);
    const sent = await engine.call('link.send', { channels: ['sms'] });
    // On the manual clock no time passes during I/O: the deadline is this far ahead on the monotonic clock.
    const deadlineIn = sent.activeLink!.expiresInMs! + EXPIRY_SAFETY_MARGIN_MS;
    await server.close();
    await clock.advance(5000); // the poll finds the server gone
    expect((await engine.snapshot()).connection.kind).toBe('offline');
    expect((await engine.call('link.cancel', {})).activeLink).toMatchObject({ phase: 'cancel_queued' });
    await engine.stop();

    // The PC's clock jumps 20 minutes while the app is closed; hardly any real time passes.
    clock.shiftWall(20 * MINUTE);
    const again = await startEngine({ dataDir: data.dir, clock, fetch: io.fetch, serverUrl: 'http://127.0.0.1:9', pollIntervalMs: 200 });
    cleanups.push(() => again.stop());
    await clock.advance(1000); // offline polls judge the link: the PC clock says it is long past, the monotonic one does not
    expect((await again.snapshot()).connection.kind).toBe('offline');
    await again.call('staff.signIn', { pin: '2222' }); // offline sign-in
    expect(gaveUp(again)).toBe(false);
    expect((await again.snapshot()).activeLink).toMatchObject({ status: 'pending', phase: 'cancel_queued' });
    await expect(again.call('cart.clear', {})).rejects.toMatchObject({ code: 'cart_locked' });

    // Time passes, still offline, polled every 200 ms: not a poll before the deadline gives up (a few seconds of
    // slack for the server's own clock moving while the test ran); the first ones after it do.
    await clock.jump(deadlineIn - 6000 - 1000);
    await clock.advance(1000);
    expect(gaveUp(again)).toBe(false);
    expect((await again.snapshot()).activeLink!.phase).toBe('cancel_queued');
    await clock.advance(12_000);
    const open = await again.snapshot();
    expect(open.activeLink!.phase).toBe('given_up');
    expect(open.activeLink!.status).toBe('canceled');
    expect(open.notices.at(-1)!.message).toMatch(/could not reach the server/);
  });
});
