import { useState } from 'react';
import type { CatalogItem, Session } from '../../../../shared/contract/entities';
import { whenLabel, whenParts } from '../../app/format';
import { useSnapshot } from '../../app/register-store';
import { useStudio } from '../../app/studio';
import { InlineError } from '../../components/InlineError';
import { SeatPickerDialog } from './SeatPickerDialog';
import { useAddLine } from './use-add-line';

const SESSIONS_SHOWN = 4;

function spotsLeft(session: Session): number {
  return Math.max(0, session.capacity - session.booked - session.held);
}

/** A class's upcoming sessions with their availability; reserved-seating classes open the seat picker. */
export function ClassSessions({ item, disabled }: { item: CatalogItem; disabled: boolean }) {
  const snapshot = useSnapshot();
  const { add, busy, error } = useAddLine();
  const [seatingFor, setSeatingFor] = useState<Session | null>(null);
  const [showAll, setShowAll] = useState(false);
  const { timeZone } = useStudio();
  const inCart = new Set((snapshot.cart?.lines ?? []).map((line) => line.sessionId).filter(Boolean));
  const sessions = [...(item.sessions ?? [])].sort((a, b) => a.startsAt.localeCompare(b.startsAt));

  if (sessions.length === 0) return <p className="muted small">No upcoming sessions.</p>;
  const shown = showAll ? sessions : sessions.slice(0, SESSIONS_SHOWN);
  return (
    <>
      <InlineError error={error} />
      <ul className="session-list" aria-label={`Sessions of ${item.name}`}>
        {shown.map((session) => {
          const left = spotsLeft(session);
          const { day, time } = whenParts(session.startsAt, timeZone, snapshot.today);
          const seated = (session.seats?.length ?? 0) > 0;
          const availability = left === 0 ? 'Full' : `${left} ${left === 1 ? 'spot' : 'spots'} left`;
          const meta = `${session.durationMin} min${seated ? ' · reserved seating' : ''}`;
          const inCartText = inCart.has(session.id) ? ', in cart' : '';
          // The name says everything the button shows, in its order, so speech input users can say what they see.
          const what = `${item.name}, ${day} ${time}, ${meta}${inCartText}, ${availability}`;
          const label = seated ? `Choose a seat for ${what}` : `Add ${what}`;
          return (
            <li key={session.id}>
              <button
                type="button"
                className="session"
                aria-label={label}
                disabled={disabled || left === 0}
                aria-busy={busy || undefined}
                onClick={() => (seated ? setSeatingFor(session) : add({ itemId: item.id, sessionId: session.id }))}
              >
                <span className="session__when">
                  {day} <span className="nowrap">{time}</span>
                </span>{' '}
                <span className="session__meta">{meta}</span> {inCart.has(session.id) && <span className="chip">In cart</span>}{' '}
                <span className={left === 0 ? 'availability availability--full' : left <= 3 ? 'availability availability--low' : 'availability'}>
                  {availability}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
      {sessions.length > SESSIONS_SHOWN && (
        <button type="button" className="button button--quiet button--small" aria-expanded={showAll} onClick={() => setShowAll(!showAll)}>
          {showAll ? `Show fewer ${item.name} sessions` : `Show all ${sessions.length} ${item.name} sessions`}
        </button>
      )}
      {seatingFor && (
        <SeatPickerDialog
          item={item}
          session={(item.sessions ?? []).find((s) => s.id === seatingFor.id) ?? seatingFor}
          when={whenLabel(seatingFor.startsAt, timeZone, snapshot.today)}
          onClose={() => setSeatingFor(null)}
        />
      )}
    </>
  );
}
