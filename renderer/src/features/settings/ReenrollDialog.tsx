import { useState, type FormEvent } from 'react';
import { useRegister } from '../../app/register-store';
import { Dialog } from '../../components/Dialog';
import { InlineError } from '../../components/InlineError';
import { EnrollmentFields, trimmedEnrollment } from '../enrollment/EnrollmentFields';
import { useSettingsAction } from './use-settings-action';

/** Re-enroll with a new server URL and code, after saying what it does: everyone signs in again. */
export function ReenrollDialog(props: { serverUrl: string; name: string; onClose: () => void; onLocked: (message: string) => void }) {
  const { call } = useRegister();
  const { run, busy, error } = useSettingsAction(props.onLocked);
  const [values, setValues] = useState({ serverUrl: props.serverUrl, code: '', name: props.name });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    // On success the register signs everyone out and the sign-in screen replaces Settings.
    void run(() => call('settings.reenroll', trimmedEnrollment(values)));
  };

  return (
    <Dialog title="Re-enroll this register" onClose={props.onClose}>
      <form className="settings__dialog-form" onSubmit={submit}>
        <p>
          This register leaves its current enrollment and joins the server below with a new code. Its sales history stays on this computer; everyone signs in
          again afterwards.
        </p>
        <EnrollmentFields values={values} onChange={setValues} />
        <InlineError error={error} />
        <button type="submit" className="button button--primary button--block" disabled={busy || values.code.trim().length === 0}>
          {busy ? 'Re-enrolling…' : 'Re-enroll'}
        </button>
      </form>
    </Dialog>
  );
}
