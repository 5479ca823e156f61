import { useCallback, useEffect, useRef, useState } from 'react';
import type { SettingsInfo } from '../../../../shared/contract/desk-settings';
import { useRegister } from '../../app/register-store';
import { AppSection } from './AppSection';
import { DeskSection } from './DeskSection';
import { DiagnosticsSection } from './DiagnosticsSection';
import { RegisterSection } from './RegisterSection';
import { ServerSection } from './ServerSection';
import { SettingsPinGate } from './SettingsPinGate';
import './settings.css';

/** This register's settings, behind an owner's or a manager's PIN; leaving the screen closes them. */
export function SettingsScreen() {
  const { call } = useRegister();
  const [info, setInfo] = useState<SettingsInfo | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  const onLocked = useCallback((message: string) => {
    setInfo(null);
    setNotice(message);
  }, []);
  const close = () => {
    setInfo(null);
    setNotice(null);
    void call('settings.close', {}).catch(() => undefined);
  };
  useEffect(() => () => void call('settings.close', {}).catch(() => undefined), [call]);
  const opened = info !== null;
  useEffect(() => {
    if (opened) heading.current?.focus();
  }, [opened]);

  if (!info) {
    return (
      <SettingsPinGate
        notice={notice}
        onOpened={(next) => {
          setNotice(null);
          setInfo(next);
        }}
      />
    );
  }
  const props = { info, onInfo: setInfo, onLocked };
  return (
    <main className="page settings" aria-labelledby="settings-title">
      <header className="page__header">
        <div>
          <h1 id="settings-title" ref={heading} tabIndex={-1}>
            Settings
          </h1>
          <p className="muted">
            Opened by {info.openedBy.name} ({info.openedBy.role})
          </p>
        </div>
        <button type="button" className="button" onClick={close}>
          Close settings
        </button>
      </header>
      <ServerSection {...props} />
      <RegisterSection {...props} />
      <AppSection {...props} />
      <DeskSection {...props} />
      <DiagnosticsSection {...props} />
    </main>
  );
}
