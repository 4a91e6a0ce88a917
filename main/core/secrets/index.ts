// Credentials: the password lives only in the OS keychain.
export { KEYCHAIN_SERVICE, keychainAccount, type CredentialStore } from './credential-store';
export { createKeytarStore } from './keytar-store';
