import { beforeEach, describe, expect, it, vi } from 'vitest';
import { startMainProcess } from '../../../electron/main/main-process';
import { dispatchIpc, type IpcHandlers } from '../../../shared/contract/ipc';
import * as fake from './fake-electron';

// `npm start` in Electron runs the product: without a server URL a repository checkout starts the embedded demo
// server in a folder of the app's data, enrolls the register with it, and stops it after the engine on quit.

vi.mock('electron', () => import('./fake-electron').then((fake) => fake.electronModule));

const PATHS = { preload: '/app/out/preload/index.js', indexHtml: '/app/out/renderer/index.html' };

async function boot(options: { serverUrl?: string; packaged?: boolean; enrolled?: boolean } = {}) {
  fake.resetFakeElectron();
  fake.app.isPackaged = options.packaged ?? false;
  const order: string[] = [];
  const enrollment = options.enrolled ? { kind: 'enrolled' } : { kind: 'unenrolled' };
  const enroll = vi.fn(async (_input: unknown) => ({ enrollment: { kind: 'enrolled' } }));
  const engine = {
    handlers: { 'app.snapshot': vi.fn(async () => ({ enrollment })), 'register.enroll': enroll } as unknown as IpcHandlers,
    onPush: vi.fn(() => () => undefined),
    start: vi.fn(async () => {}),
    stop: vi.fn(async () => void order.push('engine stopped')),
  };
  const createEngine = vi.fn((_options: { dataDir: string; serverUrl?: string }) => engine);
  const demo = { url: 'http://127.0.0.1:4400', stop: vi.fn(async () => void order.push('demo stopped')) };
  const start = vi.fn(async (_options: { dataDir: string }) => demo);
  await startMainProcess({
    createEngine,
    dispatch: dispatchIpc,
    paths: PATHS,
    serverUrl: options.serverUrl,
    demoServer: { start, enrollmentCode: 'DEMO-ENROLL' },
  });
  return { engine, createEngine, start, demo, enroll, order };
}

describe('the demo server in the Electron app', () => {
  beforeEach(() => {
    vi.restoreAllMocks();
    vi.spyOn(console, 'warn').mockImplementation(() => {});
  });

  it('starts without a server URL, in its own data folder, and the engine talks to it', async () => {
    const { start, createEngine } = await boot();
    expect(start).toHaveBeenCalledWith(expect.objectContaining({ dataDir: '/tmp/fake-userData/demo-server' }));
    expect(createEngine.mock.calls[0]![0].serverUrl).toBe('http://127.0.0.1:4400');
  });

  it('enrolls a new register with the demo studio, and leaves an enrolled one as it is', async () => {
    const fresh = await boot();
    expect(fresh.enroll).toHaveBeenCalledWith({ serverUrl: 'http://127.0.0.1:4400', code: 'DEMO-ENROLL', name: 'Front desk' });
    const known = await boot({ enrolled: true });
    expect(known.enroll).not.toHaveBeenCalled();
  });

  it('stops after the engine when the app quits', async () => {
    const { order } = await boot();
    fake.app.quit();
    await vi.waitFor(() => expect(fake.app.quitCompleted).toBe(true));
    expect(order).toEqual(['engine stopped', 'demo stopped']);
  });

  it('is not started when a server URL is given, nor in a packaged app', async () => {
    const given = await boot({ serverUrl: 'https://cloud.example' });
    expect(given.start).not.toHaveBeenCalled();
    expect(given.createEngine.mock.calls[0]![0].serverUrl).toBe('https://cloud.example');
    const packaged = await boot({ packaged: true });
    expect(packaged.start).not.toHaveBeenCalled();
    expect(packaged.createEngine.mock.calls[0]![0].serverUrl).toBeUndefined();
  });
});
