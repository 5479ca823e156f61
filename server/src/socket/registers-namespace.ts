import type { Server, Socket } from 'socket.io';
import { AppError, invalidRequest } from '../../../shared/contract/errors';
import { SOCKET_EVENT, SOCKET_NAMESPACE, SOCKET_TIME, SocketAuthSchema, type ServerEvent } from '../../../shared/contract/events';
import type { AppContext } from '../app-context';
import { registerByToken, type RegisterAuth } from '../auth/authenticate';
import { listEvents } from '../events/event-log';

/** How long one `event` waits for the register's ack before the next is sent anyway (order is kept by the socket). */
const EVENT_ACK_TIMEOUT_MS = 5_000;
const REPLAY_PAGE = 500;

type SocketData = { auth: RegisterAuth; afterSeq: number };

/**
 * `/registers`: authenticated by a register token, replays stored events after `afterSeq`, then live ones, one
 * at a time with an ack, gap-free: a live event with a seq beyond the next expected one makes the socket read the
 * missing ones from the table first (events committed by another process, or published out of order).
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
  let wanted = 0; // the highest seq known to exist
  let running = false;
  // One delivery loop per socket: reads from the table whatever lies between what was sent and what exists.
  const deliver = async () => {
    if (running) return;
    running = true;
    try {
      while (socket.connected) {
        const batch = await listEvents(ctx.db, auth.location.id, sentSeq, REPLAY_PAGE);
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
    if (socket.connected && wanted > sentSeq) void deliver();
  };
  const unsubscribe = ctx.events.subscribe(auth.location.id, (event: ServerEvent) => {
    wanted = Math.max(wanted, event.seq);
    if (event.seq > sentSeq) void deliver();
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
