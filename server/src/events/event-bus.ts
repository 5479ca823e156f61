import { EventEmitter } from 'node:events';
import type { ServerEvent } from '../../../shared/contract/events';

/**
 * Live fan-out of committed events to this process's sockets. In-process only: with several server processes a
 * socket sees the events its own process committed at once, and finds the others' when it notices a gap in
 * `seq` (it reads them from the table) or through the register's poll of GET /events.
 */
export type EventBus = {
  publish(locationId: string, events: readonly ServerEvent[]): void;
  subscribe(locationId: string, listener: (event: ServerEvent) => void): () => void;
};

export function createEventBus(): EventBus {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    publish(locationId, events) {
      for (const event of events) emitter.emit(locationId, event);
    },
    subscribe(locationId, listener) {
      emitter.on(locationId, listener);
      return () => emitter.off(locationId, listener);
    },
  };
}
