/**
 * `closed-cleanly.json` in the data folder: the database file's identity (device, inode, size,
 * modification and change times, and its WAL's) written after this bench closed it normally.
 * The start's quick_check reads the whole file, about a second per 200 MB, so it is skipped when
 * the file is exactly as the bench left it. Any other writer, a copy or a restore changes the
 * change time (no program can set it back), and the record is removed at every open, so after a
 * crash the check runs again. The nightly integrity check reads everything regardless.
 */
import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export const CLEAN_CLOSE_FILE = 'closed-cleanly.json'

/** The identity of one file, as decimal strings of nanosecond-precision stat fields; null when absent. */
function identity(file: string): string[] | null {
  if (!existsSync(file)) return null
  const stat = statSync(file, { bigint: true })
  return [stat.dev, stat.ino, stat.size, stat.mtimeNs, stat.ctimeNs].map(String)
}

const identities = (databaseFile: string) => JSON.stringify({ database: identity(databaseFile), wal: identity(`${databaseFile}-wal`) })

/** After the database closed without error: what the next start compares against. */
export function recordCleanClose(dataDir: string, databaseFile: string): void {
  const path = join(dataDir, CLEAN_CLOSE_FILE)
  writeFileSync(`${path}.tmp`, `${identities(databaseFile)}\n`)
  renameSync(`${path}.tmp`, path)
}

/**
 * Whether the file is untouched since the bench's last clean close. Removes the record either
 * way: from now on the file is open and being written, and only the next clean close vouches again.
 */
export function takeCleanClose(dataDir: string, databaseFile: string): boolean {
  const path = join(dataDir, CLEAN_CLOSE_FILE)
  if (!existsSync(path)) return false
  let recorded = ''
  try {
    recorded = readFileSync(path, 'utf8').trim()
  } finally {
    rmSync(path, { force: true })
  }
  return existsSync(databaseFile) && recorded === identities(databaseFile)
}
