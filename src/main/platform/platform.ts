import { join } from 'node:path'
import type { AppInfo } from '../../shared/app'
import { openDatabase } from './db/database'
import { startWalCheckpointer } from './db/wal-checkpointer'
import { createMetaRepository } from './db/meta-repository'
import { createAuditRepository } from './journal/audit-repository'
import { createOutboxRepository } from './journal/outbox-repository'
import { builtinJobKinds } from './queue/job-kinds'
import { createJobsRepository } from './queue/jobs-repository'
import { createQueueRunner } from './queue/queue-runner'
import type { ShellPorts } from './shell-ports'
import { createNodeWorkerSpawner } from './worker-pool/node-worker'
import { createWorkerPool, type SpawnWorker } from './worker-pool/worker-pool'
import { createSlowOperations, type SlowOperations } from './logging/slow-operations'
import type { Clock, HostEventListener, LogFn, Platform } from './module'
import { createDiskSpace, type StatFs } from './disk-space'
import { DATABASE_FILE } from './data-folder'

export { DATABASE_FILE }

export interface PlatformOptions {
  dataDir: string
  shell: AppInfo['shell']
  appVersion: string
  clock?: Clock
  log?: LogFn
  /** How worker processes start: utilityProcess in Electron, child_process under Node (default). */
  spawnWorker?: SpawnWorker
  workerCount?: number
  ports?: ShellPorts
  /**
   * Time every request and SQL statement and note the slow ones (default on). Off only to
   * measure what the timing itself costs (`npm run bench`).
   */
  timeOperations?: boolean
  /** Where slow operations go; the bench passes one that counts every timed operation. */
  slowOperations?: SlowOperations
  /** How free space is asked (fs.statfs); a test stands for a disk of a given size with its own. */
  statfs?: StatFs
}

export interface OpenPlatform extends Platform {
  /** Whether the dispatcher times requests (with the statements, unless `timeOperations: false`). */
  readonly timeRequests: boolean
  subscribe(listener: HostEventListener): () => void
  /** Forgets every listener (the host is closing). */
  unsubscribeAll(): void
  /** Ends the WAL checkpoint thread, folds the WAL into the file and closes the database. */
  closeDatabase(): Promise<void>
}

const consoleLog: LogFn = (level, message, detail) => console[level](`[bench] ${message}`, detail ?? '')

/** Opens the database (migrating it), the worker pool and the queue: what every feature stands on. */
export function openPlatform(options: PlatformOptions): OpenPlatform {
  const clock = options.clock ?? (() => new Date())
  const log = options.log ?? consoleLog
  const slowOperations = options.slowOperations ?? createSlowOperations({ now: () => clock().getTime(), log })
  const timed = options.timeOperations ?? true
  const db = openDatabase(join(options.dataDir, DATABASE_FILE), timed ? { slowOperations } : {})
  const checkpointer = startWalCheckpointer(db, { log })
  const listeners = new Set<HostEventListener>()
  const jobs = createJobsRepository(db)
  const pool = createWorkerPool({
    spawn: options.spawnWorker ?? createNodeWorkerSpawner({ log: (level, message) => log(level, message) }),
    size: options.workerCount ?? 2,
    log: (level, message) => log(level, message)
  })
  const queue = createQueueRunner({
    db,
    kinds: builtinJobKinds({ jobs, now: () => clock().getTime(), walCheckpoint: () => checkpointer.truncate() }),
    workers: pool,
    jobs,
    log: (level, message) => log(level, message)
  })
  return {
    dataDir: options.dataDir,
    shell: options.shell,
    appVersion: options.appVersion,
    db,
    clock,
    log,
    emit: (event, payload) => {
      for (const listener of listeners) listener(event, payload)
    },
    meta: createMetaRepository(db),
    audit: createAuditRepository(db),
    outbox: createOutboxRepository(db),
    jobs,
    pool,
    queue,
    ports: options.ports ?? {},
    slowOperations,
    disk: createDiskSpace(options.statfs),
    timeRequests: timed,
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    unsubscribeAll: () => listeners.clear(),
    async closeDatabase() {
      await checkpointer.stop()
      if (!db.open) return
      db.pragma('wal_checkpoint(TRUNCATE)')
      db.close()
    }
  }
}
