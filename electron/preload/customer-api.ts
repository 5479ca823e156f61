import type { IpcRenderer } from 'electron';

// window.frontdeskCustomer: the customer display's only way to the register, one subscription to its views. There
// is no invoke: the display cannot ask the register for anything. The last view is kept, so a page that subscribes
// after it arrived still shows it. The channel name must match electron/main/customer-window.ts (checked by a test).
export const CUSTOMER_VIEW_CHANNEL = 'frontdesk:customer-view';

export type CustomerDisplayApi = { onView: (listener: (view: unknown) => void) => () => void };

export function createCustomerDisplayApi(ipc: Pick<IpcRenderer, 'on'>): CustomerDisplayApi {
  const listeners = new Set<(view: unknown) => void>();
  let latest: { view: unknown } | null = null;
  ipc.on(CUSTOMER_VIEW_CHANNEL, (_event: unknown, view: unknown) => {
    latest = { view };
    for (const listener of listeners) listener(view);
  });
  return {
    onView(listener) {
      listeners.add(listener);
      if (latest) listener(latest.view);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
