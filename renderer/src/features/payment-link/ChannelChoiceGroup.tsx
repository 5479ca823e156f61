import { useId } from 'react';
import { CHANNEL_CHOICES, CHANNEL_LABEL, type ChannelChoice } from './contact';
import '../../styles/qr.css';

type Props = {
  value: ChannelChoice;
  onChange: (choice: ChannelChoice) => void;
  /** The choices offered; all of them (Email, SMS, Both, Show QR code) unless given. */
  choices?: readonly ChannelChoice[];
  disabled?: boolean;
};

/** Email, SMS, Both or Show QR code, as a native radio group: arrow keys move the choice, Tab leaves it. */
export function ChannelChoiceGroup({ value, onChange, choices = CHANNEL_CHOICES, disabled }: Props) {
  const legendId = useId();
  const name = useId();
  return (
    <fieldset className="channel-choice" role="radiogroup" aria-labelledby={legendId} disabled={disabled}>
      <legend id={legendId}>How the client gets the link</legend>
      <div className="channel-choice__options">
        {choices.map((choice) => (
          <label key={choice} className={choice === 'qr' ? 'channel-choice__option channel-choice__option--qr' : 'channel-choice__option'}>
            <input
              type="radio"
              name={name}
              value={choice}
              checked={value === choice}
              data-autofocus={value === choice ? true : undefined}
              onChange={() => onChange(choice)}
            />
            <span>{CHANNEL_LABEL[choice]}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
