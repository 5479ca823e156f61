import { startTestServer } from '../../support/test-server';

// The real server for engine tests, through the shared harness (demo seed, loopback, PGlite from a template).
// A restart with the same dataDir and port keeps the data.
export type EngineTestServer = {
  url: string;
  port: number;
  close(): Promise<void>;
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
