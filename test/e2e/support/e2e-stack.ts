import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { IpcMethod, IpcOutput } from '../../../shared/contract/ipc';

// The Playwright side of stack-process.ts: starts it, waits for the server, and drives registers over stdin.

export type RegisterHandle = {
  url: string;
  call<M extends IpcMethod>(method: M, input?: unknown): Promise<IpcOutput<M>>;
  close(): Promise<void>;
};
export type E2eStack = {
  serverUrl: string;
  /** A register enrolled with the demo studio; `{ enroll: false }` leaves it on its enrollment screen. */
  startRegister(name: string, options?: { enroll?: boolean }): Promise<RegisterHandle>;
  /** Takes the server down (its data stays) and brings it back on the same port. */
  stopServer(): Promise<void>;
  startServer(): Promise<void>;
  /** Moves the server's clock forward and runs its expiry sweep: links whose TTL has passed end now. */
  advanceServerClock(ms: number): Promise<{ expired: number }>;
  close(): Promise<void>;
};

export type StackOptions = {
  /** The server's LINK_TTL_SECONDS (default 900); `advanceServerClock` makes it pass without waiting. */
  linkTtlSeconds?: number;
};

export async function startStack(options: StackOptions = {}): Promise<E2eStack> {
  const child = spawn(resolve('node_modules/.bin/tsx'), [resolve('test/e2e/support/stack-process.ts'), JSON.stringify(options)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const waiting = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let nextId = 1;
  let onReady: (serverUrl: string) => void = () => undefined;
  const ready = new Promise<string>((done, fail) => {
    onReady = done;
    void exited.then(() => fail(new Error('The e2e stack process exited before it was ready.')));
  });

  createInterface({ input: child.stdout! }).on('line', (line) => {
    let message: { ready?: boolean; serverUrl?: string; id?: number; ok?: boolean; value?: unknown; error?: string };
    try {
      message = JSON.parse(line);
    } catch {
      return console.log(`[stack] ${line}`);
    }
    if (message.ready && message.serverUrl) return onReady(message.serverUrl);
    const pending = message.id === undefined ? undefined : waiting.get(message.id);
    if (!pending) return;
    waiting.delete(message.id!);
    if (message.ok) pending.resolve(message.value);
    else pending.reject(new Error(message.error));
  });

  const request = (body: Record<string, unknown>): Promise<unknown> => {
    const id = nextId++;
    return new Promise((resolvePending, reject) => {
      waiting.set(id, { resolve: resolvePending, reject });
      child.stdin!.write(`${JSON.stringify({ id, ...body })}\n`);
    });
  };

  const serverUrl = await ready;
  return {
    serverUrl,
    async startRegister(name, options = {}) {
      const { register, url } = (await request({ op: 'startRegister', name, enroll: options.enroll ?? true })) as { register: number; url: string };
      return {
        url,
        call: (method, input = {}) => request({ op: 'call', register, method, input }) as never,
        close: async () => void (await request({ op: 'closeRegister', register })),
      };
    },
    stopServer: async () => void (await request({ op: 'stopServer' })),
    startServer: async () => void (await request({ op: 'startServer' })),
    advanceServerClock: async (ms) => (await request({ op: 'advanceServerClock', ms })) as { expired: number },
    async close() {
      child.stdin!.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
