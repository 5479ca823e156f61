import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

// Opens a database in a child process: as the same user (a second register on the same folder), or as a user
// without root's powers (root ignores file modes, so a read-only folder only stops an ordinary user). The child
// prints what happened as one JSON line: `{"opened":true}` or the refusal's code, message and details.

export type ChildOpening = { opened: true } | { opened: false; code: string; message: string; details: Record<string, unknown> };

/** nobody:nogroup on Debian and Ubuntu. */
export const OTHER_USER = { uid: 65534, gid: 65534 };

const OPEN_DATABASE = pathToFileURL(join(import.meta.dirname, '../../../db/open-database.ts')).href;
const CHILD_SCRIPT = `
// tsx loads the repository's .ts files as CommonJS: their exports arrive as the default export here.
const loaded = await import(${JSON.stringify(OPEN_DATABASE)});
const { openDatabase } = loaded.openDatabase ? loaded : loaded.default;
try {
  openDatabase({ file: process.argv[1] }).close();
  console.log(JSON.stringify({ opened: true }));
} catch (error) {
  console.log(JSON.stringify({ opened: false, code: error.code, message: error.message, details: error.details }));
}`;

export function openInChild(file: string, options: { asOtherUser?: boolean } = {}): ChildOpening {
  const node = [process.execPath, '--import', 'tsx', '--input-type=module', '--eval', CHILD_SCRIPT, file];
  const command =
    options.asOtherUser && process.getuid?.() === 0 ? ['setpriv', `--reuid=${OTHER_USER.uid}`, `--regid=${OTHER_USER.gid}`, '--clear-groups', ...node] : node;
  const out = execFileSync(command[0]!, command.slice(1), { cwd: process.cwd(), encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').at(-1)!) as ChildOpening;
}
