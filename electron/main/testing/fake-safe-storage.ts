import type { SecretBox } from '../config-secrets.js';

/**
 * safeStorage stand-in: a reversible scramble with a marker, so a test can tell sealed bytes
 * from plain ones, and a "keychain" that can be reset or switched off.
 */
export function fakeSafeStorage() {
  const state = { available: true, keychain: 'keychain-1' };
  const box: SecretBox = {
    isEncryptionAvailable: () => state.available,
    encryptString: (plain) => Buffer.from(`${state.keychain}:${Buffer.from(plain).reverse().toString('hex')}`),
    decryptString: (sealed) => {
      const [keychain, hex] = sealed.toString().split(':');
      if (keychain !== state.keychain || !hex) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return Buffer.from(hex, 'hex').reverse().toString();
    },
  };
  return { box, state };
}
