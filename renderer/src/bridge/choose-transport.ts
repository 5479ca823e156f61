import type { IpcTransport } from '../../../shared/contract/ipc-client';
import { bridgeUrl, createWebSocketTransport, type BridgeStatus } from './websocket-transport';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in the browser host. */
    frontdesk?: IpcTransport;
  }
}

/** The transport plus how to watch it; Electron's IPC is always up, the browser host's socket may drop. */
export type HostTransport = {
  transport: IpcTransport;
  status: () => BridgeStatus;
  onStatus: (listener: (status: BridgeStatus) => void) => () => void;
};

export function chooseTransport(): HostTransport {
  if (window.frontdesk) return { transport: window.frontdesk, status: () => 'open', onStatus: () => () => undefined };
  const socket = createWebSocketTransport(bridgeUrl(window.location));
  return { transport: socket, status: socket.status, onStatus: socket.onStatus };
}
