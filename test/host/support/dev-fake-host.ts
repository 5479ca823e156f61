import { resolve } from 'node:path';
import { startBrowserHost } from '../../../electron/host/browser-host';
import { createFakeEngine } from './fake-engine';

// Dev-only: the real browser host over the fake engine, to work on the UI. `npx tsx test/host/support/dev-fake-host.ts`
async function main(): Promise<void> {
  const engine = createFakeEngine({ enrolled: process.env.FAKE_UNENROLLED !== '1' });
  const host = await startBrowserHost({ engine, rendererDir: resolve('out/renderer'), port: Number(process.env.HOST_PORT ?? 0) });
  console.log(`Open ${host.url}`);
  process.on('SIGINT', () => void host.close().then(() => process.exit(0)));
}

void main();
