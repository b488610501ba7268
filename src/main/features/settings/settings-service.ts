import { scryptSync, randomBytes, timingSafeEqual } from 'node:crypto'
import { BenchSettings, type PublicClerk } from '../../../shared/bench-settings'
import type { PublicSettings } from '../../../shared/app'
import type { MetaRepository } from '../../platform/db/meta-repository'
import { HandledError } from '../../platform/dispatch'

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

export const toPublicSettings = ({ adminPinHash, ...settings }: BenchSettings): PublicSettings => ({
  ...settings,
  clerks: settings.clerks.map(toPublicClerk),
  hasAdminPin: adminPinHash !== null
})

/** The admin PIN as typed: 4 to 8 digits (the same rule as a clerk's). */
const WELL_FORMED_PIN = /^\d{4,8}$/

/**
 * How an action that needs the admin PIN was allowed: `verified` (the PIN matched), or `first`
 * (no admin PIN was set yet: the caller makes this one the admin PIN once the action succeeds).
 */
export type AdminPinCheck = 'verified' | 'first'

/** Where settings are kept: the database by default; electron-store in the Electron shell. */
export interface SettingsStore {
  /** The stored value as last written, or null when nothing was stored yet. */
  read(): unknown
  write(settings: BenchSettings): void
  /**
   * A cheap token that changes whenever the stored value does, where the store can give one (the
   * database row's text: a transaction rolled back after a write brings the old text back). A
   * store without it is trusted to change only through the service's own writes.
   */
  revision?(): unknown
}

export function metaSettingsStore(meta: MetaRepository): SettingsStore {
  return {
    read: () => {
      const stored = meta.get(SETTINGS_META_KEY)
      return stored === null ? null : (JSON.parse(stored) as unknown)
    },
    write: (settings) => meta.set(SETTINGS_META_KEY, JSON.stringify(settings)),
    revision: () => meta.get(SETTINGS_META_KEY)
  }
}

/**
 * Where a settings change is recorded (the audit log): `record` runs inside `transaction` with the
 * store's write, so a change the log could not take is not saved either.
 */
export interface SettingsJournal {
  transaction<T>(write: () => T): T
  record(before: BenchSettings, after: BenchSettings): void
}

/** Freezes a settings value all the way down: every reader shares it, so none may change it. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const inner of Object.values(value)) deepFreeze(inner)
  }
  return value
}

/**
 * The bench's configuration, validated when it is first read and on every write. A receive reads
 * it several times (the label, the notification, the low-numbers mark): the validated value is
 * kept (frozen, shared by every reader) while the store's revision stays the same, or, for a store
 * without one, until this service writes a new value (the service is then the store's only writer:
 * the data folder is held by one process).
 */
export function createSettingsService(store: SettingsStore, onChange: (settings: BenchSettings) => void, journal?: SettingsJournal) {
  let current: { settings: BenchSettings; revision: unknown } | null = null
  const revision = () => store.revision?.()
  const read = (): BenchSettings => {
    const now = revision()
    if (current && current.revision === now) return current.settings
    const stored = store.read()
    const parsed = BenchSettings.safeParse(stored ?? {})
    // A stored value this version cannot read falls back to defaults rather than stopping the bench.
    current = { settings: deepFreeze(parsed.success ? parsed.data : BenchSettings.parse({})), revision: now }
    return current.settings
  }
  const update = (patch: Partial<BenchSettings>): BenchSettings => {
    const before = read()
    const next = BenchSettings.parse({ ...before, ...patch })
    if (journal) {
      journal.transaction(() => {
        journal.record(before, next)
        store.write(next)
      })
    } else store.write(next)
    current = { settings: deepFreeze(next), revision: revision() }
    onChange(next)
    return next
  }
  return {
    get: read,
    update,
    publicClerks(): PublicClerk[] {
      return read().clerks.map(toPublicClerk)
    },
    /**
     * Gate of pairing and of the server address. While the bench has no admin PIN, whoever sets
     * it up chooses one there (a first PIN must be well formed); from then on the PIN must match.
     */
    checkAdminPin(pin: string): AdminPinCheck {
      const stored = read().adminPinHash
      if (stored === null) {
        if (!WELL_FORMED_PIN.test(pin)) throw new HandledError('invalid_admin_pin', 'the admin PIN must be 4 to 8 digits')
        return 'first'
      }
      if (!verifyPin(pin, stored)) throw new HandledError('wrong_admin_pin', 'wrong admin PIN')
      return 'verified'
    },
    /** The first admin PIN needs nothing; a new one needs the current one. */
    setAdminPin(pin: string, currentPin: string | undefined): BenchSettings {
      const stored = read().adminPinHash
      if (stored !== null && !(currentPin !== undefined && verifyPin(currentPin, stored))) throw new HandledError('wrong_admin_pin', 'wrong admin PIN')
      if (!WELL_FORMED_PIN.test(pin)) throw new HandledError('invalid_admin_pin', 'the admin PIN must be 4 to 8 digits')
      return update({ adminPinHash: hashPin(pin) })
    }
  }
}
export type SettingsService = ReturnType<typeof createSettingsService>
