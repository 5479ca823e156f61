import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useRegister } from '../../app/register-store';
import { useAction } from '../../app/use-action';
import { InlineError } from '../../components/InlineError';
import { PinKeypad } from './PinKeypad';

const MAX_PIN = 6;

export function SignInScreen() {
  const { call } = useRegister();
  const { run, busy, error, clearError } = useAction();
  const [pin, setPin] = useState('');
  const input = useRef<HTMLInputElement>(null);

  const update = (next: string) => {
    setPin(next.replace(/\D/g, '').slice(0, MAX_PIN));
    if (error) clearError();
  };

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (pin.length < 4) return;
    const result = await run(() => call('staff.signIn', { pin }));
    if (!result) setPin('');
  };

  // A refused PIN: the field is cleared and takes the next try, also when the keypad was used. The field is
  // disabled while checking, so focus waits until it is enabled again.
  useEffect(() => {
    if (error && !busy) input.current?.focus();
  }, [error, busy]);

  return (
    <main className="center-stage">
      <form className="card card--narrow signin" onSubmit={submit} aria-labelledby="signin-title">
        <h1 id="signin-title">Sign in</h1>
        <p className="muted">Enter your 4–6 digit staff PIN.</p>
        <label className="field field--pin">
          <span className="visually-hidden">PIN</span>
          <input
            ref={input}
            type="password"
            inputMode="numeric"
            autoComplete="off"
            autoFocus
            aria-label="PIN"
            maxLength={MAX_PIN}
            value={pin}
            disabled={busy}
            placeholder="••••"
            onChange={(e) => update(e.target.value)}
          />
        </label>
        <InlineError error={error} />
        <PinKeypad disabled={busy} onDigit={(d) => update(pin + d)} onBackspace={() => update(pin.slice(0, -1))} />
        <button type="submit" className="button button--primary button--block" disabled={busy || pin.length < 4}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
