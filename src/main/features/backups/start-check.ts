/**
 * Before the database is opened for writing: a damage recorded earlier still stands (only a
 * restore clears it); a file exactly as the bench last closed it is trusted (clean-close-record);
 * otherwise the file gets a `quick_check`. Damage found now is recorded and the file kept aside,
 * so nothing is ever written to it. A passed check is handed on to the health job, which would
 * otherwise read the whole file again moments later.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { DATABASE_FILE } from '../../platform/platform'
import type { BackupsService } from './backups-service'
import { checkFile } from '../../platform/db/database-check'
import { takeCleanClose } from './clean-close-record'
import { readDamageRecord, type Damage } from './damage-record'

/**
 * What the start found: damage (the bench opens blocked), or when this file passed its
 * quick_check (null: no check ran, on a first start or a file untouched since a clean close).
 */
export type StartInspection = { damage: Damage } | { damage: null; passedAt: Date | null; untouched: boolean }

export function inspectAtStart(dataDir: string, backups: Pick<BackupsService, 'recordDamage'>, clock: () => Date): StartInspection {
  const recorded = readDamageRecord(dataDir)
  if (recorded) return { damage: recorded }
  const file = join(dataDir, DATABASE_FILE)
  if (takeCleanClose(dataDir, file)) return { damage: null, passedAt: null, untouched: true }
  // A first start has no file yet: nothing was checked.
  const existed = existsSync(file)
  const check = checkFile(file, 'quick')
  if (!check.ok) return { damage: backups.recordDamage('start', check.detail) }
  return { damage: null, passedAt: existed ? clock() : null, untouched: false }
}
