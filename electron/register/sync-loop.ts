import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import { routes } from '../../shared/contract/http';
import { SOCKET_EVENT, SOCKET_NAMESPACE, SOCKET_TIME, ServerEventSchema, SocketTimeAnswerSchema, type ServerEvent } from '../../shared/contract/events';
import type { ApiClient } from './api-client';
import type { ConnectionSignal } from './connection-state';
import type { EngineClock } from './engine-clock';
import type { ApplyResult } from './event-applier';
import { createInTurn, type InTurn } from './in-turn';

// Keeps the local caches in step with the server's event feed (DESIGN.md section 6): Socket.IO on /registers
// with {token, afterSeq} while it is up (replay, then live events, each acked after it is applied); when the
// socket is down, GET /events?after=cursor every pollIntervalMs, which is also how the way back is found.

export type ConnectSocket = (url: string, options: Partial<ManagerOptions & SocketOptions>) => Socket;

export type SyncLoopOptions = {
  serverUrl(): string | null;
  registerToken(): string | null;
  cursor(): number;
  api: ApiClient;
  clock: EngineClock;
  pollIntervalMs: number;
  applyEvents(events: readonly ServerEvent[]): ApplyResult;
  signal(signal: ConnectionSignal): void;
  connectSocket?: ConnectSocket;
  log?: (line: string) => void;
  /** After each poll's feed read (socket down): read the state of pending links too. */
  afterCatchUp?(): Promise<void>;
  /** The socket (re)connected: reconcile (drain the outbox, read the feed, read pending links). */
  onConnected?(): void;
  /** A server time measured over the socket (`time` ack), with monotonic send and receive times. */
  observeServerTime?(serverTime: number, sentAt: number, receivedAt: number): void;
  /** The queue shared with others that read the server's state (default: its own). */
  inTurn?: InTurn;
};

export type SyncLoop = {
  start(): void;
  stop(): Promise<void>;
  /** Reads the feed after the cursor until caught up (also used when a socket event reveals a gap). */
  catchUp(): Promise<void>;
  /** Reads the feed, then the pending links (afterCatchUp), in the same order as everything else. */
  reconcile(): Promise<void>;
  /** Runs fn in turn with every read and application of events (a bootstrap must not interleave with them). */
  exclusive<T>(fn: () => Promise<T>): Promise<T>;
  socketConnected(): boolean;
};

const PAGE = 200;

export function createSyncLoop(options: SyncLoopOptions): SyncLoop {
  const log = options.log ?? (() => {});
  const connect: ConnectSocket = options.connectSocket ?? ((url, opts) => io(url, opts));
  let socket: Socket | null = null;
  let pollTimer: unknown = null;
  let retryTimer: unknown = null;
  let stopped = true;
  // Every read and application of events goes through one queue, one at a time, in order.
  const turns = options.inTurn ?? createInTurn();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => turns.run(fn);

  async function fetchUntilCaughtUp(): Promise<void> {
    for (let page = 0; page < 1000; page++) {
      const after = options.cursor();
      const answer = await options.api.request(routes.events, { query: { after, limit: PAGE }, token: options.registerToken(), timeoutMs: 8000 });
      const result = options.applyEvents(answer.events);
      if (answer.events.length === 0 || result.cursor >= answer.lastSeq || result.applied === 0) return;
    }
  }

  async function onSocketEvent(raw: unknown, ack: unknown): Promise<void> {
    const parsed = ServerEventSchema.safeParse(raw);
    const reply = typeof ack === 'function' ? (ack as (value: unknown) => void) : () => {};
    if (!parsed.success) {
      log(`[sync] ignored a malformed event: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
      reply({ ok: false });
      return;
    }
    try {
      await serial(async () => {
        const first = options.applyEvents([parsed.data]);
        if (first.gap) {
          // Something was missed: read the feed from the cursor, which includes this event.
          await fetchUntilCaughtUp().catch((error: unknown) => log(`[sync] gap fill failed: ${String(error)}`));
        }
      });
    } catch (error) {
      // Applying failed (its transaction rolled back, the cursor did not move): say so, and read it again
      // from the feed a little later; the next socket event would also reveal the gap.
      log(`[sync] event ${parsed.data.seq} (${parsed.data.type}) not applied: ${error instanceof Error ? error.message : String(error)}`);
      reply({ ok: false, seq: parsed.data.seq });
      scheduleRetry();
      return;
    }
    reply({ ok: true, seq: parsed.data.seq });
  }

  /** After a socket event failed to apply: catch up from the feed once the poll interval has passed. */
  function scheduleRetry(): void {
    if (stopped || retryTimer !== null) return;
    retryTimer = options.clock.setTimeout(() => {
      retryTimer = null;
      if (stopped) return;
      serial(fetchUntilCaughtUp).catch((error: unknown) => {
        log(`[sync] retry after a failed event failed: ${error instanceof Error ? error.message : String(error)}`);
        scheduleRetry();
      });
    }, options.pollIntervalMs);
  }

  function openSocket(): void {
    const url = options.serverUrl();
    if (!url || socket) return;
    const s = connect(new URL(SOCKET_NAMESPACE, url).toString(), {
      transports: ['websocket'],
      // One manager per engine: never share a cached connection with another engine in the same process.
      forceNew: true,
      reconnectionDelay: 1000,
      reconnectionDelayMax: 5000,
      // A function, so every reconnect resumes from the cursor as it is then.
      auth: (cb: (auth: object) => void) => cb({ token: options.registerToken() ?? '', afterSeq: options.cursor() }),
    });
    s.on('connect', () => {
      options.signal({ type: 'socket_up', at: options.clock.now() });
      stopPolling();
      measureTime(s);
      options.onConnected?.();
    });
    s.on('disconnect', (reason) => {
      options.signal({ type: 'socket_down', at: options.clock.now(), error: `socket closed (${reason})` });
      schedulePoll(0);
    });
    s.on('connect_error', (error) => {
      options.signal({ type: 'socket_down', at: options.clock.now(), error: `socket: ${error.message}` });
      schedulePoll(0);
    });
    // Never let a failure escape into the host process: onSocketEvent answers every event itself.
    s.on(SOCKET_EVENT, (event: unknown, ack: unknown) => {
      onSocketEvent(event, ack).catch((error: unknown) => log(`[sync] socket event handling failed: ${String(error)}`));
    });
    socket = s;
  }

  function measureTime(s: Socket): void {
    if (!options.observeServerTime) return;
    const sentAt = options.clock.monotonic();
    s.timeout(5000)
      .emitWithAck(SOCKET_TIME)
      .then((answer: unknown) => {
        const parsed = SocketTimeAnswerSchema.safeParse(answer);
        if (parsed.success) options.observeServerTime?.(parsed.data.serverTime, sentAt, options.clock.monotonic());
      })
      .catch(() => {});
  }

  async function catchUpAndLinks(): Promise<void> {
    await fetchUntilCaughtUp();
    await options.afterCatchUp?.();
  }

  function stopPolling(): void {
    if (pollTimer !== null) options.clock.clearTimeout(pollTimer);
    pollTimer = null;
  }

  function schedulePoll(delay: number): void {
    if (stopped || pollTimer !== null || socket?.connected) return;
    pollTimer = options.clock.setTimeout(() => {
      pollTimer = null;
      void pollOnce();
    }, delay);
  }

  async function pollOnce(): Promise<void> {
    if (stopped || socket?.connected) return;
    try {
      await serial(catchUpAndLinks);
    } catch (error) {
      // The feed could not be read: the links' own deadlines still count (a cancel made offline).
      await serial(async () => options.afterCatchUp?.()).catch(() => {});
      log(`[sync] poll failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    // The socket gives up after a refused handshake; each poll asks it to try again.
    if (socket && !socket.connected && !socket.active) socket.connect();
    if (!socket) openSocket();
    schedulePoll(options.pollIntervalMs);
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      openSocket();
      schedulePoll(0);
    },
    async stop() {
      stopped = true;
      stopPolling();
      if (retryTimer !== null) options.clock.clearTimeout(retryTimer);
      retryTimer = null;
      socket?.removeAllListeners();
      socket?.disconnect();
      socket = null;
      await turns.idle();
    },
    catchUp: () => serial(fetchUntilCaughtUp),
    reconcile: () => serial(catchUpAndLinks),
    exclusive: (fn) => serial(fn),
    socketConnected: () => socket?.connected ?? false,
  };
}
