import type { CustomerView } from '../../shared/contract/customer-view';
import type { PushMessage, RegisterSnapshot } from '../../shared/contract/register-view';
import { customerViewOf, EMPTY_CUSTOMER_MEMORY, type CustomerViewMemory } from './customer-view';

// The customer display's one source: every engine snapshot becomes a CustomerView, sent to the displays that listen
// when it differs from the last one sent. Read-only: it reads snapshots and nothing else. Used by the browser host's
// customer socket and by Electron's customer window alike.

export type SnapshotSource = {
  snapshot: () => Promise<RegisterSnapshot>;
  onPush: (listener: (message: unknown) => void) => () => void;
};

/** The engine's own pushes (typed where they are made); only snapshots matter here. */
const isSnapshotPush = (message: unknown): message is Extract<PushMessage, { type: 'snapshot' }> =>
  typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'snapshot';

export type CustomerViewFeed = {
  /** A view from a fresh snapshot (its countdown measured now), for a display that has just connected. */
  current: () => Promise<CustomerView>;
  /** Each new view, until the returned function is called. */
  subscribe: (listener: (view: CustomerView) => void) => () => void;
  stop: () => void;
};

export function createCustomerViewFeed(engine: SnapshotSource): CustomerViewFeed {
  const listeners = new Set<(view: CustomerView) => void>();
  let memory: CustomerViewMemory = EMPTY_CUSTOMER_MEMORY;
  let lastSent = '';

  const derive = (snapshot: RegisterSnapshot): CustomerView => {
    const next = customerViewOf(snapshot, memory);
    memory = next.memory;
    return next.view;
  };

  const stopPush = engine.onPush((message) => {
    if (!isSnapshotPush(message)) return;
    const view = derive(message.snapshot);
    const text = JSON.stringify(view);
    if (text === lastSent) return;
    lastSent = text;
    for (const listener of listeners) listener(view);
  });

  return {
    current: async () => derive(await engine.snapshot()),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop() {
      stopPush();
      listeners.clear();
    },
  };
}
