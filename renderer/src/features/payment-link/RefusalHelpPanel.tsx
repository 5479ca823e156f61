import type { Seat } from '../../../../shared/contract/entities';
import type { CartView } from '../../../../shared/contract/register-view';
import { money, whenLabel } from '../../app/format';
import { useRegister } from '../../app/register-store';
import { useStudio } from '../../app/studio';
import { useAction } from '../../app/use-action';
import { InlineError } from '../../components/InlineError';
import { SeatGrid } from '../catalog/SeatGrid';
import type { RefusalHelp } from './link-refusal';

/**
 * What staff can do about a refusal without leaving the dialog: swap a seat another link holds, drop a full
 * session, or check the refreshed total. `onFixed` runs after the cart changed, so the refusal can be cleared.
 */
export function RefusalHelpPanel({ help, cart, onFixed }: { help: RefusalHelp; cart: CartView; onFixed: (sentence: string) => void }) {
  const { call } = useRegister();
  const { timeZone, today } = useStudio();
  const { run, busy, error } = useAction();

  if (help.kind === 'none') return null;

  if (help.kind === 'prices_refreshed') {
    return (
      <p className="refusal-help" role="status">
        Prices were refreshed: the cart total is now <strong>{money(cart.totalCents, cart.currency)}</strong>. Check it with the client, then send the link
        again.
      </p>
    );
  }

  if (help.kind === 'full') {
    if (!help.line) return null;
    const line = help.line;
    const when = line.startsAt ? `, ${whenLabel(line.startsAt, timeZone, today)}` : '';
    const remove = async () => {
      const done = await run(() => call('cart.removeLine', { lineId: line.id }));
      if (done) onFixed(`${line.name}${when} was removed from the cart. Choose another time from the catalog, or send the link for the rest.`);
    };
    return (
      <div className="refusal-help">
        <p>
          {line.name}
          {when} has no place left. Choose another time from the catalog after removing it.
        </p>
        <InlineError error={error} />
        <button type="button" className="button button--small" disabled={busy} onClick={remove}>
          Remove {line.name}
          {when} from the cart
        </button>
      </div>
    );
  }

  const { line, item, session } = help;
  const when = whenLabel(session.startsAt, timeZone, today);
  // The refused seat is this cart's but held by another link: show it as the server sees it, not as "in cart".
  const inCart = new Set(cart.lines.filter((l) => l.sessionId === session.id && l.id !== line.id).map((l) => l.seatId));
  const swap = async (seat: Seat) => {
    const done = await run(async () => {
      await call('cart.removeLine', { lineId: line.id });
      return call('cart.addLine', { itemId: item.id, sessionId: session.id, seatId: seat.id });
    });
    if (done) onFixed(`Seat ${seat.label} is now in the cart instead of seat ${line.seatLabel ?? ''}. Send the link again.`);
  };
  return (
    <section className="refusal-help" aria-label="Pick a different seat">
      <h3>
        Pick a different seat for {item.name}, {when}
      </h3>
      <SeatGrid session={session} inCart={inCart} busy={busy} onChoose={swap} />
      <InlineError error={error} />
    </section>
  );
}
