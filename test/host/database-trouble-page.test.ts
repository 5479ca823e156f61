import { afterEach, describe, expect, it } from 'vitest';
import { startTroublePage, type TroublePage } from '../../electron/host/database-trouble-page';

// The browser host's page when the data file cannot be opened: the sentence with the file and the code, behind the
// run's secret, and for a damaged file with a backup a form that starts from it (once).

const pages: TroublePage[] = [];
afterEach(async () => {
  for (const page of pages.splice(0)) await page.close();
});

const trouble = {
  code: 'database_corrupt' as const,
  message: 'The data file /data/<register>.db is damaged (database disk image is malformed) and was not opened; it is kept as it is.',
  file: '/data/<register>.db',
  folder: '/data',
  backup: { file: '/data/backups/register-2026-03-02T15-00-00-000Z.db', takenAt: Date.parse('2026-03-02T15:00:00Z') },
};

describe('the database trouble page', () => {
  it('shows the sentence and the code behind the secret, and its button starts from the backup once', async () => {
    let chosen = 0;
    const page = await startTroublePage({ trouble, port: 0, secret: 's3cret', onStartFromBackup: () => chosen++ });
    pages.push(page);
    const base = `http://127.0.0.1:${page.port}`;
    expect((await fetch(`${base}/`)).status).toBe(403);
    const shown = await fetch(page.url);
    expect(shown.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    const html = await shown.text();
    expect(html).toContain('The data file /data/&#60;register&#62;.db is damaged');
    expect(html).toContain('database_corrupt');
    expect(html).toMatch(/<button type="submit">Start from the backup of [^<]+<\/button>/);
    expect((await fetch(`${base}/start-from-backup`, { method: 'POST', redirect: 'manual' })).status).toBe(403);
    const started = await fetch(`${base}/start-from-backup?secret=s3cret`, { method: 'POST', redirect: 'manual' });
    expect(started.status).toBe(303);
    await fetch(`${base}/start-from-backup?secret=s3cret`, { method: 'POST', redirect: 'manual' });
    expect(chosen).toBe(1);
    expect(await (await fetch(page.url)).text()).toContain('Starting from the backup');
  });

  it('offers no backup for a healthy file', async () => {
    const page = await startTroublePage({
      trouble: { ...trouble, code: 'database_not_writable', backup: null },
      port: 0,
      secret: 's',
      onStartFromBackup: () => {},
    });
    pages.push(page);
    const html = await (await fetch(page.url)).text();
    expect(html).not.toContain('<form');
    expect((await fetch(`http://127.0.0.1:${page.port}/start-from-backup?secret=s`, { method: 'POST', redirect: 'manual' })).status).toBe(200);
  });
});
