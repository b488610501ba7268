/**
 * Where snapshots go and how long they stay, kept in `backups.json` in the data folder rather
 * than in the database: a bench whose database is damaged must still find its snapshots.
 */
import { join } from 'node:path'
import { readFileSync, renameSync, writeFileSync } from 'node:fs'
import { z } from 'zod'
import { BackupFailure, KEEP_DAYS_DEFAULT } from '../../../shared/backups'

export const BACKUP_CONFIG_FILE = 'backups.json'

const StoredConfig = z.object({
  /** null: the default folder (`backups` in the data folder). */
  folder: z.string().nullable().catch(null),
  keepDays: z.number().int().min(1).max(365).catch(KEEP_DAYS_DEFAULT),
  lastFailure: z.object({ at: z.string(), reason: BackupFailure, detail: z.string() }).nullable().catch(null)
})
export type BackupConfig = z.infer<typeof StoredConfig>

const DEFAULTS: BackupConfig = { folder: null, keepDays: KEEP_DAYS_DEFAULT, lastFailure: null }

export const defaultBackupFolder = (dataDir: string) => join(dataDir, 'backups')

export function readBackupConfig(dataDir: string): BackupConfig {
  try {
    return StoredConfig.parse({ ...DEFAULTS, ...(JSON.parse(readFileSync(join(dataDir, BACKUP_CONFIG_FILE), 'utf8')) as object) })
  } catch {
    // Missing or unreadable: the defaults, so a backup is still taken.
    return { ...DEFAULTS }
  }
}

/** Written whole to a temporary name and renamed, so a power cut leaves the old file or the new. */
export function writeBackupConfig(dataDir: string, config: BackupConfig): void {
  const path = join(dataDir, BACKUP_CONFIG_FILE)
  writeFileSync(`${path}.tmp`, `${JSON.stringify(config, null, 2)}\n`)
  renameSync(`${path}.tmp`, path)
}
