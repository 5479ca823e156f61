import { describe, expect, it } from 'vitest';
import type { ConnectionState } from '../../shared/contract/register-view';
import { initialConnectionState, nextConnectionState, type ConnectionSignal } from '../../electron/register/connection-state';

const live: ConnectionState = { kind: 'live', since: 1 };
const polling: ConnectionState = { kind: 'polling', since: 1 };
const offline: ConnectionState = { kind: 'offline', since: 1, lastError: 'down', retryAt: 10 };
const at = 100;

const table: Array<[string, ConnectionState, ConnectionSignal, ConnectionState | 'same']> = [
  ['live stays live on socket_up', live, { type: 'socket_up', at }, 'same'],
  [
    'live → polling when the socket drops',
    live,
    { type: 'socket_down', at, error: 'transport close' },
    { kind: 'polling', since: at, lastError: 'transport close' },
  ],
  ['live ignores an HTTP answer', live, { type: 'http_ok', at }, 'same'],
  ['live ignores one failed request (the socket proves reachability)', live, { type: 'http_failed', at, error: 'x' }, 'same'],
  ['polling → live when the socket connects', polling, { type: 'socket_up', at }, { kind: 'live', since: at }],
  ['polling stays polling on socket_down', polling, { type: 'socket_down', at }, 'same'],
  ['polling stays polling on http_ok', polling, { type: 'http_ok', at }, 'same'],
  [
    'polling → offline when HTTP fails',
    polling,
    { type: 'http_failed', at, error: 'ECONNREFUSED', retryAt: 105 },
    { kind: 'offline', since: at, lastError: 'ECONNREFUSED', retryAt: 105 },
  ],
  ['offline → polling when a poll is answered', offline, { type: 'http_ok', at }, { kind: 'polling', since: at }],
  ['offline → live when the socket connects', offline, { type: 'socket_up', at }, { kind: 'live', since: at }],
  ['offline stays offline on socket_down', offline, { type: 'socket_down', at }, 'same'],
  [
    'offline keeps its since and updates retryAt on another failure',
    offline,
    { type: 'http_failed', at, error: 'down', retryAt: 200 },
    { kind: 'offline', since: 1, lastError: 'down', retryAt: 200 },
  ],
  ['offline unchanged by an identical failure', offline, { type: 'http_failed', at, error: 'down', retryAt: 10 }, 'same'],
];

describe('nextConnectionState', () => {
  it.each(table)('%s', (_name, state, signal, expected) => {
    const next = nextConnectionState(state, signal);
    if (expected === 'same') expect(next).toBe(state);
    else expect(next).toEqual(expected);
  });

  it('starts offline until the server has been reached', () => {
    expect(initialConnectionState(5)).toMatchObject({ kind: 'offline', since: 5 });
  });
});
