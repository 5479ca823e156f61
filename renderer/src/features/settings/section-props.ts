import type { SettingsInfo } from '../../../../shared/contract/desk-settings';

/** What every Settings section gets: the settings as last read, and how to replace them or say Settings closed. */
export type SectionProps = {
  info: SettingsInfo;
  onInfo: (info: SettingsInfo) => void;
  onLocked: (message: string) => void;
};
