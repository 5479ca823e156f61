import type { FormEvent } from 'react';
import type { SettingsInfo } from '../../../../shared/contract/desk-settings';
import { useRegister } from '../../app/register-store';
import { PinEntry, usePinEntry } from '../sign-in/PinEntry';

/** Settings ask for an owner's or a manager's PIN first, whoever is signed in at the desk. */
export function SettingsPinGate(props: { notice: string | null; onOpened: (info: SettingsInfo) => void }) {
  const { call } = useRegister();
  const entry = usePinEntry((pin) => call('settings.open', { pin }));
  const submit = async (event: FormEvent) => {
    const info = await entry.submit(event);
    if (info) props.onOpened(info);
  };

  return (
    <main className="center-stage">
      <form className="card card--narrow signin" onSubmit={(event) => void submit(event)} aria-labelledby="settings-pin-title">
        <h1 id="settings-pin-title">Settings</h1>
        <p className="muted">An owner or a manager enters their PIN to open this register's settings.</p>
        {props.notice && (
          <p className="notice notice--info" role="status">
            {props.notice}
          </p>
        )}
        <PinEntry label="Owner or manager PIN" {...entry.field} />
        <button type="submit" className="button button--primary button--block" disabled={!entry.ready}>
          {entry.busy ? 'Checking…' : 'Open settings'}
        </button>
      </form>
    </main>
  );
}
