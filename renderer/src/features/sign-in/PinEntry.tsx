import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useAction, type ActionError } from '../../app/use-action';
import { InlineError } from '../../components/InlineError';
import { PinKeypad } from './PinKeypad';

const MAX_PIN = 6;

/** Keeps what may be a PIN: digits only, at most six. */
const pinDigits = (text: string) => text.replace(/\D/g, '').slice(0, MAX_PIN);

/**
 * The PIN field, its refusal and the keypad, for sign-in and for Settings. A refused PIN: the field takes the next
 * try, also when the keypad was used; it is disabled while checking, so focus waits until it is enabled again.
 */
export function PinEntry(props: { label: string; pin: string; onPin: (pin: string) => void; busy: boolean; error: ActionError | null }) {
  const input = useRef<HTMLInputElement>(null);
  const { error, busy } = props;
  useEffect(() => {
    if (error && !busy) input.current?.focus();
  }, [error, busy]);

  return (
    <>
      <label className="field field--pin">
        <span className="visually-hidden">{props.label}</span>
        <input
          ref={input}
          type="password"
          inputMode="numeric"
          autoComplete="off"
          autoFocus
          aria-label={props.label}
          maxLength={MAX_PIN}
          value={props.pin}
          disabled={busy}
          placeholder="••••"
          onChange={(e) => props.onPin(pinDigits(e.target.value))}
        />
      </label>
      <InlineError error={error} />
      <PinKeypad disabled={busy} onDigit={(d) => props.onPin(pinDigits(props.pin + d))} onBackspace={() => props.onPin(props.pin.slice(0, -1))} />
    </>
  );
}

/** The PIN typed so far and its check: a 4–6 digit PIN goes to `check`; the field is cleared for the next try. */
export function usePinEntry<T>(check: (pin: string) => Promise<T>) {
  const { run, busy, error, clearError } = useAction();
  const [pin, setPin] = useState('');
  const onPin = (next: string) => {
    setPin(next);
    if (error) clearError();
  };
  const submit = async (event?: FormEvent): Promise<T | undefined> => {
    event?.preventDefault();
    if (pin.length < 4) return undefined;
    const result = await run(() => check(pin));
    setPin('');
    return result;
  };
  return { field: { pin, onPin, busy, error }, submit, busy, ready: !busy && pin.length >= 4 };
}
