import type { IpcError, IpcInput, IpcMethod, IpcOutput, IpcResult } from './ipc';
import type { PushMessage } from './register-view';

/** What a host gives the renderer: Electron's preload (window.frontdesk) or the browser host's WebSocket. */
export type IpcTransport = {
  invoke(method: string, input: unknown): Promise<IpcResult>;
  onPush(listener: (message: PushMessage) => void): () => void;
};

export class IpcCallError extends Error {
  readonly code: string;
  readonly details: Record<string, unknown> | undefined;
  constructor(error: IpcError) {
    super(error.message);
    this.name = 'IpcCallError';
    this.code = error.code;
    this.details = error.details;
  }
}

export type IpcClient = {
  call<M extends IpcMethod>(method: M, input: IpcInput<M>): Promise<IpcOutput<M>>;
  onPush(listener: (message: PushMessage) => void): () => void;
};

/** Typed calls over any transport; a refusal becomes an IpcCallError with the code and the sentence. */
export function createIpcClient(transport: IpcTransport): IpcClient {
  return {
    async call(method, input) {
      const result = await transport.invoke(method, input);
      if (!result.ok) throw new IpcCallError(result.error);
      return result.value as never;
    },
    onPush: (listener) => transport.onPush(listener),
  };
}
