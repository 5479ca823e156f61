import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { devicelessPlatform, type DeskPlatform } from '../register/desk-platform';

// The browser host's DeskPlatform: the register runs from the repository in an ordinary browser, so printing is
// the browser's dialog, there is one screen the host knows nothing of, and updates come from git, not an updater.

const BROWSER_HOST_UPDATES_REASON = 'Updates come with the installed app; the browser host runs from the repository.';

export function createBrowserHostPlatform(repoRoot: string): DeskPlatform {
  return devicelessPlatform({ appVersion: readAppVersion(repoRoot), updatesUnavailableReason: BROWSER_HOST_UPDATES_REASON });
}

/** The version in the repository's package.json (the one the installed app is built with). */
function readAppVersion(repoRoot: string): string {
  try {
    const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version?: unknown };
    return typeof manifest.version === 'string' ? manifest.version : 'unknown';
  } catch {
    return 'unknown';
  }
}
