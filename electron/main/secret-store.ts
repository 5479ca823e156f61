import type { SafeStorage } from 'electron';

// Tokens at rest (register and staff tokens) are encrypted with the OS key store through Electron's
// safeStorage; the engine stores the base64 text it gets back. The engine never imports 'electron':
// it receives this object.

export type SecretStore = { encrypt(plain: string): string; decrypt(stored: string): string };

export function createSafeStorageSecretStore(safeStorage: Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'>): SecretStore {
  const ensureAvailable = () => {
    if (!safeStorage.isEncryptionAvailable()) {
      throw new Error('The operating system key store is not available, so the register cannot keep its sign-in tokens safely.');
    }
  };
  return {
    encrypt(plain) {
      ensureAvailable();
      return safeStorage.encryptString(plain).toString('base64');
    },
    decrypt(stored) {
      ensureAvailable();
      return safeStorage.decryptString(Buffer.from(stored, 'base64'));
    },
  };
}
