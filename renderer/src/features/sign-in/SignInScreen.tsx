import { useRegister } from '../../app/register-store';
import { PinEntry, usePinEntry } from './PinEntry';

export function SignInScreen() {
  const { call } = useRegister();
  const entry = usePinEntry((pin) => call('staff.signIn', { pin }));

  return (
    <main className="center-stage">
      <form className="card card--narrow signin" onSubmit={(event) => void entry.submit(event)} aria-labelledby="signin-title">
        <h1 id="signin-title">Sign in</h1>
        <p className="muted">Enter your 4–6 digit staff PIN.</p>
        <PinEntry label="PIN" {...entry.field} />
        <button type="submit" className="button button--primary button--block" disabled={!entry.ready}>
          {entry.busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
