import Database from 'better-sqlite3'
import type { Database as SqliteDatabase } from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { MIGRATIONS, type Migration } from './migrations'
import { timeStatements } from './statement-timing'
import type { SlowOperations } from '../logging/slow-operations'

export type Db = SqliteDatabase

/** Thrown when the file was written by a newer Reception Bench: we refuse it and leave it untouched. */
export class DatabaseFromFutureError extends Error {
  constructor(
    readonly fileVersion: number,
    readonly knownVersion: number
  ) {
    super(`database schema version ${fileVersion} is newer than this app understands (${knownVersion}); update Reception Bench`)
    this.name = 'DatabaseFromFutureError'
  }
}

export interface OpenOptions {
  /** Migrations to apply; tests pass a prefix of the list to build old databases. */
  migrations?: readonly Migration[]
  readonly?: boolean
  /** Time every statement and note those over the limit (off for tools and tests that do not ask). */
  slowOperations?: Pick<SlowOperations, 'limits' | 'note'>
}

/**
 * Opens the one database file of the bench. The main process is the single writer, so
 * WAL + synchronous=NORMAL gives durable commits (a crash loses at most the last transaction
 * that had not reached the WAL, never integrity) at a fraction of FULL's fsync cost.
 */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  const migrations = options.migrations ?? MIGRATIONS
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true })
  const db = new Database(file, { readonly: options.readonly ?? false })
  if (options.slowOperations) timeStatements(db, options.slowOperations)
  try {
    // The future check comes first, before any pragma that could write to the file.
    const fileVersion = db.pragma('user_version', { simple: true }) as number
    const known = latestVersion(migrations)
    if (fileVersion > known) throw new DatabaseFromFutureError(fileVersion, known)
    db.pragma('busy_timeout = 5000')
    if (!options.readonly) {
      db.pragma('journal_mode = WAL')
      db.pragma('synchronous = NORMAL')
      db.pragma('journal_size_limit = 67108864')
    }
    db.pragma('foreign_keys = ON')
    db.pragma('temp_store = MEMORY')
    db.pragma('cache_size = -32000')
    if (!options.readonly) migrate(db, migrations)
    return db
  } catch (error) {
    db.close()
    throw error
  }
}

export function latestVersion(migrations: readonly Migration[] = MIGRATIONS): number {
  return migrations.reduce((max, m) => Math.max(max, m.version), 0)
}

/** Each pending migration runs in its own transaction together with its user_version bump. */
export function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS): number[] {
  const applied: number[] = []
  const sorted = [...migrations].sort((a, b) => a.version - b.version)
  for (const migration of sorted) {
    const current = db.pragma('user_version', { simple: true }) as number
    if (migration.version <= current) continue
    db.transaction(() => {
      migration.up(db)
      db.pragma(`user_version = ${migration.version}`)
    }).immediate()
    applied.push(migration.version)
  }
  return applied
}
