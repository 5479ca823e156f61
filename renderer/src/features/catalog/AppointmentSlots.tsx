import { useState } from 'react';
import type { CatalogItem } from '../../../../shared/contract/entities';
import { whenParts } from '../../app/format';
import { useSnapshot } from '../../app/register-store';
import { useStudio } from '../../app/studio';
import { InlineError } from '../../components/InlineError';
import { useAddLine } from './use-add-line';

const SLOTS_SHOWN = 12;

/** Appointment slots: free ones can be booked, held and booked ones are shown as taken. */
export function AppointmentSlots({ item, disabled }: { item: CatalogItem; disabled: boolean }) {
  const snapshot = useSnapshot();
  const { add, busy, error } = useAddLine();
  const [showAll, setShowAll] = useState(false);
  const { timeZone } = useStudio();
  const inCart = new Set((snapshot.cart?.lines ?? []).map((line) => line.slotId).filter(Boolean));
  const slots = [...(item.slots ?? [])].sort((a, b) => a.startsAt.localeCompare(b.startsAt));

  if (slots.length === 0) return <p className="muted small">No open times.</p>;
  return (
    <>
      <InlineError error={error} />
      <ul className="slot-grid" aria-label={`Times for ${item.name}`}>
        {(showAll ? slots : slots.slice(0, SLOTS_SHOWN)).map((slot) => {
          const { day, time } = whenParts(slot.startsAt, timeZone, snapshot.today);
          const taken = slot.state !== 'free' || inCart.has(slot.id);
          const status = inCart.has(slot.id) ? 'in cart' : slot.state === 'free' ? '' : 'taken';
          // What the button shows (the time, then who or why it is taken), in that order, after what it does.
          const shown = status ? status[0].toUpperCase() + status.slice(1) : `with ${slot.staffName}`;
          return (
            <li key={slot.id}>
              <button
                type="button"
                className={taken ? 'slot slot--taken' : 'slot'}
                aria-label={`Book ${item.name}, ${day} ${time} ${status ? `${shown}, with ${slot.staffName}` : shown}`}
                disabled={disabled || taken}
                aria-busy={busy || undefined}
                onClick={() => add({ itemId: item.id, slotId: slot.id })}
              >
                <span className="slot__when">
                  {day} <span className="nowrap">{time}</span>
                </span>{' '}
                <span className="slot__staff">{shown}</span>
              </button>
            </li>
          );
        })}
      </ul>
      {slots.length > SLOTS_SHOWN && (
        <button type="button" className="button button--quiet button--small" aria-expanded={showAll} onClick={() => setShowAll(!showAll)}>
          {showAll ? 'Show fewer times' : `Show all ${slots.length} times`}
        </button>
      )}
    </>
  );
}
