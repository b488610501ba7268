/**
 * SQLite's own checks of a database file: `quick_check` at start (it reads every page but skips
 * the index-to-table cross checks, so it stays fast) and the full `integrity_check` daily and on
 * every snapshot. A check never writes: files are opened read-only, so a damaged file is read and
 * left exactly as it was.
 */
import Database from 'better-sqlite3'
import { existsSync } from 'node:fs'
import type { Db } from './database'
import { runDbThreadTask } from './db-thread'

export type CheckMode = 'quick' | 'full'

export type CheckResult = { ok: true } | { ok: false; detail: string }

/** SQLite's answers that mean the file itself is damaged (not that it could not be opened). */
const DAMAGE_CODES = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB', 'SQLITE_CORRUPT_INDEX', 'SQLITE_CORRUPT_SEQUENCE', 'SQLITE_CORRUPT_VTAB'])

export function isDamageError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' && DAMAGE_CODES.has(code)
}

const MAX_DETAIL_LINES = 5

const pragmaOf = (mode: CheckMode) => (mode === 'quick' ? 'quick_check' : 'integrity_check')

const resultOf = (lines: readonly string[]): CheckResult =>
  lines.length === 1 && lines[0] === 'ok' ? { ok: true } : { ok: false, detail: lines.slice(0, MAX_DETAIL_LINES).join('\n') }

/** Runs the check on an open connection: `ok`, or SQLite's first complaints. */
export function checkConnection(db: Db, mode: CheckMode): CheckResult {
  try {
    return resultOf(db.prepare(`PRAGMA ${pragmaOf(mode)}(50)`).pluck().all() as string[])
  } catch (error) {
    if (isDamageError(error)) return { ok: false, detail: (error as Error).message }
    throw error
  }
}

/**
 * Checks a file that no connection of this process holds. A missing file is fine (a first
 * start); one SQLite cannot even read as a database is damaged. A file that cannot be opened for
 * another reason (permissions) is not judged here: opening it for real reports that clearly.
 */
export function checkFile(file: string, mode: CheckMode): CheckResult {
  if (!existsSync(file)) return { ok: true }
  let db: Db | null = null
  try {
    db = new Database(file, { readonly: true, fileMustExist: true })
    return checkConnection(db, mode)
  } catch (error) {
    if (isDamageError(error)) return { ok: false, detail: (error as Error).message }
    return { ok: true }
  } finally {
    db?.close()
  }
}

/**
 * The same check, on a connection of its own in a worker thread (db-thread.ts): for the file the
 * bench has open (WAL: it reads what is committed) or one just written, while the main process
 * keeps answering. A file SQLite cannot read as a database is damaged; any other failure
 * (missing, unreadable) is thrown, since the caller asked about a file that must be there.
 */
export async function checkFileOffThread(file: string, mode: CheckMode): Promise<CheckResult> {
  try {
    return resultOf(await runDbThreadTask({ op: 'check', file, pragma: pragmaOf(mode) }))
  } catch (error) {
    if (isDamageError(error)) return { ok: false, detail: (error as Error).message }
    throw error
  }
}
