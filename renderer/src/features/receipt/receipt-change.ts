import { useSyncExternalStore } from 'react';

// The change handed back is known only from the checkout answer (a sale records what was paid, not what was
// tendered), so the receipt reads it from here.

const changeBySale = new Map<string, number>();
const listeners = new Set<() => void>();

export function rememberChange(saleId: string, changeCents: number): void {
  changeBySale.set(saleId, changeCents);
  for (const listener of listeners) listener();
}

export function useChangeFor(saleId: string): number | undefined {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => changeBySale.get(saleId),
  );
}
