/**
 * The `secrets` shell port on Electron's safeStorage: the OS keychain (macOS Keychain, Windows
 * DPAPI, libsecret/kwallet on Linux). On Linux without a keyring safeStorage falls back to a
 * hard-coded key ('basic_text'); that is not protection, and the bench says so.
 */
import { safeStorage } from 'electron'
import type { SecretCipher } from '../platform/shell-ports'

export function createElectronSecretCipher(): SecretCipher | undefined {
  if (!safeStorage.isEncryptionAvailable()) return undefined
  const osProtected = process.platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text'
  return {
    osProtected,
    encrypt: (plain) => safeStorage.encryptString(plain),
    decrypt: (sealed) => safeStorage.decryptString(sealed)
  }
}
