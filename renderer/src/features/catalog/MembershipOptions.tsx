import { useId, useState } from 'react';
import type { CatalogItem } from '../../../../shared/contract/entities';
import { useSnapshot } from '../../app/register-store';
import { InlineError } from '../../components/InlineError';
import { useAddLine } from './use-add-line';

/** A membership starts today or on a chosen date; a future start may be charged on that date instead of now. */
export function MembershipOptions({ item, disabled }: { item: CatalogItem; disabled: boolean }) {
  const { today } = useSnapshot();
  const { add, busy, error } = useAddLine();
  const [startsOn, setStartsOn] = useState(today);
  const [chargeLater, setChargeLater] = useState(false);
  const hintId = useId();
  const allowed = item.membership?.chargeLaterAllowed === true;
  const future = startsOn > today;
  const validDate = /^\d{4}-\d{2}-\d{2}$/.test(startsOn) && startsOn >= today;

  const submit = () => add({ itemId: item.id, startsOn, ...(allowed && future && chargeLater ? { chargeLater: true } : {}) });

  return (
    <div className="membership-options">
      <label className="field">
        <span>Start date</span>
        <input
          type="date"
          aria-label={`Start date for ${item.name}`}
          min={today}
          value={startsOn}
          onChange={(e) => {
            setStartsOn(e.target.value);
            if (e.target.value <= today) setChargeLater(false);
          }}
        />
      </label>
      {allowed && (
        <label className={future ? 'checkbox' : 'checkbox checkbox--disabled'}>
          <input
            type="checkbox"
            checked={future && chargeLater}
            disabled={!future}
            aria-describedby={hintId}
            onChange={(e) => setChargeLater(e.target.checked)}
          />
          <span>Charge later</span>
        </label>
      )}
      {allowed && (
        <p id={hintId} className="muted small">
          {future
            ? chargeLater
              ? 'Nothing is charged today; the first charge is on the start date.'
              : 'Charged today.'
            : 'Pick a future start date to charge on that date.'}
        </p>
      )}
      {!validDate && <p className="inline-error">Choose today or a later date.</p>}
      <InlineError error={error} />
      <button type="button" className="button button--primary item-card__add" disabled={disabled || !validDate} aria-busy={busy || undefined} onClick={submit}>
        Add {item.name}
      </button>
    </div>
  );
}
