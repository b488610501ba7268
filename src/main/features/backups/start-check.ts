/**
 * Before the database is opened for writing: a damage recorded earlier still stands (only a
 * restore clears it), otherwise the file gets a `quick_check`. Damage found now is recorded and
 * the file kept aside, so nothing is ever written to it.
 */
import { join } from 'node:path'
import { DATABASE_FILE } from '../../platform/platform'
import type { BackupsService } from './backups-service'
import { checkFile } from '../../platform/db/database-check'
import { readDamageRecord, type Damage } from './damage-record'

export function inspectAtStart(dataDir: string, backups: Pick<BackupsService, 'recordDamage'>): Damage | null {
  const recorded = readDamageRecord(dataDir)
  if (recorded) return recorded
  const check = checkFile(join(dataDir, DATABASE_FILE), 'quick')
  return check.ok ? null : backups.recordDamage('start', check.detail)
}
