import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as mainBridge from '../../../electron/main/ipc-bridge';
import * as preloadApi from '../../../electron/preload/frontdesk-api';

const electron = vi.hoisted(() => ({
  contextBridge: { exposeInMainWorld: vi.fn() },
  ipcRenderer: { invoke: vi.fn(() => Promise.resolve({ ok: true, value: 1 })), on: vi.fn(), removeListener: vi.fn() },
}));
vi.mock('electron', () => electron);

async function loadPreload() {
  vi.resetModules();
  electron.contextBridge.exposeInMainWorld.mockClear();
  await import('../../../electron/preload/index');
  expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
  const [name, api] = electron.contextBridge.exposeInMainWorld.mock.calls[0] as [string, Record<string, unknown>];
  return { name, api: api as { invoke(method: string, input: unknown): Promise<unknown>; onPush(listener: (m: unknown) => void): () => void } };
}

describe('preload', () => {
  beforeEach(() => vi.clearAllMocks());

  it('exposes exactly window.frontdesk = { invoke, onPush }', async () => {
    const { name, api } = await loadPreload();
    expect(name).toBe('frontdesk');
    expect(Object.keys(api).sort()).toEqual(['invoke', 'onPush']);
    expect(typeof api.invoke).toBe('function');
    expect(typeof api.onPush).toBe('function');
  });

  it('sends invoke as {method, input} on frontdesk:invoke and returns the envelope', async () => {
    const { api } = await loadPreload();
    await expect(api.invoke('cart.clear', {})).resolves.toEqual({ ok: true, value: 1 });
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledWith('frontdesk:invoke', { method: 'cart.clear', input: {} });
  });

  it('relays pushes without the Electron event and unsubscribes the same listener', async () => {
    const { api } = await loadPreload();
    const listener = vi.fn();
    const unsubscribe = api.onPush(listener);
    const [channel, relay] = electron.ipcRenderer.on.mock.calls[0] as unknown as [string, (event: unknown, message: unknown) => void];
    expect(channel).toBe('frontdesk:push');
    relay({ sender: 'secret ipc object' }, { type: 'snapshot' });
    expect(listener).toHaveBeenCalledWith({ type: 'snapshot' });
    expect(listener.mock.calls[0]).toHaveLength(1);
    unsubscribe();
    expect(electron.ipcRenderer.removeListener).toHaveBeenCalledWith('frontdesk:push', relay);
  });

  it('uses the same channel names as the main process', () => {
    expect(preloadApi.INVOKE_CHANNEL).toBe(mainBridge.INVOKE_CHANNEL);
    expect(preloadApi.PUSH_CHANNEL).toBe(mainBridge.PUSH_CHANNEL);
  });
});
