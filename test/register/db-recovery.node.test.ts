import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalDatabaseError } from '../../db/database-errors';
import { startFromNewestBackup } from '../../electron/register/db-recovery';
import { DATABASE_FILE, openRegisterStore } from '../../electron/register/register-store';
import { requestUrl } from '../support/request-url';
import { catalog, enrollAndSignIn, itemNamed, otherRegister, startEngine, type TestEngine } from './support/engine-harness';
import { overwritePages, pagesOf } from './support/damage-pages';
import { startServerForEngine } from './support/server';
import { tempDir } from './support/temp-database';

// The salvage: a register whose data file holds two unsent cash sales, one of them also in its latest backup, is
// damaged. Started from the backup, it keeps the damaged file as it was, lists exactly the sale that would
// otherwise be lost, and sending it again makes one sale on the server; new sales do not reuse its receipt number.

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const digest = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** fetch that loses every POST /sales while `blocked`: the server never hears of those sales. */
function salesBlockingFetch() {
  const state = { blocked: true };
  const wrapped: typeof fetch = async (input, init) => {
    if (state.blocked && init?.method === 'POST' && requestUrl(input).endsWith('/api/v1/sales')) throw new TypeError('fetch failed');
    return fetch(input, init);
  };
  return { state, fetch: wrapped };
}

async function sellSocks(engine: TestEngine) {
  const socks = itemNamed(await catalog(engine), 'Grip Socks');
  await engine.call('cart.addLine', { itemId: socks.id });
  return (await engine.call('checkout.pay', { method: 'cash' })).sale;
}

describe('a damaged data file', () => {
  it('starts from the newest backup, lists exactly the unsent sale the backup lacks, and re-sending it makes one sale on the server', async () => {
    const server = await startServerForEngine();
    cleanups.push(() => server.close());
    const data = tempDir();
    cleanups.push(data.cleanup);
    const network = salesBlockingFetch();

    let engine = await startEngine({ dataDir: data.dir, fetch: network.fetch });
    await enrollAndSignIn(engine, server.url);
    const inBackup = await sellSocks(engine);
    await engine.stop();
    // The next start takes the backup that holds the first sale (still unsent).
    engine = await startEngine({ dataDir: data.dir, fetch: network.fetch });
    await engine.call('staff.signIn', { pin: '2222' });
    const onlyInDamaged = await sellSocks(engine);
    expect((await engine.snapshot()).outbox.pending).toBe(2);
    await engine.stop();

    // A power cut: the index pages of the sales and some of the cached catalog are overwritten.
    const file = join(data.dir, DATABASE_FILE);
    const pages = pagesOf(file);
    const damaged = pages.filter((p) => p.name === 'sales_receipt_idx' || p.name === 'sales_date_idx' || p.name === 'catalog_items').map((p) => p.pageno);
    overwritePages(file, damaged);
    const before = digest(file);
    let refusal: unknown;
    try {
      openRegisterStore(data.dir).close();
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(LocalDatabaseError);
    expect(refusal).toMatchObject({ code: 'database_corrupt', details: { file } });

    const started = startFromNewestBackup(data.dir, { now: () => Date.parse('2026-03-02T15:00:00Z') });
    expect(started.damagedFile).toBe(`${file}.damaged-20260302-150000`);
    expect(digest(started.damagedFile)).toBe(before);
    // The salvage read a copy: no -shm or -wal appears beside the kept file.
    expect(existsSync(`${started.damagedFile}-shm`)).toBe(false);
    expect(existsSync(`${started.damagedFile}-wal`)).toBe(false);
    expect(started.recovery.entries.map((e) => e.item)).toEqual([
      expect.objectContaining({ id: onlyInDamaged.id, kind: 'sale', receiptNumber: onlyInDamaged.receiptNumber, resendable: true, state: 'unsent' }),
    ]);
    started.store.close();

    // The register runs again from the backup; the network is back.
    network.state.blocked = false;
    engine = await startEngine({ dataDir: data.dir, fetch: network.fetch });
    cleanups.push(() => engine.stop());
    await engine.call('staff.signIn', { pin: '2222' });
    await engine.waitFor('the backup’s own unsent sale to go', (s) => s.outbox.pending === 0);
    const listed = (await engine.call('recovery.list', {})).recovery!;
    expect(listed).toMatchObject({ damagedFile: started.damagedFile, backupTakenAt: started.backup.takenAt });
    expect(listed.items.map((i) => [i.id, i.state])).toEqual([[onlyInDamaged.id, 'unsent']]);
    expect(listed.items[0]!.sentence).toMatch(new RegExp(`Cash sale ${onlyInDamaged.receiptNumber} .* had not reached the server`));

    const observer = await otherRegister(server.url);
    expect((await observer.sales()).map((s) => s.id)).toEqual([inBackup.id]);
    const resent = await engine.call('recovery.resend', { id: onlyInDamaged.id });
    expect(resent.recovery!.items[0]!.state).toBe('resent');
    await engine.waitFor('the re-sent sale to go', (s) => s.outbox.pending === 0);
    // Sending it again changes nothing more.
    await engine.call('recovery.resend', { id: onlyInDamaged.id });
    await engine.waitFor('the outbox to stay empty', (s) => s.outbox.pending === 0);
    const onServer = await observer.sales();
    expect(onServer.filter((s) => s.id === onlyInDamaged.id)).toHaveLength(1);
    expect(onServer.map((s) => s.receiptNumber).sort()).toEqual([inBackup.receiptNumber, onlyInDamaged.receiptNumber].sort());

    // The list stays until dismissed; the next sale takes a new receipt number.
    expect((await engine.call('recovery.list', {})).recovery!.items).toHaveLength(1);
    expect((await engine.call('recovery.dismiss', { id: onlyInDamaged.id })).recovery).toBeNull();
    const next = await sellSocks(engine);
    expect(next.receiptNumber).toBe('1-3');
    expect(existsSync(started.damagedFile)).toBe(true);
  });
});
