import { useState, type FormEvent } from 'react';
import { useRegister, useSnapshot } from '../../app/register-store';
import { InlineError } from '../../components/InlineError';
import { ReenrollDialog } from './ReenrollDialog';
import type { SectionProps } from './section-props';
import { useSettingsAction } from './use-settings-action';

/** The register's name (renamed on the server, which the studio's reports read) and re-enrolling with another server or code. */
export function RegisterSection({ info, onInfo, onLocked }: SectionProps) {
  const { call } = useRegister();
  const offline = useSnapshot().connection.kind === 'offline';
  const { run, busy, error } = useSettingsAction(onLocked);
  const register = info.register;
  const [name, setName] = useState(register?.name ?? '');
  const [renamed, setRenamed] = useState<string | null>(null);
  const [reenrolling, setReenrolling] = useState(false);

  const rename = async (event: FormEvent) => {
    event.preventDefault();
    setRenamed(null);
    const answer = await run(() => call('settings.renameRegister', { name: name.trim() }));
    if (answer) {
      onInfo(answer.info);
      setRenamed(answer.message);
    }
  };

  return (
    <section className="card settings__section" aria-labelledby="settings-register-title">
      <h2 id="settings-register-title">Register</h2>
      {register && (
        <dl className="settings__facts">
          <dt>Studio</dt>
          <dd>{info.locationName}</dd>
          <dt>Register number</dt>
          <dd>{register.number}</dd>
        </dl>
      )}
      <form className="settings__row" onSubmit={(e) => void rename(e)}>
        <label className="field field--grow">
          <span>Register name</span>
          <input
            required
            maxLength={120}
            value={name}
            onChange={(e) => {
              setName(e.target.value);
              setRenamed(null);
            }}
          />
        </label>
        <button type="submit" className="button" disabled={busy || offline || name.trim().length === 0 || name.trim() === register?.name}>
          Rename
        </button>
      </form>
      <p className="muted">
        {offline
          ? 'Renaming needs the server, which keeps the name for the studio’s reports. The register is offline right now.'
          : 'The new name is saved on the server: the studio’s reports use it too.'}
      </p>
      <div role="status" aria-live="polite">
        {renamed && <p className="muted">{renamed}</p>}
      </div>
      <InlineError error={error} />
      <div className="settings__row">
        <button type="button" className="button" disabled={info.reenrollBlocked !== null} onClick={() => setReenrolling(true)}>
          Re-enroll…
        </button>
        {info.reenrollBlocked && (
          <p className="muted" data-code={info.reenrollBlocked.code}>
            {info.reenrollBlocked.message}
          </p>
        )}
      </div>
      {reenrolling && (
        <ReenrollDialog
          serverUrl={info.serverUrl ?? 'https://'}
          name={register?.name ?? 'Front desk'}
          onLocked={onLocked}
          onClose={() => setReenrolling(false)}
        />
      )}
    </section>
  );
}
