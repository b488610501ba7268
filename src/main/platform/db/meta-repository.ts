import type { Db } from './database'

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
