import { CUSTOMER_VIEW_PATH, CustomerFrameSchema, CustomerViewSchema, type CustomerView } from '../../../shared/contract/customer-view';

// Where the customer display's views come from: Electron's customer preload (window.frontdeskCustomer) or, in the
// browser host, its read-only WebSocket. Either way each view is checked against the contract before it is shown,
// and nothing is ever sent back.

declare global {
  interface Window {
    /** Set by Electron's customer-display preload; absent in the browser host. */
    frontdeskCustomer?: { onView: (listener: (view: unknown) => void) => () => void };
  }
}

export type ViewSource = (listener: (view: CustomerView) => void) => () => void;

const RETRY_DELAYS_MS = [250, 500, 1000, 2000, 4000];

function customerSocketUrl(location: Pick<Location, 'protocol' | 'host' | 'search'>): string {
  const secret = new URLSearchParams(location.search).get('secret') ?? '';
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}${CUSTOMER_VIEW_PATH}?secret=${encodeURIComponent(secret)}`;
}

function socketSource(url: string): ViewSource {
  return (listener) => {
    let socket: WebSocket | null = null;
    let attempt = 0;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const connect = () => {
      const ws = new WebSocket(url);
      socket = ws;
      ws.onopen = () => (attempt = 0);
      ws.onmessage = (event) => {
        let raw: unknown;
        try {
          raw = JSON.parse(String(event.data));
        } catch {
          return;
        }
        const frame = CustomerFrameSchema.safeParse(raw);
        if (frame.success && frame.data.kind === 'view') listener(frame.data.view);
      };
      // The register restarts or the network blips: the display keeps its last view and reconnects.
      ws.onclose = () => {
        socket = null;
        if (stopped) return;
        timer = setTimeout(connect, RETRY_DELAYS_MS[Math.min(attempt, RETRY_DELAYS_MS.length - 1)]);
        attempt += 1;
      };
    };
    connect();
    return () => {
      stopped = true;
      clearTimeout(timer);
      socket?.close();
    };
  };
}

export function chooseViewSource(): ViewSource {
  const preload = window.frontdeskCustomer;
  if (preload) {
    return (listener) =>
      preload.onView((raw) => {
        const view = CustomerViewSchema.safeParse(raw);
        if (view.success) listener(view.data);
      });
  }
  return socketSource(customerSocketUrl(window.location));
}
