import { appendFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

// The app's log file for support: the main process, the engine and the renderer's errors, one line each, under
// the app's data folder. It rotates by size (frontdesk.log → frontdesk.1.log …) so a register that runs for
// months keeps a bounded history, and it never holds a secret: tokens, PINs and card numbers are masked before a
// line is written, whoever wrote it.

export type RotatingLog = { write: (source: string, line: string) => void; path: string };

export type RotatingLogOptions = {
  dir: string;
  /** Size at which the file rotates (default 5 MB). */
  maxBytes?: number;
  /** Rotated files kept beside the current one (default 4). */
  keep?: number;
  now: () => number;
};

const BASE = 'frontdesk';
const MASKS: ReadonlyArray<[RegExp, string]> = [
  // Authorization headers and bearer tokens.
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, '$1 [redacted]'],
  // token=…, "token":"…", registerToken, staffToken, secret, pin, password, cvc: the value goes.
  [/("?\b[A-Za-z]*(?:token|secret|pin|password|cvc|cvv)"?\s*[:=]\s*"?)[^",\s&}]+/gi, '$1[redacted]'],
  // Anything that looks like a card number (13–19 digits, spaces or dashes between groups).
  [/\b\d(?:[ -]?\d){12,18}\b/g, '[card redacted]'],
];

/** The line as it may be kept: no token, PIN, secret or card number. */
export function redactLogLine(line: string): string {
  return MASKS.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), line);
}

export function createRotatingLog(options: RotatingLogOptions): RotatingLog {
  const maxBytes = options.maxBytes ?? 5 * 1024 * 1024;
  const keep = options.keep ?? 4;
  mkdirSync(options.dir, { recursive: true });
  const fileAt = (index: number) => join(options.dir, index === 0 ? `${BASE}.log` : `${BASE}.${index}.log`);
  const path = fileAt(0);

  const rotate = () => {
    rmSync(fileAt(keep), { force: true });
    for (let index = keep - 1; index >= 0; index -= 1) if (existsSync(fileAt(index))) renameSync(fileAt(index), fileAt(index + 1));
  };

  return {
    path,
    write(source, line) {
      const text = `${new Date(options.now()).toISOString()} [${source}] ${redactLogLine(line).replace(/\r?\n/g, ' ⏎ ')}\n`;
      try {
        if (existsSync(path) && statSync(path).size + Buffer.byteLength(text) > maxBytes) rotate();
        appendFileSync(path, text);
      } catch {
        // A full or read-only disk must not stop the register; the console still has the line.
      }
    },
  };
}
