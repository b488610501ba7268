/**
 * Where the device secret lives: sealed by the OS keychain (Electron safeStorage through the
 * `secrets` shell port) when there is one, else as plain text in a 0600 file of the data folder
 * (browser harness, tests); the status tells the clerk which. Never in the database, never in
 * the renderer.
 */
import { chmodSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { SecretCipher } from '../../platform/shell-ports'

export const SECRET_FILE = 'sync-secret.json'

interface SecretFile {
  /** os: sealed by the shell's cipher; plain: the secret itself (file mode 0600). */
  format: 'os' | 'plain'
  data: string
}

export interface SecretStore {
  /** Saves the secret; returns whether the OS protects it. */
  save(secret: string): { osProtected: boolean }
  load(): string | null
  clear(): void
}

export function createSecretStore(dataDir: string, cipher: SecretCipher | undefined): SecretStore {
  const file = join(dataDir, SECRET_FILE)
  return {
    save(secret) {
      const content: SecretFile = cipher
        ? { format: 'os', data: cipher.encrypt(secret).toString('base64') }
        : { format: 'plain', data: secret }
      const temp = `${file}.tmp`
      writeFileSync(temp, JSON.stringify(content), { mode: 0o600 })
      chmodSync(temp, 0o600)
      renameSync(temp, file)
      return { osProtected: cipher?.osProtected ?? false }
    },
    load() {
      if (!existsSync(file)) return null
      const content = JSON.parse(readFileSync(file, 'utf8')) as SecretFile
      if (content.format === 'plain') return content.data
      // Sealed by a keychain this host cannot reach (copied data folder): pair again.
      if (!cipher) return null
      return cipher.decrypt(Buffer.from(content.data, 'base64'))
    },
    clear() {
      rmSync(file, { force: true })
    }
  }
}
