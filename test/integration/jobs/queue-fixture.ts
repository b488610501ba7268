// Shared set-up for the job queue tests: a real SQLite file in a temp dir and a pool of real
// worker processes with the diagnostics tasks switched on.
import { join } from 'node:path'
import { openDatabase, type Db } from '../../../src/main/platform/db/database'
import { createJobsRepository, type JobRecord, type JobsRepository } from '../../../src/main/platform/queue/jobs-repository'
import { createNodeWorkerSpawner } from '../../../src/main/platform/worker-pool/node-worker'
import { createWorkerPool, type WorkerPool, type WorkerPoolOptions } from '../../../src/main/platform/worker-pool/worker-pool'
import { makeTempDir } from '../../support/temp-dir'

export const DB_FILE = 'jobs.sqlite'

export interface Fixture {
  dir: string
  dbFile: string
  db: Db
  jobs: JobsRepository
  pool: WorkerPool
  cleanup(): Promise<void>
}

export function startPool(options: Partial<WorkerPoolOptions> = {}): WorkerPool {
  return createWorkerPool({
    spawn: createNodeWorkerSpawner({ env: { BENCH_WORKER_DIAGNOSTICS: '1' } }),
    size: 2,
    tasksPerWorker: 4,
    // Generous: a loaded machine must not turn a cooperative cancel into a kill.
    cancelGraceMs: 3000,
    ...options
  })
}

export async function makeFixture(poolOptions: Partial<WorkerPoolOptions> = {}): Promise<Fixture> {
  const temp = makeTempDir('jobs-test-')
  const dbFile = join(temp.path, DB_FILE)
  const db = openDatabase(dbFile)
  const pool = startPool(poolOptions)
  await pool.ready()
  return {
    dir: temp.path,
    dbFile,
    db,
    jobs: createJobsRepository(db),
    pool,
    async cleanup() {
      await pool.stop()
      db.close()
      temp.cleanup()
    }
  }
}

/** Waits for a condition the system under test must reach; the test timeout bounds it. */
export async function until<T>(probe: () => T | null | undefined | false, what: string): Promise<T> {
  for (let i = 0; ; i++) {
    const value = probe()
    if (value) return value
    if (i > 2000) throw new Error(`never happened: ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

export function untilState(jobs: JobsRepository, id: number, state: JobRecord['state']): Promise<JobRecord> {
  return until(() => {
    const job = jobs.get(id)
    return job?.state === state ? job : null
  }, `job ${id} ${state}`)
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}
