/**
 * What the bench remembers about a damaged database outside of it: `database-damaged.json` in the
 * data folder, written when a check fails and removed only by a successful restore, so a restart
 * (where a quick check might pass where the full one failed) never writes to the damaged file.
 * Damaged and replaced databases are copied to `kept-aside/` and never overwritten.
 */
import { basename, join } from 'node:path'
import { constants, copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { z } from 'zod'
import { DamageFoundBy, type DatabaseHealth } from '../../../shared/backups'

export const DAMAGE_RECORD_FILE = 'database-damaged.json'
export const KEPT_ASIDE_FOLDER = 'kept-aside'

const DamageRecord = z.object({
  state: z.literal('damaged'),
  detectedAt: z.string(),
  foundBy: DamageFoundBy,
  detail: z.string(),
  keptAside: z.string().nullable()
})
export type Damage = Extract<DatabaseHealth, { state: 'damaged' }>

export function readDamageRecord(dataDir: string): Damage | null {
  const path = join(dataDir, DAMAGE_RECORD_FILE)
  if (!existsSync(path)) return null
  try {
    return DamageRecord.parse(JSON.parse(readFileSync(path, 'utf8')))
  } catch {
    // A record we cannot read still means "damaged": never fall back to writing the file.
    return { state: 'damaged', detectedAt: '', foundBy: 'start', detail: `${DAMAGE_RECORD_FILE} is unreadable`, keptAside: null }
  }
}

export function writeDamageRecord(dataDir: string, damage: Damage): void {
  const path = join(dataDir, DAMAGE_RECORD_FILE)
  writeFileSync(`${path}.tmp`, `${JSON.stringify(damage, null, 2)}\n`)
  renameSync(`${path}.tmp`, path)
}

export function clearDamageRecord(dataDir: string): void {
  rmSync(join(dataDir, DAMAGE_RECORD_FILE), { force: true })
}

const stamp = (at: Date) => at.toISOString().replace(/[:.]/g, '-')

/**
 * Copies the database file (and its WAL, which holds the latest commits) to
 * `kept-aside/<name>-<time>-<why>.sqlite`. An existing copy is never replaced (exclusive copy).
 * Returns the copy of the main file.
 */
export function copyAside(dataDir: string, databaseFile: string, why: 'damaged' | 'before-restore', at: Date): string {
  const folder = join(dataDir, KEPT_ASIDE_FOLDER)
  mkdirSync(folder, { recursive: true })
  const target = join(folder, `${basename(databaseFile, '.sqlite')}-${stamp(at)}-${why}.sqlite`)
  copyFileSync(databaseFile, target, constants.COPYFILE_EXCL)
  if (existsSync(`${databaseFile}-wal`)) copyFileSync(`${databaseFile}-wal`, `${target}-wal`, constants.COPYFILE_EXCL)
  return target
}
