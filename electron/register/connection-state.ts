import type { ConnectionState } from '../../shared/contract/register-view';

// One connection state (DESIGN.md section 6): live (socket up), polling (socket down, HTTP works),
// offline (HTTP fails too). The transition is a pure function of the state and what just happened.

export type ConnectionSignal =
  | { type: 'socket_up'; at: number }
  | { type: 'socket_down'; at: number; error?: string }
  | { type: 'http_ok'; at: number }
  | { type: 'http_failed'; at: number; error: string; retryAt?: number };

export function initialConnectionState(at: number): ConnectionState {
  return { kind: 'offline', since: at, lastError: 'Not connected to the server yet.' };
}

/** Returns the same object when nothing changes, so callers can skip pushing an identical snapshot. */
export function nextConnectionState(state: ConnectionState, signal: ConnectionSignal): ConnectionState {
  switch (signal.type) {
    case 'socket_up':
      return state.kind === 'live' ? state : { kind: 'live', since: signal.at };
    case 'socket_down':
      if (state.kind !== 'live') return state;
      return { kind: 'polling', since: signal.at, ...(signal.error ? { lastError: signal.error } : {}) };
    case 'http_ok':
      // The socket decides live; an HTTP answer only proves the server is reachable.
      return state.kind === 'offline' ? { kind: 'polling', since: signal.at } : state;
    case 'http_failed':
      // While the socket is up the server is reachable; one failed request does not make us offline.
      if (state.kind === 'live') return state;
      if (state.kind === 'offline') {
        if (state.retryAt === signal.retryAt && state.lastError === signal.error) return state;
        return { kind: 'offline', since: state.since, lastError: signal.error, ...(signal.retryAt !== undefined ? { retryAt: signal.retryAt } : {}) };
      }
      return { kind: 'offline', since: signal.at, lastError: signal.error, ...(signal.retryAt !== undefined ? { retryAt: signal.retryAt } : {}) };
  }
}
