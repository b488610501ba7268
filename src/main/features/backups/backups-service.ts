/**
 * The use cases of backups over the data folder, shared by the healthy bench and the one whose
 * database is damaged: the status the Settings page shows, choosing the folder, taking a verified
 * snapshot (recording why one failed) and restoring one in place of the database file. Restoring
 * needs the database closed: the caller runs it inside the host's reopen.
 */
import { join } from 'node:path'
import { accessSync, constants, existsSync, statSync } from 'node:fs'
import type { BackupFailure, BackupsConfigureInput, BackupsStatus, DatabaseHealth, Snapshot } from '../../../shared/backups'
import { HandledError } from '../../platform/dispatch'
import { storageProblemOf } from '../../platform/db/storage-errors'
import type { Clock, LogFn } from '../../platform/module'
import { defaultBackupFolder, readBackupConfig, writeBackupConfig } from './backup-config'
import { checkFile, checkFileOffThread } from '../../platform/db/database-check'
import { clearDamageRecord, copyAside, writeDamageRecord, type Damage } from './damage-record'
import { carryNumberBlocks, closeNumberBlocks, type NumberBlockRows } from './numbering-carry'
import type { DiskSpace } from '../../platform/disk-space'
import { findSnapshot, installSnapshot, listSnapshots, pruneSnapshots, SnapshotError, takeSnapshot } from './snapshot-store'

export interface BackupsServiceDeps {
  dataDir: string
  /** The database file's full path. */
  databaseFile: string
  clock: Clock
  log: LogFn
  /** Free space, asked before a snapshot is written (a snapshot is about the database's size). */
  disk?: Pick<DiskSpace, 'ensure'>
}

export type BackupsService = ReturnType<typeof createBackupsService>

/** The clerk-facing error for a snapshot failure (the renderer translates the code). */
const errorCodeOf = (reason: BackupFailure) =>
  reason === 'verification_failed' ? 'snapshot_damaged' : reason === 'database_damaged' ? 'database_damaged' : reason === 'internal' ? 'internal' : reason

function isWritable(folder: string): boolean {
  try {
    // access(2) answers EROFS for a read-only mount, even to root.
    accessSync(folder, constants.W_OK)
    return true
  } catch {
    return false
  }
}

export function createBackupsService(deps: BackupsServiceDeps) {
  /** Refused before VACUUM INTO starts: a copy that fills the backup disk midway helps nobody. */
  const ensureRoomForSnapshot = (folder: string): void => {
    // A folder that is missing or cannot be written is said as such by the snapshot itself.
    if (!deps.disk || !existsSync(folder) || !isWritable(folder)) return
    try {
      deps.disk.ensure(folder, statSync(deps.databaseFile, { throwIfNoEntry: false })?.size ?? 0)
    } catch (error) {
      throw new SnapshotError('disk_full', `no room for a snapshot in ${folder}: ${error instanceof Error ? error.message : String(error)}`, { cause: error })
    }
  }
  const { dataDir, databaseFile, clock, log } = deps

  const folderOf = () => readBackupConfig(dataDir).folder ?? defaultBackupFolder(dataDir)

  const recordFailure = (reason: BackupFailure, detail: string) => {
    log('error', `backup failed (${reason}): ${detail}`)
    try {
      writeBackupConfig(dataDir, { ...readBackupConfig(dataDir), lastFailure: { at: clock().toISOString(), reason, detail } })
    } catch (error) {
      // The data folder itself refuses writes: the log line above is all that can be kept.
      log('warn', `could not record the backup failure: ${String(error)}`)
    }
  }

  /**
   * Keeps the damaged file aside and remembers the damage outside the database, so that no later
   * start writes to it. Copying can fail (a full disk): the damage is still recorded.
   */
  const recordDamage = (foundBy: Damage['foundBy'], detail: string): Damage => {
    const at = clock()
    let keptAside: string | null = null
    try {
      keptAside = copyAside(dataDir, databaseFile, 'damaged', at)
    } catch (error) {
      log('error', `the damaged database could not be copied aside: ${String(error)}`)
    }
    const damage: Damage = { state: 'damaged', detectedAt: at.toISOString(), foundBy, detail, keptAside }
    try {
      writeDamageRecord(dataDir, damage)
    } catch (error) {
      log('error', `the damage could not be recorded in the data folder: ${String(error)}`)
    }
    log('error', `database damaged (found by the ${foundBy === 'start' ? 'start quick_check' : 'daily integrity_check'}): ${detail}`)
    return damage
  }

  return {
    folder: folderOf,
    recordDamage,

    status(health: DatabaseHealth, unsyncedChanges: number | null): BackupsStatus {
      const config = readBackupConfig(dataDir)
      const snapshots = listSnapshots(folderOf())
      return {
        folder: folderOf(),
        defaultFolder: defaultBackupFolder(dataDir),
        keepDays: config.keepDays,
        snapshots,
        lastGood: snapshots.find((snapshot) => snapshot.verified) ?? null,
        lastFailure: config.lastFailure,
        health,
        unsyncedChanges
      }
    },

    configure(input: BackupsConfigureInput): void {
      const config = readBackupConfig(dataDir)
      try {
        writeBackupConfig(dataDir, {
          ...config,
          folder: input.folder === undefined ? config.folder : input.folder,
          keepDays: input.keepDays ?? config.keepDays
        })
      } catch (error) {
        throw new HandledError('folder_read_only', `the backup settings cannot be saved in ${dataDir}: ${String(error)}`)
      }
    },

    /**
     * The daily job and "make a backup now": the live database must pass `integrity_check` (a
     * snapshot of a damaged database is no backup), the snapshot is written and verified, and old
     * ones pruned. The live check and the copy run side by side, each on a thread of its own, and
     * the copy is named only once the live check passed. Returns the damage instead when it failed.
     */
    async snapshot(unsyncedChanges: number): Promise<{ snapshot: Snapshot } | { damage: Damage }> {
      const live = checkFileOffThread(databaseFile, 'full')
      const config = readBackupConfig(dataDir)
      const at = clock()
      const copy = (async () => {
        ensureRoomForSnapshot(folderOf())
        return takeSnapshot({ source: databaseFile, folder: folderOf(), createFolder: config.folder === null, at, unsyncedChanges, publishIf: live })
      })()
      const [checked, copied] = await Promise.allSettled([live, copy])
      if (checked.status === 'fulfilled' && !checked.value.ok) return { damage: recordDamage('daily', checked.value.detail) }
      try {
        if (copied.status === 'rejected') throw copied.reason
        const snapshot = copied.value
        const pruned = pruneSnapshots(folderOf(), at, config.keepDays)
        writeBackupConfig(dataDir, { ...readBackupConfig(dataDir), lastFailure: null })
        log('info', `snapshot ${snapshot.name} written and verified (${snapshot.bytes} bytes)${pruned.length ? `; removed ${pruned.join(', ')}` : ''}`)
        return { snapshot }
      } catch (error) {
        const failure = error instanceof SnapshotError ? error : new SnapshotError('internal', String(error))
        recordFailure(failure.reason, failure.message)
        throw new HandledError(errorCodeOf(failure.reason), failure.message)
      }
    },

    /** Refuses a snapshot that is not there or no longer passes `integrity_check`, before anything closes. */
    checkRestorable(name: string): Snapshot {
      const snapshot = findSnapshot(folderOf(), name)
      if (!snapshot) throw new HandledError('not_found', `no snapshot ${name} in ${folderOf()}`)
      const check = checkFile(join(folderOf(), name), 'full')
      if (!check.ok) throw new HandledError('snapshot_damaged', `snapshot ${name} fails integrity_check: ${check.detail}`)
      return snapshot
    },

    /**
     * With the database closed: keeps the current file aside (unless it was kept aside already as
     * damaged), installs the snapshot, carries the number blocks forward (`blocks`: read from the
     * replaced database before it closed; null when it could not be read, and then every block is
     * closed) and forgets the damage.
     */
    install(name: string, damage: Damage | null, blocks: NumberBlockRows | null): { keptAside: string; numberingCarried: boolean } {
      let keptAside = damage?.keptAside ?? null
      try {
        if (!keptAside && existsSync(databaseFile)) keptAside = copyAside(dataDir, databaseFile, damage ? 'damaged' : 'before-restore', clock())
        installSnapshot(folderOf(), name, databaseFile)
        if (blocks) carryNumberBlocks(databaseFile, blocks)
        else closeNumberBlocks(databaseFile)
      } catch (error) {
        throw new HandledError(storageProblemOf(error) ?? 'internal', `the snapshot could not be put in place of the database: ${String(error)}`)
      }
      clearDamageRecord(dataDir)
      if (!blocks) log('warn', `restored ${name} without the replaced database's number blocks (unreadable): every block is closed until a new one comes`)
      log('info', `database restored from snapshot ${name}; the previous file is kept at ${keptAside}`)
      return { keptAside: keptAside ?? databaseFile, numberingCarried: blocks !== null }
    }
  }
}
