import type { Seat, Session } from '../../../../shared/contract/entities';

const STATE_TEXT: Record<Seat['state'] | 'in_cart', string> = { free: 'free', held: 'held', booked: 'booked', in_cart: 'in cart' };

/** The room as a grid of seats, front at the top. Held, booked and in-cart seats are shown but cannot be chosen. */
export function SeatGrid(props: { session: Session; inCart: ReadonlySet<string | undefined>; busy: boolean; onChoose: (seat: Seat) => void }) {
  const seats = props.session.seats ?? [];
  return (
    <>
      <p className="room-front" aria-hidden="true">
        Front of room
      </p>
      <div className="seat-grid" role="group" aria-label="Seats">
        {seats.map((seat) => {
          const state = props.inCart.has(seat.id) ? 'in_cart' : seat.state;
          const free = state === 'free';
          return (
            <button
              key={seat.id}
              type="button"
              className={`seat seat--${state}`}
              aria-label={`Seat ${seat.label}, ${STATE_TEXT[state]}`}
              disabled={!free || props.busy}
              onClick={() => props.onChoose(seat)}
            >
              <span className="seat__label">{seat.label}</span> <span className="seat__state">{STATE_TEXT[state]}</span>
            </button>
          );
        })}
      </div>
      <ul className="legend" aria-label="Legend">
        <li>
          <span className="swatch seat--free" aria-hidden="true" /> Free
        </li>
        <li>
          <span className="swatch seat--held" aria-hidden="true" /> Held for a payment
        </li>
        <li>
          <span className="swatch seat--booked" aria-hidden="true" /> Booked
        </li>
      </ul>
    </>
  );
}
