import { describe, expect, it } from 'vitest';
import { createSafeStorageSecretStore } from '../../../electron/main/secret-store';
import { safeStorage } from './fake-electron';

describe('safeStorage secret store', () => {
  it('stores base64 of the OS-encrypted bytes and reads it back', () => {
    safeStorage.available = true;
    const store = createSafeStorageSecretStore(safeStorage as never);
    const sealed = store.encrypt('register-token-123');
    expect(sealed).toBe(Buffer.from('sealed:register-token-123').toString('base64'));
    expect(sealed).not.toContain('register-token-123');
    expect(store.decrypt(sealed)).toBe('register-token-123');
  });

  it('refuses to store tokens when the OS key store is unavailable', () => {
    safeStorage.available = false;
    const store = createSafeStorageSecretStore(safeStorage as never);
    expect(() => store.encrypt('t')).toThrow(/key store/);
    safeStorage.available = true;
  });
});
