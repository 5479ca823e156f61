import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createRotatingLog, redactLogLine } from '../../../electron/main/rotating-log';

// The support log file: bounded by rotation, and never a token, PIN or card number in it.

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'frontdesk-log-'));
  dirs.push(dir);
  return dir;
};

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the rotating log file', () => {
  it('writes one timestamped line per entry with its source', () => {
    const dir = tempDir();
    const log = createRotatingLog({ dir, now: () => Date.parse('2026-12-01T14:00:00Z') });
    log.write('register', 'sync: connected');
    log.write('renderer', 'TypeError: x is undefined\n    at App');
    expect(readFileSync(log.path, 'utf8')).toBe(
      '2026-12-01T14:00:00.000Z [register] sync: connected\n2026-12-01T14:00:00.000Z [renderer] TypeError: x is undefined ⏎     at App\n',
    );
  });

  it('rotates by size and keeps only the newest files', () => {
    const dir = tempDir();
    const log = createRotatingLog({ dir, maxBytes: 200, keep: 2, now: () => 0 });
    for (let i = 0; i < 30; i += 1) log.write('main', `line ${i} ${'x'.repeat(40)}`);
    expect(readdirSync(dir).sort()).toEqual(['frontdesk.1.log', 'frontdesk.2.log', 'frontdesk.log']);
    for (const file of readdirSync(dir)) expect(readFileSync(join(dir, file)).length).toBeLessThanOrEqual(200);
    expect(readFileSync(log.path, 'utf8')).toContain('line 29');
    expect(readFileSync(join(dir, 'frontdesk.2.log'), 'utf8')).not.toContain('line 0 ');
  });

  it('masks tokens, PINs, secrets and card numbers whoever writes them', () => {
    const cases: Array<[string, string]> = [
      ['GET /api/v1/bootstrap Authorization: Bearer eyJhbGciOi.J9.sig', 'GET /api/v1/bootstrap Authorization: Bearer [redacted]'],
      ['sign-in {"pin":"2222","registerId":"r1"}', 'sign-in {"pin":"[redacted]","registerId":"r1"}'],
      ['ws ?secret=abc123&x=1 staffToken=tok_9', 'ws ?secret=[redacted]&x=1 staffToken=[redacted]'],
      ['paid with 4242 4242 4242 4242 cvc: 123', 'paid with [card redacted] cvc: [redacted]'],
      ['receipt 1-42 for 2 × $18.00', 'receipt 1-42 for 2 × $18.00'],
    ];
    for (const [line, kept] of cases) expect(redactLogLine(line)).toBe(kept);
  });

  it('does not throw when the folder cannot be written (the register keeps running)', () => {
    const dir = tempDir();
    const log = createRotatingLog({ dir, now: () => 0 });
    rmSync(dir, { recursive: true, force: true });
    expect(() => log.write('main', 'still here')).not.toThrow();
  });
});
