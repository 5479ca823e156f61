import { dateTime } from '../../app/format';
import { useRegister } from '../../app/register-store';
import { useStudio } from '../../app/studio';
import { InlineError } from '../../components/InlineError';
import type { SectionProps } from './section-props';
import { updateWords } from './settings-words';
import { useSettingsAction } from './use-settings-action';

/** The app's and the database's versions, and the updater's state with its release notes. */
export function AppSection({ info, onInfo, onLocked }: SectionProps) {
  const { call } = useRegister();
  const { timeZone } = useStudio();
  const { run, busy, error } = useSettingsAction(onLocked);
  const update = info.update;

  const check = async () => {
    const answer = await run(() => call('settings.checkForUpdates', {}));
    if (answer) onInfo(answer);
  };

  return (
    <section className="card settings__section" aria-labelledby="settings-app-title">
      <h2 id="settings-app-title">App</h2>
      <dl className="settings__facts">
        <dt>Version</dt>
        <dd>{info.appVersion}</dd>
        <dt>Database schema</dt>
        <dd>{info.schemaVersion ?? 'unknown'}</dd>
        <dt>Runs in</dt>
        <dd>{info.host === 'electron' ? 'The installed app' : 'The browser host (from the repository)'}</dd>
      </dl>
      <p role="status" data-update={update.kind}>
        {updateWords(update, (ms) => dateTime(new Date(ms).toISOString(), timeZone))}
      </p>
      {update.kind === 'ready' && update.releaseNotes && (
        <details>
          <summary>Release notes for {update.version}</summary>
          <p className="settings__notes">{update.releaseNotes}</p>
        </details>
      )}
      <InlineError error={error} />
      {update.kind !== 'unavailable' && (
        <div className="settings__row">
          <button type="button" className="button" disabled={busy || update.kind === 'checking' || update.kind === 'downloading'} onClick={() => void check()}>
            {busy ? 'Checking…' : 'Check for updates'}
          </button>
        </div>
      )}
    </section>
  );
}
