import { useState, type FormEvent } from 'react';
import { useRegister, useSnapshot } from '../../app/register-store';
import { useAction } from '../../app/use-action';
import { InlineError } from '../../components/InlineError';
import { EnrollmentFields, trimmedEnrollment } from './EnrollmentFields';

/** First run: point this register at the studio's cloud service with the code an owner gave out. */
export function EnrollmentScreen() {
  const { call } = useRegister();
  const { run, busy, error } = useAction();
  const { enrollment } = useSnapshot();
  const [values, setValues] = useState({
    serverUrl: (enrollment.kind === 'unenrolled' && enrollment.defaultServerUrl) || 'https://',
    code: '',
    name: 'Front desk',
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(() => call('register.enroll', trimmedEnrollment(values)));
  };

  return (
    <main className="center-stage">
      <form className="card card--narrow" onSubmit={submit} aria-labelledby="enroll-title">
        <h1 id="enroll-title">Set up this register</h1>
        <p className="muted">Connect this computer to your studio. You only do this once.</p>
        <EnrollmentFields values={values} onChange={setValues} />
        <InlineError error={error} />
        <button type="submit" className="button button--primary button--block" disabled={busy}>
          {busy ? 'Enrolling…' : 'Enroll register'}
        </button>
      </form>
    </main>
  );
}
