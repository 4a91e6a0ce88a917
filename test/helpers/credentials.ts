// A keychain in memory, for tests of the handlers that are not about the keychain itself
// (those use the real Secret Service: test/secrets/).
import type { CredentialStore } from '../../main/core/secrets';

export function memoryCredentials(): CredentialStore {
  const saved = new Map<string, string>();
  return {
    get: async (s, l) => saved.get(`${l}@${s}`) ?? null,
    set: async (s, l, p) => void saved.set(`${l}@${s}`, p),
    delete: async (s, l) => saved.delete(`${l}@${s}`),
  };
}
