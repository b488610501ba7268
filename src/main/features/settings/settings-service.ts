import { scryptSync, randomBytes, timingSafeEqual } from 'node:crypto'
import { BenchSettings, type PublicClerk } from '../../../shared/bench-settings'
import type { PublicSettings } from '../../../shared/app'
import type { MetaRepository } from '../../platform/db/meta-repository'

/** Where settings were kept before electron-store, and still are under the browser harness. */
export const SETTINGS_META_KEY = 'bench_settings'

/** Hashes a clerk PIN with scrypt; the format carries its salt so verification needs nothing else. */
export function hashPin(pin: string): string {
  const salt = randomBytes(16)
  return `scrypt:${salt.toString('hex')}:${scryptSync(pin, salt, 32).toString('hex')}`
}

export function verifyPin(pin: string, stored: string): boolean {
  const [scheme, saltHex, hashHex] = stored.split(':')
  if (scheme !== 'scrypt' || !saltHex || !hashHex) return false
  const expected = Buffer.from(hashHex, 'hex')
  const actual = scryptSync(pin, Buffer.from(saltHex, 'hex'), expected.length)
  return timingSafeEqual(actual, expected)
}

/** What the renderer may see of a clerk: whether a PIN is set, never its hash. */
const toPublicClerk = (clerk: BenchSettings['clerks'][number]): PublicClerk => ({ name: clerk.name, hasPin: clerk.pinHash !== undefined })

export const toPublicSettings = (settings: BenchSettings): PublicSettings => ({ ...settings, clerks: settings.clerks.map(toPublicClerk) })

/** Where settings are kept: the database by default; electron-store in the Electron shell. */
export interface SettingsStore {
  /** The stored value as last written, or null when nothing was stored yet. */
  read(): unknown
  write(settings: BenchSettings): void
}

export function metaSettingsStore(meta: MetaRepository): SettingsStore {
  return {
    read: () => {
      const stored = meta.get(SETTINGS_META_KEY)
      return stored === null ? null : (JSON.parse(stored) as unknown)
    },
    write: (settings) => meta.set(SETTINGS_META_KEY, JSON.stringify(settings))
  }
}

/** The bench's configuration, validated on every read and write. */
export function createSettingsService(store: SettingsStore, onChange: (settings: BenchSettings) => void) {
  const read = (): BenchSettings => {
    const stored = store.read()
    const parsed = BenchSettings.safeParse(stored ?? {})
    // A stored value this version cannot read falls back to defaults rather than stopping the bench.
    return parsed.success ? parsed.data : BenchSettings.parse({})
  }
  return {
    get: read,
    update(patch: Partial<BenchSettings>): BenchSettings {
      const next = BenchSettings.parse({ ...read(), ...patch })
      store.write(next)
      onChange(next)
      return next
    },
    publicClerks(): PublicClerk[] {
      return read().clerks.map(toPublicClerk)
    }
  }
}
export type SettingsService = ReturnType<typeof createSettingsService>
