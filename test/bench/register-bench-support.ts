import { performance } from 'node:perf_hooks';
import { io } from 'socket.io-client';
import { enrollAndSignIn, startEngine, type TestEngine } from '../register/support/engine-harness';
import { tempDir } from '../register/support/temp-database';
import type { LinkState } from '../../electron/register/link-machine';

// Real register engines (SQLite in a temp folder) against a real server on loopback, for the engine benches.

export type BenchEngine = { engine: TestEngine; dataDir: string; close(): Promise<void> };

/**
 * An enrolled engine with Frank (2222) signed in. `socket: false` makes an engine whose socket never connects,
 * so it can only learn by polling (the "polling" state of DESIGN.md section 6).
 */
export async function startBenchEngine(serverUrl: string, options: { pollIntervalMs: number; socket: boolean; fetch?: typeof fetch }): Promise<BenchEngine> {
  const data = tempDir('fd-bench-');
  const engine = await startEngine({
    dataDir: data.dir,
    pollIntervalMs: options.pollIntervalMs,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.socket
      ? {}
      : {
          connectSocket: (url, opts) => {
            const socket = io(url, { ...opts, autoConnect: false });
            socket.connect = () => socket; // never up: every event must come from the 5-second poll
            return socket;
          },
        }),
  });
  await enrollAndSignIn(engine, serverUrl, '2222');
  const wanted = options.socket ? 'live' : 'polling';
  await engine.waitFor(wanted, (s) => s.connection.kind === wanted, 20_000);
  return {
    engine,
    dataDir: data.dir,
    async close() {
      await engine.stop();
      data.cleanup();
    },
  };
}

/** Resolves with performance.now() at the first pushed snapshot that satisfies the predicate. */
export function pushedWhen(
  engine: TestEngine,
  what: string,
  predicate: (m: Parameters<Parameters<TestEngine['onPush']>[0]>[0]) => boolean,
  timeoutMs = 30_000,
) {
  return new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out waiting for ${what}`));
    }, timeoutMs);
    const off = engine.onPush((message) => {
      if (!predicate(message)) return;
      clearTimeout(timer);
      off();
      resolve(performance.now());
    });
  });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether a local link state is what the server says of it now: paid (its sale recorded), canceled, expired, or still waiting. */
export function isServerTruth(state: LinkState, server: 'paid' | 'canceled' | 'expired' | 'pending'): boolean {
  if (server === 'paid') return state.kind === 'paid' && state.saleRecorded;
  if (server === 'pending') return false;
  return state.kind === 'closed' && state.outcome === server;
}
