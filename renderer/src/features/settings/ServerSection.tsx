import { useState } from 'react';
import type { ConnectionTest } from '../../../../shared/contract/desk-settings';
import { useRegister } from '../../app/register-store';
import { InlineError } from '../../components/InlineError';
import type { SectionProps } from './section-props';
import { useSettingsAction } from './use-settings-action';

/** The server this register talks to, and a connection test for it or for another address IT gives. */
export function ServerSection({ info, onLocked }: SectionProps) {
  const { call } = useRegister();
  const { run, busy, error } = useSettingsAction(onLocked);
  const [url, setUrl] = useState(info.serverUrl ?? 'https://');
  const [result, setResult] = useState<ConnectionTest | null>(null);

  const test = async () => {
    setResult(null);
    const answer = await run(() => call('settings.testConnection', { serverUrl: url.trim() }));
    if (answer) setResult(answer);
  };

  return (
    <section className="card settings__section" aria-labelledby="settings-server-title">
      <h2 id="settings-server-title">Server</h2>
      <div className="settings__row">
        <label className="field field--grow">
          <span>Server URL</span>
          <input
            type="url"
            value={url}
            autoComplete="url"
            onChange={(e) => {
              setUrl(e.target.value);
              setResult(null);
            }}
          />
        </label>
        <button type="button" className="button" disabled={busy || url.trim().length === 0} onClick={() => void test()}>
          {busy ? 'Testing…' : 'Test connection'}
        </button>
      </div>
      <div role="status" aria-live="polite">
        {result && (
          <p className={`settings__answer ${result.ok ? 'settings__answer--ok' : 'settings__answer--problem'}`} data-result={result.ok ? 'ok' : result.problem}>
            {result.message}
          </p>
        )}
      </div>
      <InlineError error={error} />
      <p className="muted small">To move this register to another server, re-enroll it under Register.</p>
    </section>
  );
}
