import type { AppOrigin } from './app-origin';
import { isAllowedSender } from './app-origin';

// The single IPC channel between the preload and the engine, and the push channel back. The
// channel names are repeated in electron/preload/frontdesk-api.ts (the preload may not import
// electron/main); a test checks that they agree.
export const INVOKE_CHANNEL = 'frontdesk:invoke';
export const PUSH_CHANNEL = 'frontdesk:push';

type Envelope = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string; details?: Record<string, unknown> } };

/** The parts of Electron's IpcMainInvokeEvent this module reads. */
export type InvokeEventLike = { senderFrame: { url: string; parent: unknown } | null };

/** `{method, input}` from whatever the renderer sent; anything malformed yields no method (dispatch refuses it). */
export function readInvokePayload(payload: unknown): { method: unknown; input: unknown } {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return { method: undefined, input: undefined };
  const record = payload as Record<string, unknown>;
  return { method: record.method, input: record.input };
}

export function createInvokeHandler<H, R extends Envelope>(deps: {
  handlers: H;
  dispatch: (handlers: H, method: unknown, input: unknown) => Promise<R>;
  origin: AppOrigin;
}): (event: InvokeEventLike, payload: unknown) => Promise<R | Envelope> {
  return async (event, payload) => {
    const frame = event.senderFrame;
    const sender = frame ? { url: frame.url, isTopLevel: frame.parent === null || frame.parent === undefined } : null;
    if (!isAllowedSender(sender, deps.origin)) {
      console.warn(`[security] IPC refused from ${frame?.url ?? 'an unknown frame'}`);
      return { ok: false, error: { code: 'permission_denied', message: 'This page may not talk to the register.' } };
    }
    const { method, input } = readInvokePayload(payload);
    try {
      return await deps.dispatch(deps.handlers, method, input);
    } catch (error) {
      console.error('[ipc] dispatch failed', error);
      return { ok: false, error: { code: 'internal_error', message: 'Something went wrong in the register; it was logged.' } };
    }
  };
}

/** Sends each engine push to the window, if it still exists; returns the unsubscribe function. */
export function forwardPushes(
  onPush: (listener: (message: unknown) => void) => () => void,
  getContents: () => { isDestroyed(): boolean; send(channel: string, message: unknown): void } | null,
): () => void {
  return onPush((message) => {
    const contents = getContents();
    if (contents && !contents.isDestroyed()) contents.send(PUSH_CHANNEL, message);
  });
}
