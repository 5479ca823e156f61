import { afterEach, describe, expect, it } from 'vitest';
import { createApiClient } from '../../electron/register/api-client';
import { enrollRegister } from '../../electron/register/enrollment';
import { getMeta } from '../../electron/register/meta-store';
import { identitySecretStore } from '../../electron/register/secret-store';
import { createServerClock } from '../../electron/register/server-clock';
import { startServerForEngine } from './support/server';
import { startEngine } from './support/engine-harness';
import { createManualClock } from './support/manual-clock';
import { openTempDatabase, tempDir } from './support/temp-database';

// Enrollment codes are rate limited on the server: the register passes `429 rate_limited` on as that code with
// the server's own sentence (when to try again), and stays not enrolled.

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('enrollment: rate limited', () => {
  it('enrollRegister passes a 429 on as rate_limited with the sentence and its details, storing nothing', async () => {
    const database = openTempDatabase();
    cleanups.push(database.cleanup);
    const clock = createManualClock();
    const sentence = 'Too many enrollment attempts from this address. Try again in 42 seconds.';
    const api = createApiClient({
      baseUrl: () => 'http://127.0.0.1:9',
      clock,
      serverClock: createServerClock(clock),
      fetch: (async () =>
        Response.json({ error: { code: 'rate_limited', message: sentence, details: { retryAfterSeconds: 42 } } }, { status: 429 })) as typeof fetch,
    });
    const input = { serverUrl: 'http://127.0.0.1:9', code: 'DEMO-ENROLL', name: 'Front Desk' };
    await expect(enrollRegister({ db: database.db, api, secretStore: identitySecretStore, now: clock.now }, input)).rejects.toMatchObject({
      code: 'rate_limited',
      message: sentence,
      details: { retryAfterSeconds: 42 },
      httpStatus: 429,
    });
    expect(getMeta(database.db, 'enrollment')).toBeNull();
  });

  it("against the real server: after 10 wrong codes the engine says rate_limited in the server's words", async () => {
    const server = await startServerForEngine();
    cleanups.push(() => server.close());
    const data = tempDir();
    cleanups.push(data.cleanup);
    const engine = await startEngine({ dataDir: data.dir });
    cleanups.push(() => engine.stop());
    const enroll = (code: string) => engine.call('register.enroll', { serverUrl: server.url, code, name: 'Front Desk' });
    for (let attempt = 0; attempt < 10; attempt++) {
      await expect(enroll(`WRONG-${attempt}`)).rejects.toMatchObject({ code: 'invalid_enrollment_code' });
    }
    const limited = await enroll('DEMO-ENROLL').catch((error: unknown) => error);
    expect(limited).toMatchObject({
      code: 'rate_limited',
      message: expect.stringMatching(/^Too many enrollment attempts from this address\. Try again in \d+ seconds\.$/),
      details: { retryAfterSeconds: expect.any(Number) },
    });
    expect((await engine.snapshot()).enrollment.kind).not.toBe('enrolled');
  });
});
