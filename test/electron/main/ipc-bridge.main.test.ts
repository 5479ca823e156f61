import { beforeEach, describe, expect, it, vi } from 'vitest';
import { appOriginFor } from '../../../electron/main/app-origin';
import { createInvokeHandler, forwardPushes, PUSH_CHANNEL, readInvokePayload } from '../../../electron/main/ipc-bridge';

beforeEach(() => {
  vi.restoreAllMocks();
  vi.spyOn(console, 'warn').mockImplementation(() => {});
});

const INDEX = 'file:///app/out/renderer/index.html';
const origin = appOriginFor({ indexUrl: INDEX });
const topFrame = (url: string) => ({ senderFrame: { url, parent: null } });

function setup() {
  const handlers = { 'app.snapshot': vi.fn() };
  const dispatch = vi.fn((_handlers: typeof handlers, method: unknown, input: unknown) => Promise.resolve({ ok: true as const, value: { method, input } }));
  return { handlers, dispatch, invoke: createInvokeHandler({ handlers, dispatch, origin }) };
}

describe('frontdesk:invoke handler', () => {
  it('routes {method, input} from the app page to dispatch with the engine handlers', async () => {
    const { handlers, dispatch, invoke } = setup();
    const result = await invoke(topFrame(`${INDEX}#/cart`), { method: 'cart.clear', input: { a: 1 } });
    expect(dispatch).toHaveBeenCalledWith(handlers, 'cart.clear', { a: 1 });
    expect(result).toEqual({ ok: true, value: { method: 'cart.clear', input: { a: 1 } } });
  });

  it('refuses a foreign sender without calling dispatch', async () => {
    const { dispatch, invoke } = setup();
    for (const event of [topFrame('https://evil.example/'), topFrame('file:///tmp/evil.html'), { senderFrame: null }]) {
      const result = await invoke(event, { method: 'cart.clear', input: {} });
      expect(result).toMatchObject({ ok: false, error: { code: 'permission_denied' } });
    }
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('refuses the app page loaded inside a subframe', async () => {
    const { dispatch, invoke } = setup();
    const result = await invoke({ senderFrame: { url: INDEX, parent: { url: 'https://evil.example/' } } }, { method: 'cart.clear' });
    expect(result).toMatchObject({ ok: false, error: { code: 'permission_denied' } });
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('passes malformed payloads on without a method, so dispatch refuses them', async () => {
    expect(readInvokePayload('cart.clear')).toEqual({ method: undefined, input: undefined });
    expect(readInvokePayload(null)).toEqual({ method: undefined, input: undefined });
    expect(readInvokePayload(['cart.clear'])).toEqual({ method: undefined, input: undefined });
    const { dispatch, invoke } = setup();
    await invoke(topFrame(INDEX), 42);
    expect(dispatch).toHaveBeenCalledWith(expect.anything(), undefined, undefined);
  });

  it('turns an unexpected dispatch failure into an internal_error envelope', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const invoke = createInvokeHandler({ handlers: {}, dispatch: () => Promise.reject(new Error('boom')), origin });
    await expect(invoke(topFrame(INDEX), { method: 'x' })).resolves.toMatchObject({ ok: false, error: { code: 'internal_error' } });
    errors.mockRestore();
  });
});

describe('push forwarding', () => {
  it('sends engine pushes to the live window and stops on unsubscribe', () => {
    let listener: ((message: unknown) => void) | null = null;
    const unsubscribe = vi.fn();
    const onPush = (fn: (message: unknown) => void) => ((listener = fn), unsubscribe);
    const contents = { isDestroyed: vi.fn(() => false), send: vi.fn() };
    let current: typeof contents | null = contents;
    const stop = forwardPushes(onPush, () => current);
    listener!({ type: 'snapshot' });
    expect(contents.send).toHaveBeenCalledWith(PUSH_CHANNEL, { type: 'snapshot' });
    contents.isDestroyed.mockReturnValue(true);
    listener!({ type: 'late' });
    current = null;
    listener!({ type: 'later' });
    expect(contents.send).toHaveBeenCalledTimes(1);
    stop();
    expect(unsubscribe).toHaveBeenCalled();
  });
});
