import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { appendFileSync, existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { openDatabase, type Db } from '../../../src/main/platform/db/database'
import { startWalCheckpointer, type CheckpointResult, type WalCheckpointer } from '../../../src/main/platform/db/wal-checkpointer'
import { createJobsRepository, type JobsRepository } from '../../../src/main/platform/queue/jobs-repository'
import { backoffDelay } from '../../../src/main/platform/queue/backoff'
import { builtinJobKinds, defineJobKind, JobWaitingError, PermanentJobError, RetryableJobError } from '../../../src/main/platform/queue/job-kinds'
import { toJobView } from '../../../src/main/platform/queue/queue-runner'
import { createQueueRunner, type JobEvent, type QueueRunnerOptions } from '../../../src/main/platform/queue/queue-runner'
import type { WorkerPool } from '../../../src/main/platform/worker-pool/worker-pool'
import { makeTempDir } from '../../support/temp-dir'
import { isAlive, startPool, until, untilState } from './queue-fixture'

const FAST = { baseMs: 5, capMs: 20 }

function testKinds(jobs: JobsRepository, switches: { flakyFails: boolean }, walCheckpoint: () => Promise<CheckpointResult>) {
  return {
    ...builtinJobKinds({ jobs, now: Date.now, walCheckpoint }),
    /** Sleeps in a worker, then leaves a main-side trace: the side effect that must happen once. */
    'test.effect': defineJobKind({
      payload: z.object({ file: z.string(), firstMs: z.number().default(5) }),
      backoff: FAST,
      async run(ctx) {
        await ctx.workers.run('diagnostics.sleep', { ms: ctx.job.attempts === 1 ? ctx.payload.firstMs : 1 })
        appendFileSync(ctx.payload.file, `${ctx.job.id}\n`)
        return { attempt: ctx.job.attempts }
      }
    }),
    'test.sleep': defineJobKind({
      payload: z.object({ ms: z.number() }),
      backoff: FAST,
      run: (ctx) => ctx.workers.run('diagnostics.sleep', { ms: ctx.payload.ms })
    }),
    'test.fail': defineJobKind({
      payload: z.object({ permanent: z.boolean().default(false) }),
      backoff: { baseMs: 60_000, capMs: 600_000 },
      run: (ctx) => ctx.workers.run('diagnostics.fail', { message: 'worker said no', permanent: ctx.payload.permanent })
    }),
    'test.main_permanent': defineJobKind({
      payload: z.object({}),
      run() {
        throw new PermanentJobError('protocol does not exist')
      }
    }),
    /** Waits (as a label job waits for paper) while the switch says so, a coded failure after. */
    'test.waits': defineJobKind({
      payload: z.object({}),
      maxAttempts: 2,
      run(ctx) {
        if (switches.flakyFails) throw new JobWaitingError('printer_paper_out', 'printer out of paper', 5, { printer: 'Zebra' })
        if (ctx.job.attempts === 1) throw new RetryableJobError('printer_unreachable', 'printer gone', { host: '10.0.0.9' })
        return 'printed'
      }
    }),
    'test.flaky': defineJobKind({
      payload: z.object({}),
      maxAttempts: 1,
      run() {
        if (switches.flakyFails) throw new Error('printer offline')
        return 'printed'
      }
    }),
    'test.task': defineJobKind({
      payload: z.object({ task: z.string(), input: z.unknown() }),
      backoff: FAST,
      run: (ctx) => ctx.workers.run(ctx.payload.task, ctx.payload.input)
    }),
    'test.progress': defineJobKind({
      payload: z.object({}),
      run: (ctx) => ctx.workers.run('diagnostics.sleep', { ms: 0, steps: 3 })
    })
  }
}

describe('queue runner with real workers and a real database', () => {
  let pool: WorkerPool
  let dir: ReturnType<typeof makeTempDir>
  let db: Db
  let jobs: JobsRepository
  let switches: { flakyFails: boolean }
  let stops: (() => Promise<void>)[]
  let checkpointer: WalCheckpointer | null

  // The platform's checkpoint thread, started only by a test that runs the hourly checkpoint.
  const walCheckpoint = () => {
    if (!checkpointer) {
      const started = startWalCheckpointer(db)
      stops.push(() => started.stop())
      checkpointer = started
    }
    return checkpointer.truncate()
  }
  const runnerWith = (options: Partial<QueueRunnerOptions<ReturnType<typeof testKinds>>> = {}) => {
    const runner = createQueueRunner({ db, jobs, kinds: testKinds(jobs, switches, walCheckpoint), workers: pool, ...options })
    stops.push(() => runner.stop({ timeoutMs: 100 }))
    return runner
  }

  beforeAll(async () => {
    pool = startPool()
    await pool.ready()
  })
  afterAll(async () => {
    await pool.stop()
  })
  beforeEach(() => {
    dir = makeTempDir('queue-runner-')
    db = openDatabase(join(dir.path, 'jobs.sqlite'))
    jobs = createJobsRepository(db)
    switches = { flakyFails: true }
    stops = []
    checkpointer = null
  })
  afterEach(async () => {
    for (const stop of stops) await stop()
    db.close()
    dir.cleanup()
  })

  it('runs a no-op job through a worker process', async () => {
    const runner = runnerWith()
    runner.start()
    const { job } = db.transaction(() => runner.enqueue('noop', {}))()
    const done = await untilState(jobs, job.id, 'succeeded')
    expect(done.attempts).toBe(1)
    expect(done.result).toMatchObject({ startedAt: expect.any(Number) })
    expect(done.progress?.percent).toBe(100)
  })

  it('retries a job whose worker was killed with SIGKILL, and its side effect happens once', async () => {
    const runner = runnerWith()
    runner.start()
    const file = join(dir.path, 'effects.txt')
    const { job } = runner.enqueue('test.effect', { file, firstMs: 20_000 })
    await untilState(jobs, job.id, 'running')
    const worker = await until(() => pool.workers().find((w) => w.inFlight > 0), 'task reached a worker')
    process.kill(worker.pid!, 'SIGKILL')

    const done = await untilState(jobs, job.id, 'succeeded')
    expect(done.attempts).toBe(2)
    expect(done.result).toEqual({ attempt: 2 })
    expect(done.lastError).toMatch(/WorkerCrashedError/)
    expect(readFileSync(file, 'utf8')).toBe(`${job.id}\n`)
    expect(isAlive(worker.pid!)).toBe(false)
  })

  it('times out an attempt, retries it, and fails after the last attempt', async () => {
    const runner = runnerWith()
    runner.start()
    const { job } = runner.enqueue('test.sleep', { ms: 20_000 }, { timeoutMs: 150, maxAttempts: 2 })
    const failed = await untilState(jobs, job.id, 'failed')
    expect(failed.attempts).toBe(2)
    expect(failed.lastError).toMatch(/timed out after 150 ms/)
    // The timed-out task was aborted in the worker, which freed its slot.
    await until(() => pool.workers().every((w) => w.inFlight === 0), 'worker slots free')
  })

  it('replaces a worker that cannot stop a job which overran its timeout', async () => {
    const runner = runnerWith()
    runner.start()
    const { job } = runner.enqueue('test.task', { task: 'diagnostics.spin', input: { ms: 20_000 } }, { timeoutMs: 200, maxAttempts: 1 })
    await untilState(jobs, job.id, 'running')
    const worker = await until(() => pool.workers().find((w) => w.inFlight > 0), 'task reached a worker')
    const failed = await untilState(jobs, job.id, 'failed')
    expect(failed.lastError).toMatch(/timed out after 200 ms/)
    // The spinning worker never acknowledged the cancel, so it was killed and replaced.
    await until(() => !isAlive(worker.pid!), 'stuck worker killed')
    const replacement = await until(() => pool.workers().find((w) => w.name === worker.name && w.pid !== worker.pid), 'replacement')
    expect(replacement.restarts).toBeGreaterThan(worker.restarts)
    const next = runner.enqueue('noop', {}).job.id
    await untilState(jobs, next, 'succeeded')
  })

  it('cancels a queued job before it ever runs', async () => {
    const runner = runnerWith()
    const file = join(dir.path, 'effects.txt')
    const { job } = runner.enqueue('test.effect', { file })
    expect(runner.cancel(job.id)?.state).toBe('cancelled')
    runner.start()
    await runner.drained()
    expect(jobs.get(job.id)?.state).toBe('cancelled')
    expect(existsSync(file)).toBe(false)
    expect(runner.cancel(job.id)).toBeNull()
  })

  it('cancels a running job by aborting its task inside the worker', async () => {
    const runner = runnerWith()
    runner.start()
    const file = join(dir.path, 'effects.txt')
    const pids = pool.workers().map((w) => w.pid)
    const { job } = runner.enqueue('test.effect', { file, firstMs: 20_000 })
    await until(() => pool.workers().some((w) => w.inFlight > 0), 'task reached a worker')

    expect(runner.cancel(job.id)?.state).toBe('cancelled')
    await until(() => pool.workers().every((w) => w.inFlight === 0), 'worker stopped the task')
    await runner.drained()
    expect(jobs.get(job.id)).toMatchObject({ state: 'cancelled', attempts: 1 })
    expect(existsSync(file)).toBe(false)
    // A cooperative cancel does not cost a worker.
    expect(pool.workers().map((w) => w.pid)).toEqual(pids)
  })

  it('fails a job with a permanent error at once, without retries', async () => {
    const runner = runnerWith()
    runner.start()
    const fromWorker = runner.enqueue('test.fail', { permanent: true }).job.id
    const fromMain = runner.enqueue('test.main_permanent', {}).job.id
    const worker = await untilState(jobs, fromWorker, 'failed')
    const main = await untilState(jobs, fromMain, 'failed')
    expect(worker).toMatchObject({ attempts: 1, lastError: expect.stringMatching(/worker said no/) })
    expect(main).toMatchObject({ attempts: 1, lastError: 'PermanentJobError: protocol does not exist' })
  })

  it('refuses a bad payload or an unknown kind at enqueue', () => {
    const runner = runnerWith()
    expect(() => runner.enqueue('test.sleep', { ms: 'soon' } as never)).toThrow(z.ZodError)
    expect(() => runner.enqueue('no.such.kind' as never, {} as never)).toThrow(/no job kind/)
    expect(runner.stats().counts.queued).toBe(0)
  })

  it('schedules a retry at a computed backoff instead of sleeping', async () => {
    const T = Date.UTC(2026, 2, 1, 12, 0, 0)
    const runner = runnerWith({ now: () => T, random: () => 0.25 })
    runner.start()
    const { job } = runner.enqueue('test.fail', {})
    const retrying = await until(() => {
      const row = jobs.get(job.id)
      return row?.state === 'queued' && row.attempts === 1 ? row : null
    }, 'first attempt failed')
    const expectedDelay = backoffDelay({ baseMs: 60_000, capMs: 600_000 }, 1, () => 0.25)
    expect(retrying.runAt).toBe(T + expectedDelay)
    expect(retrying.lastError).toMatch(/worker said no/)
    expect(runner.stats().queueDepth).toEqual({ ready: 0, delayed: 1 })
  })

  it('a waiting job spends no attempt, keeps its coded reason, and runs on when the wait is over', async () => {
    const runner = runnerWith()
    runner.start()
    const { job } = runner.enqueue('test.waits', {})
    // Many rounds of waiting with two attempts allowed: waiting never uses one up.
    const waiting = await until(() => {
      const row = jobs.get(job.id)
      return row?.state === 'queued' && row.lastError !== null && row.runAt > job.runAt + 50 ? row : null
    }, 'waited a while')
    expect(waiting.attempts).toBe(0)
    expect(toJobView(waiting)).toMatchObject({ error: { code: 'printer_paper_out', params: { printer: 'Zebra' } }, lastError: 'JobWaitingError: printer out of paper' })

    switches.flakyFails = false
    const done = await untilState(jobs, job.id, 'succeeded')
    // The coded retryable failure took one attempt; the waits took none.
    expect(done).toMatchObject({ attempts: 2, result: 'printed' })
    expect(toJobView(done).error).toMatchObject({ code: 'printer_unreachable', params: { host: '10.0.0.9' } })
  })

  it('retries by hand a job that failed its last attempt', async () => {
    const runner = runnerWith()
    runner.start()
    const { job } = runner.enqueue('test.flaky', {})
    const failed = await untilState(jobs, job.id, 'failed')
    expect(failed).toMatchObject({ attempts: 1, lastError: 'printer offline' })
    expect(runner.stats().failed.map((f) => f.id)).toEqual([job.id])

    switches.flakyFails = false
    expect(runner.retry(job.id)?.state).toBe('queued')
    const done = await untilState(jobs, job.id, 'succeeded')
    expect(done).toMatchObject({ attempts: 1, result: 'printed' })
    expect(runner.retry(job.id)).toBeNull()
  })

  it('coalesces events: a thousand fast jobs produce far fewer than a thousand progress events', async () => {
    const runner = runnerWith({ eventIntervalMs: 60_000 })
    const batches: (readonly JobEvent[])[] = []
    runner.subscribe((events) => batches.push(events))
    runner.start()
    const ids = db.transaction(() => Array.from({ length: 1000 }, () => runner.enqueue('test.progress', {}).job.id))()
    await runner.drained()
    await runner.stop()

    const events = batches.flat()
    const progressEvents = events.filter((event) => event.type === 'job.progress')
    // 3,000 progress reports went in.
    expect(progressEvents.length).toBeLessThan(100)
    expect(batches.length).toBeLessThanOrEqual(3)
    const finalState = new Map<number, string>()
    for (const event of events) if (event.type === 'job.updated') finalState.set(event.job.id, event.job.state)
    expect(ids.every((id) => finalState.get(id) === 'succeeded')).toBe(true)
  })

  it('caps the updates of one flush and still delivers every final state', async () => {
    const runner = runnerWith({ eventIntervalMs: 5, maxUpdatesPerFlush: 40 })
    const batches: (readonly JobEvent[])[] = []
    runner.subscribe((events) => batches.push(events))
    runner.start()
    const ids = db.transaction(() => Array.from({ length: 400 }, () => runner.enqueue('noop', {}).job.id))()
    await runner.drained()
    const finalState = new Map<number, string>()
    await until(() => {
      for (const batch of batches.splice(0)) {
        expect(batch.filter((event) => event.type === 'job.updated').length).toBeLessThanOrEqual(40)
        for (const event of batch) if (event.type === 'job.updated') finalState.set(event.job.id, event.job.state)
      }
      return ids.every((id) => finalState.get(id) === 'succeeded')
    }, 'every final state delivered')
  })

  it('delivers progress, running and final states to subscribers in order', async () => {
    const runner = runnerWith({ eventIntervalMs: 10 })
    const events: JobEvent[] = []
    runner.subscribe((batch) => events.push(...batch))
    runner.start()
    const { job } = runner.enqueue('test.sleep', { ms: 300 })
    await untilState(jobs, job.id, 'succeeded')
    await until(() => events.some((e) => e.type === 'job.updated' && e.job.state === 'succeeded'), 'final event')
    const states = events.flatMap((e) => (e.type === 'job.updated' && e.job.id === job.id ? [e.job.state] : []))
    expect(states[states.length - 1]).toBe('succeeded')
    expect(states.indexOf('running')).toBeLessThan(states.indexOf('succeeded'))
    expect(events.some((e) => e.type === 'job.progress' || (e.type === 'job.updated' && e.job.progress?.percent === 100))).toBe(true)
  })

  it('returns the live job for a unique key instead of queueing a duplicate', () => {
    const runner = runnerWith()
    const first = runner.enqueue('test.sleep', { ms: 1 }, { uniqueKey: 'print:HP 26/0001' })
    const second = runner.enqueue('test.sleep', { ms: 1 }, { uniqueKey: 'print:HP 26/0001' })
    expect(second).toEqual({ created: false, job: expect.objectContaining({ id: first.job.id }) })
    expect(runner.stats().counts.queued).toBe(1)
  })

  it('waits for running jobs on a graceful stop, and hands back those that outlive it', async () => {
    const runner = runnerWith()
    runner.start()
    const quick = runner.enqueue('test.sleep', { ms: 200 }).job.id
    await untilState(jobs, quick, 'running')
    await runner.stop({ timeoutMs: 10_000 })
    expect(jobs.get(quick)?.state).toBe('succeeded')

    const second = runnerWith()
    second.start()
    const slow = second.enqueue('test.sleep', { ms: 20_000 }).job.id
    await untilState(jobs, slow, 'running')
    await second.stop({ timeoutMs: 50 })
    expect(jobs.get(slow)).toMatchObject({ state: 'queued', attempts: 0, owner: null })
  })

  it('re-queues at start the jobs a dead process left running, and runs them', async () => {
    const runner = runnerWith()
    const { job } = runner.enqueue('test.sleep', { ms: 1 })
    jobs.claim('main:dead', Date.now(), 10, 30_000)
    expect(jobs.get(job.id)?.state).toBe('running')
    expect(runner.start()).toEqual({ requeued: 1, failed: 0 })
    expect(await untilState(jobs, job.id, 'succeeded')).toMatchObject({ attempts: 2 })
  })

  it('a job queued after its worker exited idle starts a new worker process and runs; one whose worker crashes waits on disk and runs on the next', async () => {
    const waits: (() => void)[] = []
    const onDemand = startPool({ size: 1, idleTimer: (onIdle) => (waits.push(onIdle), () => undefined) })
    stops.push(() => onDemand.stop())
    const runner = runnerWith({ workers: onDemand })
    runner.start()
    const first = runner.enqueue('test.sleep', { ms: 1 }).job
    const firstDone = await untilState(jobs, first.id, 'succeeded')
    const firstPid = (firstDone.result as { pid: number }).pid
    expect(firstPid).toEqual(expect.any(Number))
    // The idle wait ends the worker process: nothing runs until the next job.
    waits.at(-1)!()
    await until(() => !isAlive(firstPid), 'idle worker exited')
    expect(onDemand.workers()).toEqual([])

    const file = join(dir.path, 'effects.txt')
    const second = runner.enqueue('test.effect', { file, firstMs: 20_000 }).job
    const worker = await until(() => onDemand.workers().find((w) => w.inFlight > 0), 'a new worker took the job')
    expect(worker.pid).not.toBe(firstPid)
    process.kill(worker.pid!, 'SIGKILL')
    const secondDone = await untilState(jobs, second.id, 'succeeded')
    expect(secondDone.attempts).toBe(2)
    expect(readFileSync(file, 'utf8')).toBe(`${second.id}\n`)
  })

  it('takes over a running job whose lease expired', async () => {
    const runner = runnerWith({ leaseSweepMs: 20 })
    runner.start()
    const { job } = runner.enqueue('test.sleep', { ms: 1 }, { runAt: Date.now() + 60_000 })
    // Another runner claimed it long ago and went silent.
    jobs.claim('main:ghost', Date.now() + 60_000, 1, -200_000)
    expect(jobs.get(job.id)).toMatchObject({ state: 'running', owner: 'main:ghost' })
    const done = await untilState(jobs, job.id, 'succeeded')
    expect(done.lastError).toMatch(/lease expired/)
  })

  it('applies a commit hook exactly once, in the transaction that marks success', async () => {
    db.exec(`CREATE TABLE test_printed (job_id INTEGER NOT NULL)`)
    const insert = db.prepare(`INSERT INTO test_printed (job_id) VALUES (?)`)
    let hookFailures = 1
    const kinds = {
      'test.commit': defineJobKind({
        payload: z.object({}),
        backoff: FAST,
        run: (ctx) => ctx.workers.run('noop', null),
        commit({ job }) {
          insert.run(job.id)
          if (hookFailures-- > 0) throw new Error('constraint failed')
        }
      })
    }
    const runner = createQueueRunner({ db, jobs, kinds, workers: pool })
    stops.push(() => runner.stop())
    runner.start()
    const { job } = runner.enqueue('test.commit', {})
    const done = await untilState(jobs, job.id, 'succeeded')
    expect(done.attempts).toBe(2)
    expect(db.prepare(`SELECT job_id FROM test_printed`).pluck().all()).toEqual([job.id])
  })

  it('reports stats for the Jobs page', async () => {
    const runner = runnerWith()
    runner.start()
    const ok = [runner.enqueue('test.sleep', { ms: 1 }).job.id, runner.enqueue('noop', {}).job.id]
    const bad = runner.enqueue('test.fail', { permanent: true }).job.id
    for (const id of ok) await untilState(jobs, id, 'succeeded')
    await untilState(jobs, bad, 'failed')
    const slow = runner.enqueue('test.effect', { file: join(dir.path, 'x'), firstMs: 20_000 }).job.id
    runner.enqueue('noop', {}, { runAt: Date.now() + 3_600_000 })
    await untilState(jobs, slow, 'running')

    const stats = runner.stats()
    expect(stats.counts).toEqual({ queued: 1, running: 1, succeeded: 2, failed: 1, cancelled: 0 })
    expect(stats.byKind.find((k) => k.kind === 'noop')?.counts).toMatchObject({ succeeded: 1, queued: 1 })
    expect(stats.queueDepth).toEqual({ ready: 0, delayed: 1 })
    expect(stats.running.map((j) => j.id)).toEqual([slow])
    expect(stats.failed).toEqual([expect.objectContaining({ id: bad, attempts: 1, lastError: expect.stringMatching(/worker said no/) })])
    expect(stats.throughput.buckets).toHaveLength(60)
    const totals = stats.throughput.buckets.reduce((sum, b) => ({ ok: sum.ok + b.succeeded, ko: sum.ko + b.failed }), { ok: 0, ko: 0 })
    expect(totals).toEqual({ ok: 2, ko: 1 })
    const last = stats.throughput.buckets.filter((b) => b.succeeded + b.failed > 0)
    expect(last.every((b) => b.failureRate === b.failed / (b.succeeded + b.failed))).toBe(true)
    runner.cancel(slow)
  })

  it('prunes old finished jobs and checkpoints the WAL as built-in jobs', async () => {
    const runner = runnerWith()
    runner.start()
    const old = runner.enqueue('noop', {}).job.id
    await untilState(jobs, old, 'succeeded')
    const prune = runner.enqueue('maintenance.prune_jobs', { olderThanMs: 0 }).job.id
    const pruned = await untilState(jobs, prune, 'succeeded')
    expect(pruned.result).toEqual({ deleted: 1 })
    expect(jobs.get(old)).toBeNull()

    const checkpoint = runner.enqueue('maintenance.wal_checkpoint', {}).job.id
    const done = await untilState(jobs, checkpoint, 'succeeded')
    expect(done.result).toMatchObject({ busy: 0 })
    expect(runner.purgeFinished()).toBeGreaterThanOrEqual(1)
  })
})
