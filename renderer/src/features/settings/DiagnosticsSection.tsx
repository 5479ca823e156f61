import { useState } from 'react';
import { useRegister } from '../../app/register-store';
import { InlineError } from '../../components/InlineError';
import type { SectionProps } from './section-props';
import { useSettingsAction } from './use-settings-action';

/** A folder for support: logs, versions, the database check and the outbox summary, without secrets. */
export function DiagnosticsSection({ info, onLocked }: SectionProps) {
  const { call } = useRegister();
  const { run, busy, error } = useSettingsAction(onLocked);
  const [path, setPath] = useState<string | null>(null);

  const save = async () => {
    const answer = await run(() => call('settings.saveDiagnostics', {}));
    if (answer) setPath(answer.path);
  };

  return (
    <section className="card settings__section" aria-labelledby="settings-diagnostics-title">
      <h2 id="settings-diagnostics-title">Diagnostics</h2>
      <p className="muted">Saves what support asks for first. It holds no PIN, token or card number.</p>
      <div className="settings__row">
        <button type="button" className="button" disabled={busy} onClick={() => void save()}>
          {busy ? 'Saving…' : 'Save diagnostics'}
        </button>
        {path && info.host === 'electron' && (
          <button type="button" className="button button--quiet" disabled={busy} onClick={() => void run(() => call('settings.showDiagnostics', {}))}>
            Show the folder
          </button>
        )}
      </div>
      <div role="status" aria-live="polite">
        {path && (
          <p>
            Saved in{' '}
            <span className="settings__path" data-testid="diagnostics-path">
              {path}
            </span>
          </p>
        )}
      </div>
      <InlineError error={error} />
    </section>
  );
}
