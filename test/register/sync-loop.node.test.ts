import { EventEmitter } from 'node:events';
import type { Socket } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ServerEvent } from '../../shared/contract/events';
import { toApiRequest, unreachable, type ApiClient, type ApiRequest } from '../../electron/register/api-client';
import type { ConnectionSignal } from '../../electron/register/connection-state';
import { applyServerEvents, readCursor, type EventHandlers } from '../../electron/register/event-applier';
import { createSyncLoop } from '../../electron/register/sync-loop';
import { createManualClock } from './support/manual-clock';
import { openTempDatabase } from './support/temp-database';

// The sync loop with a stand-in socket and feed (the engine tests use a real server): order, exactly once,
// gaps filled from the feed before the ack, polling while the socket is down.

class FakeSocket extends EventEmitter {
  connected = false;
  active = true;
  connects = 0;
  connect() {
    this.connects++;
    this.active = true;
    return this;
  }
  disconnect() {
    this.connected = false;
    this.active = false;
    return this;
  }
  up() {
    this.connected = true;
    this.emit('connect');
  }
  down(reason = 'transport close') {
    this.connected = false;
    this.emit('disconnect', reason);
  }
}

const at = '2026-03-02T15:00:00.000Z';
const ev = (seq: number): ServerEvent => ({ seq, type: 'link.opened', at });

let database: ReturnType<typeof openTempDatabase>;
let clock: ReturnType<typeof createManualClock>;
beforeEach(() => {
  database = openTempDatabase();
  clock = createManualClock();
});
afterEach(() => database.cleanup());

function setup(feed: ServerEvent[], options: { failing?: () => boolean; applyFails?: () => boolean } = {}) {
  const socket = new FakeSocket();
  const seen: number[] = [];
  const requests: ApiRequest[] = [];
  const signals: ConnectionSignal['type'][] = [];
  const handlers: EventHandlers = {
    'link.opened': (_db, e) => {
      if (options.applyFails?.()) throw new Error('disk I/O error');
      seen.push(e.seq);
      return {};
    },
  };
  const api: ApiClient = {
    send: async () => ({ status: 200, json: {} }),
    request: async (route, call) => {
      const request = toApiRequest(route, call);
      requests.push(request);
      if (options.failing?.()) throw unreachable('connection refused');
      const after = Number(request.query?.after ?? 0);
      const events = feed.filter((e) => e.seq > after);
      return { events, lastSeq: feed.at(-1)?.seq ?? 0, serverTime: clock.now() } as never;
    },
  };
  const loop = createSyncLoop({
    serverUrl: () => 'http://127.0.0.1:1',
    registerToken: () => 'fdr_token',
    cursor: () => readCursor(database.db),
    api,
    clock,
    pollIntervalMs: 5000,
    applyEvents: (events) => applyServerEvents(database.db, events, handlers, { now: clock.now(), timeZone: 'UTC' }),
    signal: (s) => signals.push(s.type),
    connectSocket: () => socket as unknown as Socket,
  });
  return { socket, seen, requests, signals, loop };
}

const flush = () => new Promise((r) => setTimeout(r, 10));

describe('sync loop', () => {
  it('applies socket events in order, acks each after applying it, and ignores a replayed duplicate', async () => {
    const { socket, seen, loop } = setup([]);
    loop.start();
    socket.up();
    const acks: unknown[] = [];
    socket.emit('event', ev(1), (a: unknown) => acks.push(a));
    socket.emit('event', ev(2), (a: unknown) => acks.push(a));
    socket.emit('event', ev(1), (a: unknown) => acks.push(a));
    await flush();
    expect(seen).toEqual([1, 2]);
    expect(acks).toEqual([
      { ok: true, seq: 1 },
      { ok: true, seq: 2 },
      { ok: true, seq: 1 },
    ]);
    await loop.stop();
  });

  it('fills a gap from the event feed before acking the event that revealed it', async () => {
    const { socket, seen, requests, loop } = setup([ev(1), ev(2), ev(3), ev(4)]);
    loop.start();
    socket.up();
    const acks: unknown[] = [];
    socket.emit('event', ev(1), (a: unknown) => acks.push(a));
    socket.emit('event', ev(4), (a: unknown) => acks.push(a));
    await flush();
    expect(seen).toEqual([1, 2, 3, 4]);
    expect(requests.some((r) => r.path === '/api/v1/events' && r.query?.after === 1)).toBe(true);
    expect(acks).toHaveLength(2);
    expect(readCursor(database.db)).toBe(4);
    await loop.stop();
  });

  it('polls the feed every interval while the socket is down, and stops polling when it is back', async () => {
    const feed = [ev(1)];
    const { socket, seen, requests, loop } = setup(feed);
    loop.start();
    clock.advance(0);
    await flush();
    expect(seen).toEqual([1]);
    feed.push(ev(2));
    clock.advance(5000);
    await flush();
    expect(seen).toEqual([1, 2]);
    socket.up();
    const before = requests.length;
    feed.push(ev(3));
    clock.advance(20_000);
    await flush();
    expect(requests.length).toBe(before);
    socket.down();
    clock.advance(0);
    await flush();
    expect(seen).toEqual([1, 2, 3]);
    await loop.stop();
  });

  it('keeps polling while the server is unreachable and asks a given-up socket to reconnect', async () => {
    let failing = true;
    const { socket, seen, loop } = setup([ev(1)], { failing: () => failing });
    loop.start();
    socket.active = false; // refused handshake: socket.io does not retry by itself
    clock.advance(0);
    await flush();
    expect(seen).toEqual([]);
    expect(socket.connects).toBe(1);
    failing = false;
    clock.advance(5000);
    await flush();
    expect(seen).toEqual([1]);
    await loop.stop();
  });

  it('an event that fails to apply is logged, not acked as applied, does not move the cursor, and is read again from the feed', async () => {
    let failing = true;
    const { socket, seen, requests, loop } = setup([ev(1)], { applyFails: () => failing });
    loop.start();
    socket.up();
    const acks: unknown[] = [];
    socket.emit('event', ev(1), (a: unknown) => acks.push(a));
    await flush();
    expect(acks).toEqual([{ ok: false, seq: 1 }]);
    expect(readCursor(database.db)).toBe(0);
    expect(seen).toEqual([]);
    failing = false;
    clock.advance(5000); // the retry reads the feed even though the socket is up
    await flush();
    expect(requests.some((r) => r.path === '/api/v1/events' && r.query?.after === 0)).toBe(true);
    expect(seen).toEqual([1]);
    expect(readCursor(database.db)).toBe(1);
    await loop.stop();
  });
});
