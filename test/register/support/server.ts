import { startTestServer } from '../../support/test-server';

// The real server for engine tests, through the shared harness (demo seed, loopback, PGlite from a template).
// A restart with the same dataDir and port keeps the data.
export type EngineTestServer = { url: string; port: number; close(): Promise<void> };

export async function startServerForEngine(options: { dataDir?: string; port?: number } = {}): Promise<EngineTestServer> {
  const server = await startTestServer({
    seed: 'demo',
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.port !== undefined ? { port: options.port } : {}),
  });
  return { url: server.url, port: server.port, close: () => server.close() };
}
