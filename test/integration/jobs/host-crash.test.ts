import { describe, expect, it } from 'vitest'
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { openDatabase } from '../../../src/main/platform/db/database'
import { createJobsRepository } from '../../../src/main/platform/queue/jobs-repository'
import { createQueueRunner } from '../../../src/main/platform/queue/queue-runner'
import { makeTempDir } from '../../support/temp-dir'
import { hostKinds } from './host-kinds'
import { isAlive, startPool, until } from './queue-fixture'

describe('kill -9 of the host process mid-queue', () => {
  it('loses no enqueued job, re-runs the interrupted ones, and applies each side effect once', async () => {
    const dir = makeTempDir('host-crash-')
    const dbFile = join(dir.path, 'jobs.sqlite')
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'host-process.ts'), dbFile], {
      stdio: ['ignore', 'pipe', 'inherit']
    })
    const enqueued: number[] = []
    let workerPids: number[] = []
    let done = 0
    let buffer = ''
    await new Promise<void>((resolve, reject) => {
      child.on('error', reject)
      child.on('exit', (code) => reject(new Error(`host exited early with ${code}`)))
      child.stdout.on('data', (chunk: Buffer) => {
        buffer += chunk.toString()
        const lines = buffer.split('\n')
        buffer = lines.pop() ?? ''
        for (const line of lines) {
          const [word, ...rest] = line.split(' ')
          if (word === 'enqueued') enqueued.push(Number(rest[0]))
          else if (word === 'done') done = Number(rest[0])
          else if (word === 'workers') workerPids = rest.map(Number)
        }
        // Kill while jobs are being enqueued, claimed and completed all at once.
        if (enqueued.length >= 300 && done >= 30 && child.exitCode === null && !child.killed) {
          child.kill('SIGKILL')
          resolve()
        }
      })
    })
    child.removeAllListeners('exit')
    await new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(null) : child.on('exit', resolve)))
    expect(child.signalCode).toBe('SIGKILL')
    // Orphaned workers notice the closed channel and leave.
    expect(workerPids).toHaveLength(2)
    for (const pid of workerPids) await until(() => !isAlive(pid), `worker ${pid} gone`)

    const db = openDatabase(dbFile)
    const jobs = createJobsRepository(db)
    const missing = enqueued.filter((id) => jobs.get(id) === null)
    expect(missing).toEqual([])
    const before = Object.fromEntries(jobs.countsByStateAndKind().map((row) => [row.state, row.count]))
    expect(before.succeeded ?? 0).toBeGreaterThan(0)
    expect((before.queued ?? 0) + (before.running ?? 0)).toBeGreaterThan(0)

    const pool = startPool()
    const runner = createQueueRunner({ db, jobs, kinds: hostKinds(db), workers: pool })
    try {
      runner.start()
      await runner.drained()
      const total = db.prepare(`SELECT count(*) FROM jobs`).pluck().get() as number
      expect(total).toBeGreaterThanOrEqual(enqueued.length)
      expect(runner.stats().counts).toEqual({ queued: 0, running: 0, succeeded: total, failed: 0, cancelled: 0 })
      const effects = db.prepare(`SELECT count(*) AS n, count(DISTINCT job_id) AS distinct_jobs FROM test_effects`).get()
      expect(effects).toEqual({ n: total, distinct_jobs: total })
    } finally {
      await runner.stop()
      await pool.stop()
      db.close()
      dir.cleanup()
    }
  })
})
