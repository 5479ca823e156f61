import type { IpcRenderer } from 'electron';
import type { IpcResult } from '../../shared/contract/ipc';
import type { IpcTransport } from '../../shared/contract/ipc-client';
import type { PushMessage } from '../../shared/contract/register-view';

// window.frontdesk: a transport for the shared IPC contract, nothing more. Validation and routing
// happen in the main process (dispatchIpc). The Electron event object never reaches the page.
// Channel names must match electron/main/ipc-bridge.ts (checked by a test).
export const INVOKE_CHANNEL = 'frontdesk:invoke';
export const PUSH_CHANNEL = 'frontdesk:push';

export function createFrontdeskApi(ipc: Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>): IpcTransport {
  return {
    invoke: (method: string, input: unknown): Promise<IpcResult> => ipc.invoke(INVOKE_CHANNEL, { method, input }),
    onPush(listener: (message: PushMessage) => void): () => void {
      const relay = (_event: unknown, message: PushMessage) => listener(message);
      ipc.on(PUSH_CHANNEL, relay);
      return () => {
        ipc.removeListener(PUSH_CHANNEL, relay);
      };
    },
  };
}
