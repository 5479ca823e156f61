import { useId } from 'react';
import { CHANNEL_CHOICES, CHANNEL_LABEL, type ChannelChoice } from './contact';

/** Email, SMS or Both, as a native radio group: arrow keys move the choice, Tab leaves it. */
export function ChannelChoiceGroup(props: { value: ChannelChoice; onChange: (choice: ChannelChoice) => void; disabled?: boolean }) {
  const legendId = useId();
  const name = useId();
  return (
    <fieldset className="channel-choice" role="radiogroup" aria-labelledby={legendId} disabled={props.disabled}>
      <legend id={legendId}>Send the link by</legend>
      <div className="channel-choice__options">
        {CHANNEL_CHOICES.map((choice) => (
          <label key={choice} className="channel-choice__option">
            <input
              type="radio"
              name={name}
              value={choice}
              checked={props.value === choice}
              data-autofocus={props.value === choice ? true : undefined}
              onChange={() => props.onChange(choice)}
            />
            <span>{CHANNEL_LABEL[choice]}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
