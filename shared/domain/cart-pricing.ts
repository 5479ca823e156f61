import type { CartLine, CatalogItem, PricedLine } from '../contract/entities';
import type { ErrorCode } from '../contract/errors';
import { addCents, multiplyCents } from './money';

export type PricingResult =
  { ok: true; lines: PricedLine[]; totalCents: number } | { ok: false; code: ErrorCode; message: string; details?: Record<string, unknown> };

type Refusal = Extract<PricingResult, { ok: false }>;
const refuse = (code: ErrorCode, message: string, details?: Record<string, unknown>): Refusal => ({
  ok: false,
  code,
  message,
  details,
});

/**
 * Resolves each cart line against the catalog: checks that it names what its kind needs (a session, a seat where
 * the class has reserved seating, a slot, a membership start) and prices it. Availability is not checked here:
 * only the server can judge it. A charge-later membership costs nothing today (its first charge is on its start).
 */
export function priceCart(lines: readonly CartLine[], items: readonly CatalogItem[], today: string): PricingResult {
  const byId = new Map(items.map((item) => [item.id, item]));
  const priced: PricedLine[] = [];
  for (const line of lines) {
    const item = byId.get(line.itemId);
    if (!item) return refuse('invalid_request', 'A cart line names an item that is not in the catalog.', { itemId: line.itemId });
    const result = priceLine(line, item, today);
    if (!result.ok) return result;
    priced.push(result.line);
  }
  const seen = new Set<string>();
  for (const line of priced) {
    const place = line.seatId ? `seat:${line.sessionId}:${line.seatId}` : line.slotId ? `slot:${line.slotId}` : null;
    if (place && seen.has(place)) {
      return line.seatId
        ? refuse('seat_unavailable', 'That seat is already in the cart. Please pick a different seat.', {
            sessionId: line.sessionId,
            seatId: line.seatId,
          })
        : refuse('capacity_unavailable', 'That appointment slot is already in the cart.', { sessionId: line.slotId });
    }
    if (place) seen.add(place);
  }
  return { ok: true, lines: priced, totalCents: addCents(priced.map((l) => l.totalCents)) };
}

function priceLine(line: CartLine, item: CatalogItem, today: string): { ok: true; line: PricedLine } | Refusal {
  const base = { ...line, kind: item.kind, name: item.name, unitCents: item.priceCents };
  const placeFields = line.sessionId !== undefined || line.slotId !== undefined || line.seatId !== undefined;
  switch (item.kind) {
    case 'class': {
      const session = item.sessions?.find((s) => s.id === line.sessionId);
      if (!session) return refuse('invalid_request', `Choose a session of ${item.name}.`, { itemId: item.id });
      if (line.quantity !== 1) return refuse('invalid_request', 'A class spot is booked one at a time.', { lineId: line.id });
      if (line.slotId !== undefined) return refuse('invalid_request', 'A class line takes no appointment slot.');
      let seatLabel: string | undefined;
      if (session.seats && session.seats.length > 0) {
        const seat = session.seats.find((s) => s.id === line.seatId);
        if (!seat) return refuse('invalid_request', `Choose a seat for ${item.name}.`, { sessionId: session.id });
        seatLabel = seat.label;
      } else if (line.seatId !== undefined) {
        return refuse('invalid_request', 'This class has no reserved seating.', { sessionId: session.id });
      }
      return {
        ok: true,
        line: { ...base, startsAt: session.startsAt, ...(seatLabel ? { seatLabel } : {}), totalCents: item.priceCents },
      };
    }
    case 'appointment': {
      const slot = item.slots?.find((s) => s.id === line.slotId);
      if (!slot) return refuse('invalid_request', `Choose a time for ${item.name}.`, { itemId: item.id });
      if (line.quantity !== 1 || line.sessionId !== undefined || line.seatId !== undefined) {
        return refuse('invalid_request', 'An appointment slot is booked one at a time.', { lineId: line.id });
      }
      return { ok: true, line: { ...base, startsAt: slot.startsAt, staffName: slot.staffName, totalCents: item.priceCents } };
    }
    case 'membership': {
      if (placeFields || line.quantity !== 1) return refuse('invalid_request', 'A membership line is one membership.');
      const startsOn = line.startsOn ?? today;
      if (startsOn < today) return refuse('invalid_request', 'A membership cannot start in the past.', { startsOn });
      const chargeLater = line.chargeLater === true;
      if (chargeLater && !item.membership?.chargeLaterAllowed) {
        return refuse('invalid_request', `${item.name} cannot be charged later.`, { itemId: item.id });
      }
      if (chargeLater && startsOn === today) {
        return refuse('invalid_request', 'Charge later needs a start date after today.', { startsOn });
      }
      return { ok: true, line: { ...base, startsOn, chargeLater, totalCents: chargeLater ? 0 : item.priceCents } };
    }
    case 'package':
    case 'product': {
      if (placeFields || line.startsOn !== undefined || line.chargeLater !== undefined) {
        return refuse('invalid_request', `${item.name} takes no session, seat, slot or start date.`);
      }
      return { ok: true, line: { ...base, totalCents: multiplyCents(item.priceCents, line.quantity) } };
    }
  }
}

/** A membership that starts after today and is charged later: a deferred subscription, not payable by link. */
export function isDeferredSubscription(line: Pick<CartLine, 'startsOn' | 'chargeLater'>, today: string): boolean {
  return line.chargeLater === true && line.startsOn !== undefined && line.startsOn > today;
}
