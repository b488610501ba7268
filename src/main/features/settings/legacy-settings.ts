import Database from 'better-sqlite3'
import { existsSync } from 'node:fs'
import { SETTINGS_META_KEY } from './settings-service'

/**
 * Reads the settings an earlier version kept in the database, without touching the file: a
 * short read-only look before the host opens it as the single writer. Null when there is none.
 */
export function readLegacySettings(databaseFile: string): unknown {
  if (!existsSync(databaseFile)) return null
  let db: Database.Database | null = null
  try {
    db = new Database(databaseFile, { readonly: true, fileMustExist: true })
    const row = db.prepare<[string], { value: string }>(`SELECT value FROM meta WHERE key = ?`).get(SETTINGS_META_KEY)
    return row ? (JSON.parse(row.value) as unknown) : null
  } catch {
    // No meta table, a damaged file, a value that is not JSON: nothing to take over.
    return null
  } finally {
    db?.close()
  }
}
