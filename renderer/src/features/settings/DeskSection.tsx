import { useState } from 'react';
import type { SettingsInfo } from '../../../../shared/contract/desk-settings';
import { useRegister } from '../../app/register-store';
import { InlineError } from '../../components/InlineError';
import type { SectionProps } from './section-props';
import { useSettingsAction } from './use-settings-action';

type DeskSettings = SettingsInfo['settings'];

const displayValue = (setting: DeskSettings['customerDisplay']) => (typeof setting === 'object' ? `display:${setting.displayId}` : setting);
const displaySetting = (value: string): DeskSettings['customerDisplay'] =>
  value.startsWith('display:') ? { displayId: value.slice('display:'.length) } : value === 'off' ? 'off' : 'auto';

/** Receipt printer and customer display: each change is saved and applied at once. */
export function DeskSection({ info, onInfo, onLocked }: SectionProps) {
  const { call } = useRegister();
  const { run, busy, error } = useSettingsAction(onLocked);
  const [saved, setSaved] = useState(false);
  const settings = info.settings;

  const save = async (change: Partial<DeskSettings>) => {
    setSaved(false);
    const answer = await run(() => call('settings.save', { ...settings, ...change }));
    if (answer) {
      onInfo(answer);
      setSaved(true);
    }
  };

  return (
    <>
      <section className="card settings__section" aria-labelledby="settings-printer-title">
        <h2 id="settings-printer-title">Receipt printer</h2>
        <label className="field">
          <span>Printer</span>
          <select
            value={settings.printerName ?? ''}
            disabled={busy}
            onChange={(e) => void save({ printerName: e.target.value === '' ? null : e.target.value })}
          >
            <option value="">Ask each time (the print dialog)</option>
            {info.printers.map((printer) => (
              <option key={printer.name} value={printer.name}>
                {printer.displayName}
                {printer.isDefault ? ' (default)' : ''}
              </option>
            ))}
          </select>
        </label>
        {info.printers.length === 0 && <p className="muted small">No printers are known here: receipts print through the browser's print dialog.</p>}
        <label className="checkbox">
          <input type="checkbox" checked={settings.printAfterSale} disabled={busy} onChange={(e) => void save({ printAfterSale: e.target.checked })} />
          Print after every sale
        </label>
      </section>
      <section className="card settings__section" aria-labelledby="settings-display-title">
        <h2 id="settings-display-title">Customer display</h2>
        <fieldset disabled={busy}>
          <legend>Show the customer display</legend>
          {[
            { value: 'off', label: 'Off' },
            { value: 'auto', label: 'Automatic: on a second screen when there is one' },
            ...info.displays.map((display) => ({ value: `display:${display.id}`, label: `On ${display.label}${display.primary ? ' (main screen)' : ''}` })),
          ].map((option) => (
            <label key={option.value} className="checkbox">
              <input
                type="radio"
                name="customer-display"
                value={option.value}
                checked={displayValue(settings.customerDisplay) === option.value}
                onChange={() => void save({ customerDisplay: displaySetting(option.value) })}
              />
              {option.label}
            </label>
          ))}
        </fieldset>
        {info.host === 'browser-host' && (
          <p className="muted small">In the browser host the customer display is a page of its own: its address is printed where the host was started.</p>
        )}
        <div role="status" aria-live="polite">
          {saved && <p className="muted">Saved.</p>}
        </div>
        <InlineError error={error} />
      </section>
    </>
  );
}
