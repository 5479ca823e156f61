import { startTestServer } from '../../support/test-server';
import { tempDir } from './temp-database';

// The real server for engine tests, through the shared harness (demo seed, loopback, PGlite from a template).
// A restart with the same dataDir and port keeps the data.
export type EngineTestServer = {
  url: string;
  port: number;
  close: () => Promise<void>;
  /** Run the server's background jobs now instead of waiting for their timers. */
  jobs: { sweepExpired(): Promise<number>; deliverQueued(): Promise<number> };
};

export async function startServerForEngine(
  options: { dataDir?: string; port?: number; now?: () => number; linkTtlSeconds?: number } = {},
): Promise<EngineTestServer> {
  const server = await startTestServer({
    seed: 'demo',
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.port !== undefined ? { port: options.port } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.linkTtlSeconds !== undefined ? { linkTtlSeconds: options.linkTtlSeconds } : {}),
  });
  return { url: server.url, port: server.port, jobs: server.jobs, close: () => server.close() };
}

/**
 * A server on its own data folder that a test can stop and start again on the same port, keeping its data: the
 * shape of every "the server went down mid-way" test. Its cleanup is pushed onto the test's list.
 */
export async function restartableServer(cleanups: Array<() => unknown>) {
  const data = tempDir('fd-srv-');
  cleanups.push(data.cleanup);
  let current = await startServerForEngine({ dataDir: data.dir });
  const port = current.port;
  let up = true;
  cleanups.push(() => (up ? current.close() : undefined));
  return {
    get url() {
      return current.url;
    },
    async stop() {
      up = false;
      await current.close();
    },
    async start() {
      current = await startServerForEngine({ dataDir: data.dir, port });
      up = true;
    },
  };
}
