import type { ConnectionState } from '../../shared/contract/register-view';
import { initialConnectionState, nextConnectionState, type ConnectionSignal } from './connection-state';

// What the engine's parts tell each other without knowing each other: each part is built in dependency order and
// only announces what happened; the engine subscribes the reactions once every part exists.

type SignalMap = {
  /** Something the renderer shows changed. */
  changed: [];
  /** A staff member signed in online: what waited for their token may go. */
  signedIn: [staffId: string];
  /** The socket (re)connected. */
  socketConnected: [];
  /** The connection moved from one state to another. */
  connection: [before: ConnectionState, after: ConnectionState];
};

export type EngineSignals = {
  on<K extends keyof SignalMap>(name: K, listener: (...args: SignalMap[K]) => void): void;
  emit<K extends keyof SignalMap>(name: K, ...args: SignalMap[K]): void;
};

export function createEngineSignals(log: (line: string) => void): EngineSignals {
  const listeners = new Map<keyof SignalMap, Array<(...args: never[]) => void>>();
  return {
    on(name, listener) {
      listeners.set(name, [...(listeners.get(name) ?? []), listener as (...args: never[]) => void]);
    },
    emit(name, ...args) {
      for (const listener of listeners.get(name) ?? []) {
        try {
          (listener as (...a: typeof args) => void)(...args);
        } catch (error) {
          log(`[engine] ${name} listener failed: ${String(error)}`);
        }
      }
    },
  };
}

/** The connection state (live, polling, offline) as one value, moved by signals; announces each change. */
export function createConnectionTracker(at: number, signals: EngineSignals, log: (line: string) => void) {
  let state: ConnectionState = initialConnectionState(at);
  return {
    current: () => state,
    signal(s: ConnectionSignal): void {
      const before = state;
      state = nextConnectionState(state, s);
      if (state === before) return;
      log(`[sync] connection ${before.kind} -> ${state.kind}`);
      signals.emit('connection', before, state);
    },
  };
}
