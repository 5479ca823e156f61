import type { CatalogItem, Seat, Session } from '../../../../shared/contract/entities';
import { useSnapshot } from '../../app/register-store';
import { Dialog } from '../../components/Dialog';
import { InlineError } from '../../components/InlineError';
import { useAddLine } from './use-add-line';

const STATE_TEXT: Record<Seat['state'] | 'in_cart', string> = { free: 'free', held: 'held', booked: 'booked', in_cart: 'in cart' };

/** The room as a grid of seats. Held and booked seats are shown but cannot be chosen. */
export function SeatPickerDialog(props: { item: CatalogItem; session: Session; when: string; onClose: () => void }) {
  const { cart } = useSnapshot();
  const { add, busy, error } = useAddLine();
  const inCart = new Set((cart?.lines ?? []).filter((l) => l.sessionId === props.session.id).map((l) => l.seatId));
  const seats = props.session.seats ?? [];

  const choose = async (seat: Seat) => {
    const done = await add({ itemId: props.item.id, sessionId: props.session.id, seatId: seat.id });
    if (done) props.onClose();
  };

  return (
    <Dialog title={`Choose a seat — ${props.item.name}, ${props.when}`} onClose={props.onClose} wide>
      <p className="room-front" aria-hidden="true">
        Front of room
      </p>
      <div className="seat-grid" role="group" aria-label="Seats">
        {seats.map((seat) => {
          const state = inCart.has(seat.id) ? 'in_cart' : seat.state;
          const free = state === 'free';
          return (
            <button
              key={seat.id}
              type="button"
              className={`seat seat--${state}`}
              aria-label={free ? `Seat ${seat.label}` : `Seat ${seat.label}, ${STATE_TEXT[state]}`}
              disabled={!free || busy}
              onClick={() => choose(seat)}
            >
              <span className="seat__label">{seat.label}</span>
              <span className="seat__state">{STATE_TEXT[state]}</span>
            </button>
          );
        })}
      </div>
      <InlineError error={error} />
      <ul className="legend" aria-label="Legend">
        <li><span className="swatch seat--free" aria-hidden="true" /> Free</li>
        <li><span className="swatch seat--held" aria-hidden="true" /> Held for a payment</li>
        <li><span className="swatch seat--booked" aria-hidden="true" /> Booked</li>
      </ul>
    </Dialog>
  );
}
