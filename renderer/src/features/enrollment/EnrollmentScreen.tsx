import { useState, type FormEvent } from 'react';
import { useRegister, useSnapshot } from '../../app/register-store';
import { useAction } from '../../app/use-action';
import { InlineError } from '../../components/InlineError';

/** First run: point this register at the studio's cloud service with the code an owner gave out. */
export function EnrollmentScreen() {
  const { call } = useRegister();
  const { run, busy, error } = useAction();
  const { enrollment } = useSnapshot();
  const [serverUrl, setServerUrl] = useState((enrollment.kind === 'unenrolled' && enrollment.defaultServerUrl) || 'https://');
  const [code, setCode] = useState('');
  const [name, setName] = useState('Front desk');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(() => call('register.enroll', { serverUrl: serverUrl.trim(), code: code.trim(), name: name.trim() }));
  };

  return (
    <main className="center-stage">
      <form className="card card--narrow" onSubmit={submit} aria-labelledby="enroll-title">
        <h1 id="enroll-title">Set up this register</h1>
        <p className="muted">Connect this computer to your studio. You only do this once.</p>
        <label className="field">
          <span>Server URL</span>
          <input type="url" required value={serverUrl} onChange={(e) => setServerUrl(e.target.value)} autoComplete="url" />
        </label>
        <label className="field">
          <span>Enrollment code</span>
          <input required value={code} onChange={(e) => setCode(e.target.value)} autoComplete="off" autoFocus />
        </label>
        <label className="field">
          <span>Register name</span>
          <input required maxLength={120} value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <InlineError error={error} />
        <button type="submit" className="button button--primary button--block" disabled={busy}>
          {busy ? 'Enrolling…' : 'Enroll register'}
        </button>
      </form>
    </main>
  );
}
