import type { CatalogItem, Seat, Session } from '../../../../shared/contract/entities';
import { useSnapshot } from '../../app/register-store';
import { Dialog } from '../../components/Dialog';
import { InlineError } from '../../components/InlineError';
import { SeatGrid } from './SeatGrid';
import { useAddLine } from './use-add-line';

/** Choose a seat for a reserved-seating class session; the chosen seat goes into the cart. */
export function SeatPickerDialog(props: { item: CatalogItem; session: Session; when: string; onClose: () => void }) {
  const { cart } = useSnapshot();
  const { add, busy, error } = useAddLine();
  const inCart = new Set((cart?.lines ?? []).filter((l) => l.sessionId === props.session.id).map((l) => l.seatId));

  const choose = async (seat: Seat) => {
    const done = await add({ itemId: props.item.id, sessionId: props.session.id, seatId: seat.id });
    if (done) props.onClose();
  };

  return (
    <Dialog title={`Choose a seat — ${props.item.name}, ${props.when}`} onClose={props.onClose} wide>
      <SeatGrid session={props.session} inCart={inCart} busy={busy} onChoose={choose} />
      <InlineError error={error} />
    </Dialog>
  );
}
