import { problemOf } from '../data-folder'

/** A write that failed because of where the data lies, not because of a bug: the clerk can fix it. */
export type StorageProblem = 'disk_full' | 'folder_read_only' | 'folder_missing'

/**
 * What a failed write means for the clerk, from SQLite's result code (better-sqlite3's
 * `SqliteError.code`) or a file system errno. SQLite rolls the transaction back on these, so
 * nothing the clerk typed is half-written: the message says so instead of a stack trace.
 */
export function storageProblemOf(error: unknown): StorageProblem | null {
  const code = (error as { code?: unknown } | null)?.code
  if (typeof code !== 'string') return null
  if (code === 'SQLITE_FULL') return 'disk_full'
  if (code.startsWith('SQLITE_READONLY') || code === 'SQLITE_PERM' || code === 'SQLITE_AUTH') return 'folder_read_only'
  if (code === 'SQLITE_CANTOPEN' || code === 'SQLITE_IOERR_ACCESS') return 'folder_read_only'
  switch (problemOf(error)) {
    case 'full':
      return 'disk_full'
    case 'read_only':
      return 'folder_read_only'
    case 'missing':
      return 'folder_missing'
    default:
      return null
  }
}
