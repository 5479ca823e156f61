import type { Server, Socket } from 'socket.io';
import { AppError, invalidRequest } from '@frontdesk/shared/contract/errors';
import { SOCKET_EVENT, SOCKET_NAMESPACE, SOCKET_TIME, SocketAuthSchema, type ServerEvent } from '@frontdesk/shared/contract/events';
import type { AppContext } from '../app-context';
import { registerByToken, type RegisterAuth } from '../auth/authenticate';
import { listEvents } from '../events/event-log';

/** How long one `event` waits for the register's ack before the next is sent anyway (order is kept by the socket). */
const EVENT_ACK_TIMEOUT_MS = 5_000;
const REPLAY_PAGE = 500;

type SocketData = { auth: RegisterAuth; afterSeq: number };

/**
 * `/registers`: authenticated by a register token, replays stored events after `afterSeq`, then live ones from
 * this node's event bus (which carries every node's commits, see event-bus.ts), one at a time with an ack,
 * gap-free: a live event with a seq beyond the next expected one makes the socket read the missing ones first.
 */
export function attachRegistersNamespace(io: Server, ctx: AppContext): void {
  const namespace = io.of(SOCKET_NAMESPACE);
  namespace.use((socket, next) => {
    const parsed = SocketAuthSchema.safeParse(socket.handshake.auth);
    if (!parsed.success) return next(connectError(invalidRequest(parsed.error, 'The socket auth')));
    registerByToken(ctx, parsed.data.token).then(
      (auth) => {
        if (!auth) return next(connectError(new AppError('unauthorized', 'This register token is not valid. Enroll the register again.')));
        (socket.data as SocketData) = { auth, afterSeq: parsed.data.afterSeq };
        next();
      },
      () => next(connectError(new AppError('internal_error', 'The server could not check the token. Try again.'))),
    );
  });
  namespace.on('connection', (socket) => serveRegister(ctx, socket));
}

function connectError(error: AppError): Error & { data: unknown } {
  return Object.assign(new Error(error.message), { data: error.toBody().error });
}

function serveRegister(ctx: AppContext, socket: Socket): void {
  const { auth, afterSeq } = socket.data as SocketData;
  socket.on(SOCKET_TIME, (...args: unknown[]) => {
    const ack = args.at(-1);
    if (typeof ack === 'function') (ack as (answer: { serverTime: number }) => void)({ serverTime: ctx.now() });
  });
  let sentSeq = afterSeq;
  // Live events from this node's bus, ascending; one that does not follow `sentSeq` makes the loop read the table.
  const live: ServerEvent[] = [];
  let replayPending = true;
  let running = false;
  // One delivery loop per socket: the replay from the table first, then live events as they come, gap-free.
  const deliver = async () => {
    if (running) return;
    running = true;
    try {
      while (socket.connected) {
        while (live[0] && live[0].seq <= sentSeq) live.shift();
        const next = live[0];
        if (next && next.seq === sentSeq + 1) {
          live.shift();
          await sendWithAck(socket, next);
          sentSeq = next.seq;
          continue;
        }
        if (!next && !replayPending) break;
        // The replay, or a gap (this socket connected while the bus was between two events): read the table.
        const batch = await listEvents(ctx.db, auth.location.id, sentSeq, REPLAY_PAGE);
        replayPending = batch.length === REPLAY_PAGE;
        if (batch.length === 0) break;
        for (const event of batch) {
          if (!socket.connected) return;
          await sendWithAck(socket, event);
          sentSeq = event.seq;
        }
      }
    } catch (error) {
      ctx.log(`socket ${auth.register.id}: delivery stopped: ${(error as Error).message}`);
    } finally {
      running = false;
    }
  };
  // Subscribed before the replay reads the table, so an event committed meanwhile is either read or queued.
  const unsubscribe = ctx.events.subscribe(auth.location.id, (event: ServerEvent) => {
    if (event.seq <= sentSeq) return;
    live.push(event);
    void deliver();
  });
  socket.on('disconnect', unsubscribe);
  void deliver();
}

async function sendWithAck(socket: Socket, event: ServerEvent): Promise<void> {
  try {
    await socket.timeout(EVENT_ACK_TIMEOUT_MS).emitWithAck(SOCKET_EVENT, event);
  } catch {
    // No ack in time: carry on; the register's cursor and its feed poll cover anything it did not apply.
  }
}
