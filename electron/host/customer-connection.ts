import type { WebSocket } from 'ws';
import type { CustomerFrame, CustomerView } from '../../shared/contract/customer-view';
import type { CustomerViewFeed } from '../register/customer-view-feed';

// One customer display's socket: the current view on connect, then each new one. It is read-only: whatever the page
// sends is answered with a refusal and changes nothing.

function send(socket: WebSocket, frame: CustomerFrame): void {
  if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
}

export function serveCustomerConnection(socket: WebSocket, feed: CustomerViewFeed): void {
  // A view that changes while the first one is being read: read it again, so the page never keeps an older one.
  let ready = false;
  let missed = false;
  const stop = feed.subscribe((view) => {
    if (ready) send(socket, { kind: 'view', view });
    else missed = true;
  });
  socket.on('close', stop);
  socket.on('message', () =>
    send(socket, { kind: 'error', error: { code: 'invalid_request', message: 'The customer display only shows the register; it takes no commands.' } }),
  );
  const sendCurrent = async (): Promise<void> => {
    do {
      missed = false;
      const view: CustomerView = await feed.current();
      send(socket, { kind: 'view', view });
    } while (missed);
    ready = true;
  };
  sendCurrent().catch((error: unknown) => {
    console.error('[host] customer display: no view', error);
    socket.close(1011, 'The register could not make the customer view.');
  });
}
