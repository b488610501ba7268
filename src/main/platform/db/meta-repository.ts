import type { Db } from './database'

/**
 * Set while the bench tries the app with demo data (the demo feature starts and ends it): every
 * row it writes then is demo, and nothing of it may reach a server, so the outbox takes nothing.
 */
export const DEMO_MODE_KEY = 'demo_mode'

/** Small key/value facts about this bench's database (device id, preferences, seeding marks). */
export function createMetaRepository(db: Db) {
  const read = db.prepare<[string], { value: string }>(`SELECT value FROM meta WHERE key = ?`)
  const write = db.prepare(`INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`)
  return {
    get(key: string): string | null {
      return read.get(key)?.value ?? null
    },
    set(key: string, value: string): void {
      write.run(key, value)
    }
  }
}
export type MetaRepository = ReturnType<typeof createMetaRepository>
