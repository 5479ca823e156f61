import { afterEach, describe, expect, it } from 'vitest';
import { catalog, enrollAndSignIn, itemNamed, startEngine, type TestEngine } from './support/engine-harness';
import { recordingPlatform } from './support/recording-platform';
import { startServerForEngine } from './support/server';
import { tempDir } from './support/temp-database';

// "Print after every sale" across a restart of the app: the receipt still on screen when the register comes back
// is not printed a second time, a receipt reopened before the restart is not printed either, and the next sale's is.

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function sellSocks(engine: TestEngine): Promise<string> {
  const socks = itemNamed(await catalog(engine), 'Grip Socks');
  await engine.call('cart.addLine', { itemId: socks.id });
  return (await engine.call('checkout.pay', { method: 'external_card' })).sale.id;
}

describe('print after every sale, over a restart', () => {
  it('prints each sale’s receipt once, whatever restarts in between', async () => {
    const server = await startServerForEngine();
    cleanups.push(() => server.close());
    const data = tempDir();
    cleanups.push(data.cleanup);
    /** The engine on the same data folder, as the app starts it again; each run with its own host. */
    const run = async () => {
      const device = recordingPlatform();
      const engine = await startEngine({ dataDir: data.dir, platform: device.platform });
      cleanups.push(() => engine.stop());
      return { engine, device };
    };

    const first = await run();
    await enrollAndSignIn(first.engine, server.url);
    await first.engine.call('settings.open', { pin: '3333' });
    await first.engine.call('settings.save', { printerName: 'EPSON_TM_T88', printAfterSale: true, customerDisplay: 'auto' });
    const sold = await sellSocks(first.engine);
    expect(await first.engine.call('receipt.print', { saleId: sold, trigger: 'after_sale' })).toEqual({ printed: true, openDialog: false });
    expect(first.device.printed).toEqual([{ deviceName: 'EPSON_TM_T88', silent: true }]);
    await first.engine.stop();

    // The receipt is on screen again after the restart, and the renderer asks to print it after the sale again.
    const second = await run();
    await second.engine.call('staff.signIn', { pin: '2222' });
    expect((await second.engine.snapshot()).lastSale?.id).toBe(sold);
    expect(await second.engine.call('receipt.print', { saleId: sold, trigger: 'after_sale' })).toEqual({ printed: false, openDialog: false });
    expect(second.device.printed).toEqual([]);
    // Staff may still print it on request.
    expect(await second.engine.call('receipt.print', { saleId: sold, trigger: 'button' })).toEqual({ printed: true, openDialog: false });

    // A new sale prints once; then an older receipt is reopened, and the app restarts while it is shown.
    await second.engine.call('receipt.dismiss', {});
    const next = await sellSocks(second.engine);
    expect(await second.engine.call('receipt.print', { saleId: next, trigger: 'after_sale' })).toEqual({ printed: true, openDialog: false });
    await second.engine.call('receipt.dismiss', {});
    await second.engine.call('receipt.show', { saleId: sold });
    expect(second.device.printed).toHaveLength(2);
    await second.engine.stop();

    const third = await run();
    await third.engine.call('staff.signIn', { pin: '2222' });
    expect((await third.engine.snapshot()).lastSale?.id).toBe(sold);
    expect(await third.engine.call('receipt.print', { saleId: sold, trigger: 'after_sale' })).toEqual({ printed: false, openDialog: false });
    await third.engine.call('receipt.dismiss', {});
    const last = await sellSocks(third.engine);
    expect(await third.engine.call('receipt.print', { saleId: last, trigger: 'after_sale' })).toEqual({ printed: true, openDialog: false });
    expect(third.device.printed).toEqual([{ deviceName: 'EPSON_TM_T88', silent: true }]);
  });
});
