import { BRIDGE_PATH, type BridgeFrame, type IpcResult } from '../../../shared/contract/ipc';
import type { IpcTransport } from '../../../shared/contract/ipc-client';
import { PushMessageSchema, type PushMessage } from '../../../shared/contract/register-view';

// The browser host carries the IPC contract over a loopback WebSocket. Calls made while the socket is
// (re)connecting wait for it; calls in flight when it drops are answered with a refusal, never left hanging.

export type BridgeStatus = 'connecting' | 'open' | 'closed';

export type WebSocketTransport = IpcTransport & {
  status: () => BridgeStatus;
  onStatus: (listener: (status: BridgeStatus) => void) => () => void;
  close(): void;
};

type Pending = { resolve: (result: IpcResult) => void; frame: string };

const RETRY_DELAYS_MS = [250, 500, 1000, 2000, 4000];
const CALL_TIMEOUT_MS = 30_000;

export function bridgeUrl(location: Pick<Location, 'protocol' | 'host' | 'search'>): string {
  const secret = new URLSearchParams(location.search).get('secret') ?? '';
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}${BRIDGE_PATH}?secret=${encodeURIComponent(secret)}`;
}

const bridgeDown = (message: string): IpcResult => ({ ok: false, error: { code: 'server_unreachable', message } });

export function createWebSocketTransport(url: string): WebSocketTransport {
  let socket: WebSocket | null = null;
  let status: BridgeStatus = 'connecting';
  let attempt = 0;
  let nextId = 1;
  let closedByUs = false;
  const waiting: Pending[] = [];
  const inFlight = new Map<number, Pending>();
  const pushListeners = new Set<(message: PushMessage) => void>();
  const statusListeners = new Set<(status: BridgeStatus) => void>();

  const setStatus = (next: BridgeStatus) => {
    if (next === status) return;
    status = next;
    for (const listener of statusListeners) listener(next);
  };

  const send = (id: number, pending: Pending) => {
    inFlight.set(id, pending);
    socket?.send(pending.frame);
  };

  const connect = () => {
    const ws = new WebSocket(url);
    socket = ws;
    ws.onopen = () => {
      attempt = 0;
      setStatus('open');
      for (const pending of waiting.splice(0)) {
        const id = (JSON.parse(pending.frame) as { id: number }).id;
        send(id, pending);
      }
    };
    ws.onmessage = (event) => handleFrame(String(event.data));
    ws.onclose = () => {
      socket = null;
      for (const [id, pending] of inFlight) {
        inFlight.delete(id);
        pending.resolve(bridgeDown('The connection to the register was interrupted; please try again.'));
      }
      if (closedByUs) return setStatus('closed');
      setStatus('connecting');
      const delay = RETRY_DELAYS_MS[Math.min(attempt, RETRY_DELAYS_MS.length - 1)];
      attempt += 1;
      setTimeout(connect, delay);
    };
  };

  const handleFrame = (text: string) => {
    let frame: BridgeFrame;
    try {
      frame = JSON.parse(text) as BridgeFrame;
    } catch {
      return;
    }
    if (frame.kind === 'result') {
      const pending = inFlight.get(frame.id);
      if (!pending) return;
      inFlight.delete(frame.id);
      pending.resolve(frame.result);
    } else if (frame.kind === 'push') {
      const parsed = PushMessageSchema.safeParse(frame.push);
      if (!parsed.success) return;
      for (const listener of pushListeners) listener(parsed.data);
    }
  };

  connect();

  return {
    invoke(method, input) {
      const id = nextId++;
      return new Promise<IpcResult>((resolve) => {
        const timer = setTimeout(() => {
          inFlight.delete(id);
          resolve(bridgeDown('The register did not answer in time; please try again.'));
        }, CALL_TIMEOUT_MS);
        const pending: Pending = {
          frame: JSON.stringify({ id, method, input }),
          resolve: (result) => {
            clearTimeout(timer);
            resolve(result);
          },
        };
        if (socket && socket.readyState === WebSocket.OPEN) send(id, pending);
        else waiting.push(pending);
      });
    },
    onPush(listener) {
      pushListeners.add(listener);
      return () => pushListeners.delete(listener);
    },
    status: () => status,
    onStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    close() {
      closedByUs = true;
      socket?.close();
    },
  };
}
