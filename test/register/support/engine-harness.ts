import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import type { Socket } from 'socket.io-client';
import { io } from 'socket.io-client';
import type { CatalogItem } from '../../../shared/contract/entities';
import { dispatchIpc, type IpcInput, type IpcMethod, type IpcOutput } from '../../../shared/contract/ipc';
import { IpcCallError } from '../../../shared/contract/ipc-client';
import type { PushMessage, RegisterSnapshot } from '../../../shared/contract/register-view';
import { systemClock, type EngineClock } from '../../../electron/register/engine-clock';
import { createRegisterEngine, type RegisterEngine, type RegisterEngineOptions } from '../../../electron/register/engine';
import { DATABASE_FILE, openRegisterStore } from '../../../electron/register/register-store';
import { createTimeSource } from '../../../electron/register/time-source';

export type TestEngine = RegisterEngine & {
  call: <M extends IpcMethod>(method: M, input: IpcInput<M>) => Promise<IpcOutput<M>>;
  snapshot(): Promise<RegisterSnapshot>;
  waitFor(what: string, predicate: (s: RegisterSnapshot) => boolean, timeoutMs?: number): Promise<RegisterSnapshot>;
  sockets: Socket[];
  /** Every message the engine pushed, in order. */
  pushes: PushMessage[];
};

export type TestEngineOptions = Partial<Omit<RegisterEngineOptions, 'store' | 'time'>> & {
  dataDir: string;
  /** The engine's clock and timers (default: the system's); its store and time source are made from it here. */
  clock?: EngineClock;
  migrationsFolder?: string;
};

/** The engine with its handlers reached through dispatchIpc, as the renderer reaches them. */
export async function startEngine(options: TestEngineOptions): Promise<TestEngine> {
  const sockets: Socket[] = [];
  const { dataDir, clock = systemClock, migrationsFolder, ...rest } = options;
  const store = openRegisterStore(dataDir, { now: () => clock.now(), ...(migrationsFolder ? { migrationsFolder } : {}) });
  const engine = createRegisterEngine({
    store,
    time: createTimeSource(clock, store.db),
    pollIntervalMs: 200,
    connectSocket: (url, opts) => {
      const socket = io(url, opts);
      sockets.push(socket);
      return socket;
    },
    ...rest,
  });
  const pushes: PushMessage[] = [];
  engine.onPush((message) => pushes.push(message));
  await engine.start();
  const call = async <M extends IpcMethod>(method: M, input: IpcInput<M>): Promise<IpcOutput<M>> => {
    const result = await dispatchIpc(engine.handlers, method, input);
    if (!result.ok) throw new IpcCallError(result.error);
    return result.value as IpcOutput<M>;
  };
  const snapshot = () => call('app.snapshot', {});
  return {
    ...engine,
    call,
    snapshot,
    sockets,
    pushes,
    waitFor: (what, predicate, timeoutMs = 15_000) =>
      waitUntil(
        what,
        async () => {
          const s = await snapshot();
          return predicate(s) ? s : undefined;
        },
        timeoutMs,
      ),
  };
}

export async function waitUntil<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export async function enrollAndSignIn(engine: TestEngine, serverUrl: string, pin = '2222'): Promise<RegisterSnapshot> {
  await engine.call('register.enroll', { serverUrl, code: 'DEMO-ENROLL', name: 'Front Desk' });
  return engine.call('staff.signIn', { pin });
}

export async function catalog(engine: TestEngine): Promise<CatalogItem[]> {
  return (await engine.call('catalog.list', {})).items;
}

export function itemNamed(items: readonly CatalogItem[], name: string): CatalogItem {
  const item = items.find((i) => i.name === name);
  if (!item) throw new Error(`no catalog item named ${name}`);
  return item;
}

/** A free seat in an upcoming Reformer Pilates session. */
export function freeReformerSeat(items: readonly CatalogItem[], now = Date.now()) {
  const reformer = itemNamed(items, 'Reformer Pilates');
  for (const session of reformer.sessions ?? []) {
    if (Date.parse(session.startsAt) < now) continue;
    const seat = session.seats?.find((s) => s.state === 'free');
    if (seat) return { itemId: reformer.id, sessionId: session.id, seatId: seat.id, seatLabel: seat.label };
  }
  throw new Error('no free reformer seat');
}

/** A clock with real timers whose wall time the test can move (a PC whose clock is hours ahead, say). */
export function shiftableClock(): EngineClock & { shift(ms: number): void } {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    monotonic: () => performance.now(),
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
    shift(ms) {
      offset += ms;
    },
  };
}

/** Another register of the demo studio, talking HTTP directly (to make and read sales as the server sees them). */
export async function otherRegister(serverUrl: string, pin = '1111') {
  const post = async (path: string, body: unknown, token?: string, key?: string) => {
    const response = await fetch(new URL(path, serverUrl), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(key ? { 'Idempotency-Key': key } : {}),
      },
      body: JSON.stringify(body),
    });
    return { status: response.status, json: (await response.json()) as any };
  };
  const enrolled = await post('/api/v1/registers/enroll', { code: 'DEMO-ENROLL', name: 'Observer' });
  const session = await post('/api/v1/sessions', { pin }, enrolled.json.token);
  // GET /sales (the day) takes a staff token with view_sales; the default PIN is Olivia's (owner), who has it.
  const get = async (path: string, token: string = enrolled.json.token) => {
    const response = await fetch(new URL(path, serverUrl), { headers: { authorization: `Bearer ${token}` } });
    const json = (await response.json()) as any;
    if (!response.ok) throw new Error(`GET ${path} answered ${response.status}: ${JSON.stringify(json)}`);
    return json;
  };
  return {
    registerToken: enrolled.json.token as string,
    staffToken: session.json.token as string,
    post,
    sales: async (): Promise<Array<{ id: string; receiptNumber: string; totalCents: number }>> => (await get('/api/v1/sales', session.json.token)).sales,
    roster: async (): Promise<Array<{ saleId: string; seatId?: string }>> => (await get('/api/v1/roster')).bookings,
  };
}

/** Reads the engine's own SQLite file (a second, read-only connection; WAL lets it see committed rows). */
export function localRows<T = Record<string, unknown>>(dataDir: string, sql: string): T[] {
  const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

/** A clock with real timers whose wall AND monotonic time the test can move forward (time passing while away). */
export function jumpableClock(): EngineClock & { jump(ms: number): void } {
  let jumped = 0;
  return {
    now: () => Date.now() + jumped,
    monotonic: () => performance.now() + jumped,
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
    jump(ms) {
      jumped += ms;
    },
  };
}
