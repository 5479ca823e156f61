import { beforeEach, describe, expect, it, vi } from 'vitest';
import { CUSTOMER_VIEW_CHANNEL, createCustomerDisplayApi } from '../../../electron/preload/customer-api';

const electron = vi.hoisted(() => ({
  contextBridge: { exposeInMainWorld: vi.fn() },
  ipcRenderer: { invoke: vi.fn(), send: vi.fn(), on: vi.fn(), removeListener: vi.fn() },
}));
vi.mock('electron', () => electron);

describe('customer display preload', () => {
  beforeEach(() => vi.clearAllMocks());

  it('exposes exactly window.frontdeskCustomer = { onView }, and never invokes or sends', async () => {
    vi.resetModules();
    await import('../../../electron/preload/customer');
    expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
    const [name, api] = electron.contextBridge.exposeInMainWorld.mock.calls[0] as [string, Record<string, unknown>];
    expect(name).toBe('frontdeskCustomer');
    expect(Object.keys(api)).toEqual(['onView']);
    expect(electron.ipcRenderer.on).toHaveBeenCalledWith(CUSTOMER_VIEW_CHANNEL, expect.any(Function));
    expect(electron.ipcRenderer.invoke).not.toHaveBeenCalled();
    expect(electron.ipcRenderer.send).not.toHaveBeenCalled();
  });

  it('hands the page each view without the Electron event, and the last one to a late subscriber', () => {
    let relay: (event: unknown, view: unknown) => void = () => undefined;
    const api = createCustomerDisplayApi({ on: ((_channel: string, listener: typeof relay) => ((relay = listener), undefined)) as never });
    relay({ sender: 'secret' }, { kind: 'cart' });
    const seen: unknown[] = [];
    const stop = api.onView((view) => seen.push(view));
    relay({ sender: 'secret' }, { kind: 'waiting' });
    stop();
    relay({}, { kind: 'paid' });
    expect(seen).toEqual([{ kind: 'cart' }, { kind: 'waiting' }]);
  });
});
