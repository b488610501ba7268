/**
 * Durable job queue figures, with a real SQLite file on disk and real worker processes:
 * - queue_enqueue_per_s: enqueues, each in its own committed transaction;
 * - queue_processed_per_s: no-op jobs claimed, run through a worker and marked succeeded
 *   (worker start-up is outside the window; a Jobs-page listener is subscribed, as in the app);
 * - queue_pickup_p95_ms: enqueue on an idle queue to the moment the worker starts the task.
 * Workers start on demand: what the first task after an idle stretch pays for its worker's start
 * is printed (not budgeted), then both workers are started ahead of the windows above.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { z } from 'zod'
import { openDatabase } from '../../src/main/platform/db/database'
import { createJobsRepository } from '../../src/main/platform/queue/jobs-repository'
import { builtinJobKinds, defineJobKind } from '../../src/main/platform/queue/job-kinds'
import { passiveCheckpoint } from '../../src/main/platform/db/wal-checkpointer'
import { createQueueRunner } from '../../src/main/platform/queue/queue-runner'
import { createWorkerPool } from '../../src/main/platform/worker-pool/worker-pool'
import { createNodeWorkerSpawner } from '../../src/main/platform/worker-pool/node-worker'
import { measure, measureReported, perSecond } from '../measure'

const JOBS = 20_000
const PICKUP_WARM_UP = 20
const PICKUPS = 200

/** Wall-clock milliseconds, comparable across processes (the worker stamps its start with it). */
const wallClock = (): number => performance.timeOrigin + performance.now()

export async function run(): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'rb-bench-queue-'))
  const db = openDatabase(join(dir, 'queue.sqlite'))
  const pool = createWorkerPool({ spawn: createNodeWorkerSpawner() })
  try {
    const jobs = createJobsRepository(db)
    let lastPickupMs = Number.NaN
    const kinds = {
      ...builtinJobKinds({ jobs, now: Date.now, walCheckpoint: () => passiveCheckpoint(db) }),
      'bench.pickup': defineJobKind({
        payload: z.object({ enqueuedAt: z.number() }),
        async run(ctx) {
          const answer = (await ctx.workers.run('noop', null)) as { startedAt: number }
          lastPickupMs = answer.startedAt - ctx.payload.enqueuedAt
        }
      })
    }
    const runner = createQueueRunner({ db, kinds, workers: pool, jobs })
    let events = 0
    runner.subscribe((batch) => {
      events += batch.length
    })
    const coldStarted = performance.now()
    await pool.run('noop', null)
    const coldStartMs = performance.now() - coldStarted
    pool.warm(2)
    await pool.ready()
    console.info(`  first task on a pool with no worker running (a worker started for it, tsx entry): ${coldStartMs.toFixed(0)} ms`)

    // Enqueued with the runner stopped, so the figure is the durable insert path alone.
    const enqueueOne = db.transaction(() => runner.enqueue('noop', {}))
    const enqueue = await measure({ warmUp: 0, iterations: 1, operationsPerRun: JOBS }, () => {
      for (let i = 0; i < JOBS; i++) enqueueOne()
    })

    const processed = await measure({ warmUp: 0, iterations: 1, operationsPerRun: JOBS }, async () => {
      runner.start()
      await runner.drained()
    })
    const succeeded = runner.stats().counts.succeeded
    if (succeeded !== JOBS) throw new Error(`expected ${JOBS} succeeded jobs, found ${succeeded}`)

    const pickup = await measureReported({ warmUp: PICKUP_WARM_UP, iterations: PICKUPS }, async () => {
      lastPickupMs = Number.NaN
      db.transaction(() => runner.enqueue('bench.pickup', { enqueuedAt: wallClock() }))()
      await runner.drained()
      if (Number.isNaN(lastPickupMs)) throw new Error('a pickup job ended without reaching its worker')
      return lastPickupMs
    })
    const pickedUp = runner.stats().counts.succeeded - succeeded
    if (pickedUp !== PICKUP_WARM_UP + PICKUPS) throw new Error(`expected ${PICKUP_WARM_UP + PICKUPS} pickup jobs to succeed, ${pickedUp} did`)

    await runner.stop()
    if (events === 0) throw new Error('the Jobs page listener received no events')
    return { queue_enqueue_per_s: perSecond(enqueue), queue_processed_per_s: perSecond(processed), queue_pickup_p95_ms: pickup.p95 }
  } finally {
    await pool.stop()
    db.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
