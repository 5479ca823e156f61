import { afterAll, beforeAll, expect } from 'vitest';
import { dispatchIpc, type IpcError } from '../../../shared/contract/ipc';
import { enrollAndSignIn, localRows, startEngine, type TestEngine, type TestEngineOptions } from './engine-harness';
import { startServerForEngine, type EngineTestServer } from './server';
import { tempDir } from './temp-database';

// One enrolled engine (Frank signed in, live) on a real server for a whole test file, and the check every refusal
// test makes: the command is refused with a code, and the register's database is exactly as it was.

export function sharedEngine(tables: readonly string[], options: Omit<TestEngineOptions, 'dataDir'> = {}) {
  let server: EngineTestServer;
  let engine: TestEngine;
  let data: ReturnType<typeof tempDir>;
  beforeAll(async () => {
    server = await startServerForEngine();
    data = tempDir();
    engine = await startEngine({ dataDir: data.dir, ...options });
    await enrollAndSignIn(engine, server.url);
    await engine.waitFor('live', (s) => s.connection.kind === 'live');
  }, 60_000);
  afterAll(async () => {
    await engine?.stop();
    await server?.close();
    data?.cleanup();
  });

  const fingerprint = (): string => {
    const rows = tables.map((t) => localRows(data.dir, `SELECT * FROM ${t} ORDER BY rowid`));
    return JSON.stringify({ rows, meta: localRows(data.dir, `SELECT * FROM meta WHERE key NOT IN ('catalogUpdatedAt', 'serverOffsetMs') ORDER BY key`) });
  };

  return {
    get engine() {
      return engine;
    },
    get server() {
      return server;
    },
    get dataDir() {
      return data.dir;
    },
    /** Runs the command as the renderer would and returns its refusal, after checking it changed nothing. */
    async refusal(method: string, input: unknown, code: string): Promise<IpcError> {
      const before = fingerprint();
      const result = await dispatchIpc(engine.handlers, method, input);
      expect(result.ok).toBe(false);
      if (result.ok) throw new Error(`${method} was not refused`);
      expect(result.error.code).toBe(code);
      expect(fingerprint()).toBe(before);
      return result.error;
    },
  };
}
