import type { RawData, WebSocket } from 'ws';
import { BridgeRequestSchema, dispatchIpc, type BridgeFrame, type IpcHandlers } from '../../shared/contract/ipc';

// One page's socket: each text frame is a BridgeRequest, answered by a result frame with the same id.
// Anything else gets an invalid_request result (id -1 when the frame had no usable id) and changes nothing.

function reply(socket: WebSocket, frame: BridgeFrame): void {
  if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
}

function invalid(socket: WebSocket, id: number, message: string): void {
  reply(socket, { kind: 'result', id, result: { ok: false, error: { code: 'invalid_request', message } } });
}

export function serveBridgeConnection(socket: WebSocket, handlers: IpcHandlers): void {
  socket.on('message', (data, isBinary) => {
    if (isBinary) return invalid(socket, -1, 'The bridge takes JSON text frames only.');
    let raw: unknown;
    try {
      raw = JSON.parse(frameText(data));
    } catch {
      return invalid(socket, -1, 'That message is not valid JSON.');
    }
    const parsed = BridgeRequestSchema.safeParse(raw);
    if (!parsed.success) {
      const maybeId = (raw as { id?: unknown } | null)?.id;
      const id = typeof maybeId === 'number' && Number.isInteger(maybeId) && maybeId >= 0 ? maybeId : -1;
      return invalid(socket, id, 'That message is not a bridge request ({id, method, input}).');
    }
    const { id, method, input } = parsed.data;
    void dispatchIpc(handlers, method, input).then((result) => reply(socket, { kind: 'result', id, result }));
  });
}

export function pushFrame(push: unknown): string {
  const frame: BridgeFrame = { kind: 'push', push };
  return JSON.stringify(frame);
}

/** A text frame's content: ws hands it over as one Buffer, fragments, or an ArrayBuffer. */
export function frameText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data).toString('utf8');
}
