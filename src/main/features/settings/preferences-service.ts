import { Preferences } from '../../../shared/app'
import { DEFAULT_LANGUAGE } from '../../../shared/languages'
import type { MetaRepository } from '../../platform/db/meta-repository'

const KEY = 'preferences'
const DEFAULTS: Preferences = { language: DEFAULT_LANGUAGE }

/** The clerk-facing preferences of this bench, kept in the database so every shell sees the same. */
export function createPreferencesService(meta: MetaRepository, onChange: (preferences: Preferences) => void) {
  const read = (): Preferences => {
    const stored = meta.get(KEY)
    if (stored === null) return DEFAULTS
    // A damaged or older value falls back to defaults field by field instead of failing start-up.
    const parsed = Preferences.partial().safeParse(JSON.parse(stored))
    return { ...DEFAULTS, ...(parsed.success ? parsed.data : {}) }
  }
  return {
    get: read,
    update(patch: Partial<Preferences>): Preferences {
      const next = Preferences.parse({ ...read(), ...patch })
      meta.set(KEY, JSON.stringify(next))
      onChange(next)
      return next
    }
  }
}
