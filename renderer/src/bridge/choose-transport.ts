import type { IpcTransport } from '../../../shared/contract/ipc-client';
import type { BridgeStatus } from './websocket-transport';

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

export async function chooseTransport(): Promise<HostTransport> {
  if (window.frontdesk) return { transport: window.frontdesk, status: () => 'open', onStatus: () => () => undefined };
  // Only the browser host needs the WebSocket transport and the zod schemas it checks frames with: imported
  // here, on demand, so they are a chunk of their own and the Electron window never downloads or parses them
  // (its pushes come from the main process, which validates what it sends). Keep every import of
  // websocket-transport elsewhere type-only, or the bundler pulls it back into the entry chunk.
  const { bridgeUrl, createWebSocketTransport } = await import('./websocket-transport');
  const socket = createWebSocketTransport(bridgeUrl(window.location));
  return { transport: socket, status: socket.status, onStatus: socket.onStatus };
}
