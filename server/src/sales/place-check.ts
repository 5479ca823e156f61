import type { CatalogItem, PricedLine } from '@frontdesk/shared/contract/entities';
import { AppError } from '@frontdesk/shared/contract/errors';

/**
 * Whether the places a priced cart takes are still free in `items` (read after the session and slot rows were
 * locked). Throws seat_unavailable / capacity_unavailable with the ids the register needs to say which.
 */
export function assertPlacesFree(lines: readonly PricedLine[], items: readonly CatalogItem[]): void {
  const sessions = new Map(items.flatMap((item) => item.sessions ?? []).map((session) => [session.id, session]));
  const slotStates = new Map(items.flatMap((item) => item.slots ?? []).map((slot) => [slot.id, slot.state]));
  const wanted = new Map<string, number>();
  for (const line of lines) {
    if (line.sessionId) {
      const session = sessions.get(line.sessionId);
      if (line.seatId && session?.seats?.find((seat) => seat.id === line.seatId)?.state !== 'free') {
        const seat = line.seatLabel ? `Seat ${line.seatLabel}` : 'That seat';
        throw new AppError('seat_unavailable', `${seat} is already taken. Please pick a different seat.`, {
          sessionId: line.sessionId,
          seatId: line.seatId,
        });
      }
      wanted.set(line.sessionId, (wanted.get(line.sessionId) ?? 0) + line.quantity);
    }
    if (line.slotId && slotStates.get(line.slotId) !== 'free') {
      throw new AppError('capacity_unavailable', 'That appointment time is already booked. Please pick another time.', {
        sessionId: line.slotId,
        slotId: line.slotId,
      });
    }
  }
  for (const [sessionId, count] of wanted) {
    const session = sessions.get(sessionId);
    if (!session || session.booked + session.held + count > session.capacity) {
      throw new AppError('capacity_unavailable', 'That class is full.', { sessionId });
    }
  }
}
