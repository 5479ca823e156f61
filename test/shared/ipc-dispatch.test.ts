import { describe, expect, it, vi } from 'vitest';
import { AppError } from '../../shared/contract/errors';
import { dispatchIpc, type IpcHandlers } from '../../shared/contract/ipc';
import { createIpcClient, IpcCallError } from '../../shared/contract/ipc-client';

function handlersWith(overrides: Partial<IpcHandlers>): IpcHandlers {
  return new Proxy(overrides, {
    get: (target, key) => (target as Record<string | symbol, unknown>)[key] ?? (() => Promise.resolve({ touched: key })),
  }) as IpcHandlers;
}

describe('dispatchIpc', () => {
  it('runs the handler with validated input', async () => {
    const addLine = vi.fn(() => Promise.resolve({ ok: true }) as never);
    const result = await dispatchIpc(handlersWith({ 'cart.addLine': addLine }), 'cart.addLine', { itemId: 'socks', quantity: 2 });
    expect(result).toEqual({ ok: true, value: { ok: true } });
    expect(addLine).toHaveBeenCalledWith({ itemId: 'socks', quantity: 2 });
  });

  it.each([
    ['unknown method', 'cart.explode', {}],
    ['prototype key', '__proto__', {}],
    ['non-string method', 42, {}],
    ['negative quantity', 'cart.addLine', { itemId: 'socks', quantity: -1 }],
    ['fractional quantity', 'cart.addLine', { itemId: 'socks', quantity: 1.5 }],
    ['unexpected field', 'cart.addLine', { itemId: 'socks', price: 0 }],
    ['hostile id', 'cart.addLine', { itemId: '<script>alert(1)</script>' }],
    ['oversized id', 'cart.setClient', { clientId: 'a'.repeat(65) }],
    ['wrong type', 'staff.signIn', { pin: 2222 }],
    ['short PIN', 'staff.signIn', { pin: '12' }],
    ['script register name', 'register.enroll', { serverUrl: 'http://x', code: 'C', name: '<img src=x>' }],
    ['non-http server URL', 'register.enroll', { serverUrl: 'file:///etc/passwd', code: 'C', name: 'Desk' }],
    ['not an object', 'cart.clear', 'boom'],
  ])('refuses %s with a code and a sentence, without calling a handler', async (_name, method, input) => {
    const spy = vi.fn();
    const result = await dispatchIpc(new Proxy({}, { get: () => spy }) as IpcHandlers, method, input);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('invalid_request');
      expect(result.error.message).toMatch(/\w+ \w+/);
    }
    expect(spy).not.toHaveBeenCalled();
  });

  it('turns AppError into its code and other errors into internal_error', async () => {
    const refused = await dispatchIpc(
      handlersWith({ 'cart.clear': async () => Promise.reject(new AppError('cart_locked', 'The cart is locked.')) }),
      'cart.clear',
      {},
    );
    expect(refused).toEqual({ ok: false, error: { code: 'cart_locked', message: 'The cart is locked.' } });
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const crashed = await dispatchIpc(handlersWith({ 'cart.clear': async () => Promise.reject(new Error('disk')) }), 'cart.clear', {});
    expect(crashed).toMatchObject({ ok: false, error: { code: 'internal_error' } });
  });

  it('gives the renderer typed calls that throw IpcCallError on refusal', async () => {
    const client = createIpcClient({
      invoke: () => Promise.resolve({ ok: false, error: { code: 'not_signed_in', message: 'Sign in first.' } }),
      onPush: () => () => undefined,
    });
    await expect(client.call('app.snapshot', {})).rejects.toBeInstanceOf(IpcCallError);
    await expect(client.call('app.snapshot', {})).rejects.toMatchObject({ code: 'not_signed_in' });
  });
});
