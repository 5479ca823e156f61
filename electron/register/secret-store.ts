/** Encrypts tokens at rest. Electron passes one backed by safeStorage; plain Node keeps them as they are. */
export type SecretStore = { encrypt(plain: string): string; decrypt(stored: string): string };

export const identitySecretStore: SecretStore = {
  encrypt: (plain) => plain,
  decrypt: (stored) => stored,
};
