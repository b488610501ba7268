/**
 * Durable job queue figures, with a real SQLite file on disk and real worker processes:
 * - queue_enqueue_per_s: enqueues, each in its own committed transaction;
 * - queue_processed_per_s: no-op jobs claimed, run through a worker and marked succeeded
 *   (worker start-up is outside the window; a Jobs-page listener is subscribed, as in the app);
 * - queue_pickup_p95_ms: enqueue on an idle queue to the moment the worker starts the task.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { z } from 'zod'
import { openDatabase } from '../src/main/platform/db/database'
import { createJobsRepository } from '../src/main/platform/queue/jobs-repository'
import { builtinJobKinds, defineJobKind } from '../src/main/platform/queue/job-kinds'
import { createQueueRunner } from '../src/main/platform/queue/queue-runner'
import { createWorkerPool } from '../src/main/platform/worker-pool/worker-pool'
import { createNodeWorkerSpawner } from '../src/main/platform/worker-pool/node-worker'

const JOBS = 20_000
const PICKUPS = 200

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN
}

const wallClock = (): number => performance.timeOrigin + performance.now()

export async function run(): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-queue-'))
  const db = openDatabase(join(dir, 'queue.sqlite'))
  const pool = createWorkerPool({ spawn: createNodeWorkerSpawner() })
  try {
    const jobs = createJobsRepository(db)
    const pickups: number[] = []
    const kinds = {
      ...builtinJobKinds({ jobs, now: Date.now }),
      'bench.pickup': defineJobKind({
        payload: z.object({ enqueuedAt: z.number() }),
        async run(ctx) {
          const answer = (await ctx.workers.run('noop', null)) as { startedAt: number }
          pickups.push(answer.startedAt - ctx.payload.enqueuedAt)
        }
      })
    }
    const runner = createQueueRunner({ db, kinds, workers: pool, jobs })
    let events = 0
    runner.subscribe((batch) => {
      events += batch.length
    })
    await pool.ready()

    // Enqueue with the runner stopped, so the figure is the durable insert path alone.
    const enqueueOne = db.transaction(() => runner.enqueue('noop', {}))
    let started = performance.now()
    for (let i = 0; i < JOBS; i++) enqueueOne()
    const queue_enqueue_per_s = JOBS / ((performance.now() - started) / 1000)

    started = performance.now()
    runner.start()
    await runner.drained()
    const queue_processed_per_s = JOBS / ((performance.now() - started) / 1000)
    const succeeded = runner.stats().counts.succeeded
    if (succeeded !== JOBS) throw new Error(`expected ${JOBS} succeeded jobs, found ${succeeded}`)

    for (let i = 0; i < PICKUPS; i++) {
      db.transaction(() => runner.enqueue('bench.pickup', { enqueuedAt: wallClock() }))()
      await runner.drained()
    }
    if (pickups.length !== PICKUPS) throw new Error(`expected ${PICKUPS} pickups, got ${pickups.length}`)

    await runner.stop()
    if (events === 0) throw new Error('the Jobs page listener received no events')
    return {
      queue_enqueue_per_s: Math.round(queue_enqueue_per_s),
      queue_processed_per_s: Math.round(queue_processed_per_s),
      queue_pickup_p95_ms: Number(percentile(pickups, 95).toFixed(2))
    }
  } finally {
    await pool.stop()
    db.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
