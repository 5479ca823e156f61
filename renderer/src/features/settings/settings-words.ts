import type { SettingsInfo } from '../../../../shared/contract/desk-settings';

/** The updater's state as a sentence for the Settings screen. */
export function updateWords(update: SettingsInfo['update'], formatTime: (ms: number) => string): string {
  switch (update.kind) {
    case 'unavailable':
      return update.reason;
    case 'idle':
      return update.checkedAt === null ? 'Up to date as far as the register knows; not checked yet.' : `Up to date (checked ${formatTime(update.checkedAt)}).`;
    case 'checking':
      return 'Checking for updates…';
    case 'downloading':
      return `Downloading version ${update.version} (${Math.round(update.percent)}%).`;
    case 'ready':
      return update.waitingForQuietMoment
        ? `Version ${update.version} is ready. It installs at a quiet moment: no sale in progress, no payment link waiting, everything synced.`
        : `Version ${update.version} is ready and installs when the app restarts.`;
    case 'error':
      return `The last check failed (${formatTime(update.checkedAt)}): ${update.message}`;
  }
}
