/**
 * The snapshot folder on disk: taking a snapshot (`VACUUM INTO`, a consistent copy SQLite makes
 * while the bench keeps working), verifying it, listing, pruning, and putting one in place of the
 * database file. Each snapshot has a `.json` beside it saying when it was taken, that it passed
 * `integrity_check` and how many unsent changes it holds.
 */
import { join } from 'node:path'
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, copyFileSync, mkdirSync } from 'node:fs'
import { SNAPSHOT_NAME, Snapshot, type BackupFailure } from '../../../shared/backups'
import { storageProblemOf } from '../../platform/db/storage-errors'
import { checkFileOffThread, type CheckResult } from '../../platform/db/database-check'
import { runDbThreadTask } from '../../platform/db/db-thread'
import { expiredSnapshots, newestFirst, snapshotName, timeOfSnapshotName } from './snapshot-files'

/** A snapshot that could not be made; `reason` is what the clerk is told. */
export class SnapshotError extends Error {
  constructor(
    readonly reason: BackupFailure,
    message: string,
    options?: { cause?: unknown }
  ) {
    super(message, options)
    this.name = 'SnapshotError'
  }
}

const Sidecar = Snapshot.pick({ createdAt: true, verified: true, unsyncedChanges: true })

const failureOf = (error: unknown): BackupFailure => storageProblemOf(error) ?? 'internal'

export function listSnapshots(folder: string): Snapshot[] {
  let names: string[]
  try {
    names = readdirSync(folder).filter((name) => SNAPSHOT_NAME.test(name))
  } catch {
    return []
  }
  const snapshots = names.map((name): Snapshot => {
    const bytes = statSync(join(folder, name), { throwIfNoEntry: false })?.size ?? 0
    try {
      return { name, bytes, ...Sidecar.parse(JSON.parse(readFileSync(join(folder, `${name}.json`), 'utf8'))) }
    } catch {
      // No record beside it (copied in by hand, or the record was lost): listed, but not vouched for.
      return { name, bytes, createdAt: (timeOfSnapshotName(name) ?? new Date(0)).toISOString(), verified: false, unsyncedChanges: 0 }
    }
  })
  return newestFirst(snapshots)
}

/** The folder must exist: a USB disk that is not plugged in must not become a folder on the local disk. */
function ensureFolder(folder: string, createIfMissing: boolean): void {
  if (!existsSync(folder)) {
    if (!createIfMissing) throw new SnapshotError('folder_missing', `the backup folder ${folder} does not exist (a disk not connected?)`)
    try {
      mkdirSync(folder, { recursive: true })
    } catch (error) {
      throw new SnapshotError(failureOf(error), `the backup folder ${folder} cannot be made: ${String(error)}`, { cause: error })
    }
  }
  if (!statSync(folder).isDirectory()) throw new SnapshotError('folder_missing', `${folder} is not a folder`)
}

export interface TakeSnapshotOptions {
  /** The database file; it is read by a connection of the snapshot's own, off the main thread. */
  source: string
  folder: string
  /** Only the default folder is created when missing. */
  createFolder: boolean
  at: Date
  unsyncedChanges: number
  /**
   * What must still hold before the copy is given its name (the live database's own check,
   * running beside the copy): a copy of a damaged database is no backup, so it is thrown away
   * (`database_damaged`).
   */
  publishIf: Promise<CheckResult>
}

/**
 * Writes the snapshot under a temporary name, verifies it with `integrity_check`, and only then
 * gives it its final name and record: a snapshot listed as verified is one that was checked.
 * The copy and its check run on a thread of their own (db-thread.ts). Whatever fails, the
 * partial file goes and the database is untouched.
 */
export async function takeSnapshot(options: TakeSnapshotOptions): Promise<Snapshot> {
  const { folder, at } = options
  ensureFolder(folder, options.createFolder)
  let name = snapshotName(at)
  // Two snapshots in one second (a click right after the daily one) get the next free second.
  for (let bump = 1; existsSync(join(folder, name)); bump++) name = snapshotName(new Date(at.getTime() + bump * 1000))
  const partial = join(folder, `.${name}.partial`)
  rmSync(partial, { force: true })
  try {
    await runDbThreadTask({ op: 'vacuumInto', file: options.source, target: partial })
    const check = await checkFileOffThread(partial, 'full')
    if (!check.ok) throw new SnapshotError('verification_failed', `the snapshot failed integrity_check: ${check.detail}`)
    const vouched = await options.publishIf
    if (!vouched.ok) throw new SnapshotError('database_damaged', `the snapshot was withdrawn: the live database failed its check: ${vouched.detail}`)
    const snapshot: Snapshot = { name, bytes: statSync(partial).size, createdAt: at.toISOString(), verified: true, unsyncedChanges: options.unsyncedChanges }
    writeFileSync(join(folder, `${name}.json`), `${JSON.stringify(Sidecar.parse(snapshot), null, 2)}\n`)
    renameSync(partial, join(folder, name))
    return snapshot
  } catch (error) {
    rmSync(partial, { force: true })
    rmSync(join(folder, `${name}.json`), { force: true })
    if (error instanceof SnapshotError) throw error
    throw new SnapshotError(failureOf(error), `the snapshot could not be written to ${folder}: ${error instanceof Error ? error.message : String(error)}`, { cause: error })
  }
}

/** Deletes the snapshots retention lets go; returns their names. */
export function pruneSnapshots(folder: string, now: Date, keepDays: number): string[] {
  const expired = expiredSnapshots(listSnapshots(folder), now, keepDays)
  for (const snapshot of expired) {
    rmSync(join(folder, snapshot.name), { force: true })
    rmSync(join(folder, `${snapshot.name}.json`), { force: true })
  }
  return expired.map((snapshot) => snapshot.name)
}

export function findSnapshot(folder: string, name: string): Snapshot | null {
  return listSnapshots(folder).find((snapshot) => snapshot.name === name) ?? null
}

/**
 * Puts a snapshot where the database file is. No connection may hold the file. The copy goes to
 * a temporary name first and is renamed over the database, so a failure leaves the old file; the
 * WAL and shared-memory files of the old database go, since they belong to it (the caller kept
 * them aside first).
 */
export function installSnapshot(folder: string, name: string, databaseFile: string): void {
  const incoming = `${databaseFile}.restoring`
  rmSync(incoming, { force: true })
  try {
    copyFileSync(join(folder, name), incoming)
    rmSync(`${databaseFile}-wal`, { force: true })
    rmSync(`${databaseFile}-shm`, { force: true })
    renameSync(incoming, databaseFile)
  } catch (error) {
    rmSync(incoming, { force: true })
    throw error
  }
}
