import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { IpcCallError } from '../../shared/contract/ipc-client';
import { canMountSmallDisk, mountSmallDisk } from '../db/support/small-disk';
import { catalog, enrollAndSignIn, itemNamed, localRows, otherRegister, startEngine, type TestEngine } from './support/engine-harness';
import { startServerForEngine } from './support/server';
import { tempDir } from './support/temp-database';

// A cash sale whose write fails (a disk that fills, or SQLite answering SQLITE_FULL / SQLITE_READONLY) is refused
// in words that say it was NOT saved and why; the cart stays as it was, nothing is queued, and once the cause is
// fixed the same sale (same id) is saved and reaches the server exactly once.

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function engineWithCart(dataDir: string) {
  const server = await startServerForEngine();
  cleanups.push(() => server.close());
  const engine = await startEngine({ dataDir });
  cleanups.push(() => engine.stop());
  await enrollAndSignIn(engine, server.url);
  const socks = itemNamed(await catalog(engine), 'Grip Socks');
  await engine.call('cart.addLine', { itemId: socks.id, quantity: 2 });
  return { server, engine, socks };
}

async function refusedPay(engine: TestEngine): Promise<IpcCallError> {
  try {
    await engine.call('checkout.pay', { method: 'cash' });
  } catch (error) {
    if (error instanceof IpcCallError) return error;
    throw error;
  }
  throw new Error('expected checkout.pay to be refused');
}

async function expectNothingSavedThenOneSale(engine: TestEngine, serverUrl: string, dataDir: string, refusal: IpcCallError) {
  const saleId = refusal.details?.saleId as string;
  expect(refusal.details).toMatchObject({ saved: false, saleId: expect.any(String) });
  const snapshot = await engine.snapshot();
  expect(snapshot.cart!.lines.map((l) => [l.name, l.quantity])).toEqual([['Grip Socks', 2]]);
  expect(snapshot.lastSale).toBeNull();
  expect(localRows(dataDir, 'SELECT id FROM sales')).toEqual([]);
  expect(localRows(dataDir, 'SELECT id FROM outbox')).toEqual([]);
  return async () => {
    const paid = await engine.call('checkout.pay', { method: 'cash' });
    expect(paid.sale.id).toBe(saleId);
    await engine.waitFor('the outbox to drain', (s) => s.outbox.pending === 0);
    const observer = await otherRegister(serverUrl);
    expect((await observer.sales()).filter((s) => s.id === saleId)).toHaveLength(1);
    expect(localRows(dataDir, 'SELECT id FROM sales')).toEqual([{ id: saleId }]);
  };
}

/** SQLite's own refusal of every write to the sales table while `failing` is set, as a disk would give it. */
function failSaleWrites(code: string, message: string) {
  const state = { failing: true };
  const prepare = Reflect.get(Database.prototype, 'prepare') as (this: Database.Database, source: string) => Database.Statement;
  vi.spyOn(Database.prototype, 'prepare').mockImplementation(function (this: Database.Database, source: string) {
    if (state.failing && /^insert into "sales"/i.test(source)) throw new Database.SqliteError(message, code);
    return prepare.call(this, source);
  } as Database.Database['prepare']);
  return state;
}

describe('a checkout whose write fails', () => {
  it('SQLITE_FULL: "NOT saved", the disk is full, the cart is kept, and the same sale is saved once after', async () => {
    const data = tempDir();
    cleanups.push(data.cleanup);
    const { engine, server } = await engineWithCart(data.dir);
    const write = failSaleWrites('SQLITE_FULL', 'database or disk is full');
    const refusal = await refusedPay(engine);
    expect(refusal.code).toBe('database_disk_full');
    expect(refusal.message).toMatch(
      /^The sale was NOT saved: the disk that holds the register's data file .*register\.db is full\. The cart is kept as it was/,
    );
    const retry = await expectNothingSavedThenOneSale(engine, server.url, data.dir, refusal);
    // Still full: refused again, with the same sale id.
    expect((await refusedPay(engine)).details?.saleId).toBe(refusal.details?.saleId);
    write.failing = false;
    await retry();
  });

  it('SQLITE_READONLY: "NOT saved", the folder is read-only, and the same sale is saved once after', async () => {
    const data = tempDir();
    cleanups.push(data.cleanup);
    const { engine, server } = await engineWithCart(data.dir);
    const write = failSaleWrites('SQLITE_READONLY', 'attempt to write a readonly database');
    const refusal = await refusedPay(engine);
    expect(refusal.code).toBe('database_not_writable');
    expect(refusal.message).toMatch(/^The sale was NOT saved: this register may no longer write to .* read-only/);
    const retry = await expectNothingSavedThenOneSale(engine, server.url, data.dir, refusal);
    write.failing = false;
    await retry();
  });

  it.skipIf(!(process.getuid?.() === 0 && canMountSmallDisk()))(
    'a real disk that fills: the sale is NOT saved, then saved once when space is freed',
    async () => {
      const disk = mountSmallDisk(8 * 1024);
      cleanups.push(() => disk.unmount());
      const dataDir = `${disk.dir}/register`;
      const { engine, server } = await engineWithCart(dataDir);
      disk.fill();
      const refusal = await refusedPay(engine);
      expect(refusal.code).toBe('database_disk_full');
      expect(refusal.message).toContain(`${dataDir}/register.db is full`);
      const retry = await expectNothingSavedThenOneSale(engine, server.url, dataDir, refusal);
      disk.free();
      await retry();
    },
  );
});
