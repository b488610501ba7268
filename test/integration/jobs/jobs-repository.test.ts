import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { openDatabase, type Db } from '../../../src/main/platform/db/database'
import { createJobsRepository, type JobsRepository, type NewJob } from '../../../src/main/platform/queue/jobs-repository'
import { makeTempDir } from '../../support/temp-dir'

const T0 = Date.UTC(2026, 0, 15, 9, 0, 0)

function newJob(overrides: Partial<NewJob> = {}): NewJob {
  return {
    kind: 'test.kind',
    payload: { n: 1 },
    priority: 100,
    runAt: T0,
    maxAttempts: 3,
    timeoutMs: 1000,
    uniqueKey: null,
    now: T0,
    ...overrides
  }
}

describe('jobs repository', () => {
  let dir: ReturnType<typeof makeTempDir>
  let db: Db
  let jobs: JobsRepository

  beforeEach(() => {
    dir = makeTempDir('jobs-repo-')
    db = openDatabase(join(dir.path, 'jobs.sqlite'))
    jobs = createJobsRepository(db)
  })
  afterEach(() => {
    db.close()
    dir.cleanup()
  })

  it('claims by priority, then run_at, then insertion, and only what is due', () => {
    const late = jobs.enqueue(newJob({ priority: 100, runAt: T0 + 10 })).job.id
    const early = jobs.enqueue(newJob({ priority: 100, runAt: T0 })).job.id
    const urgent = jobs.enqueue(newJob({ priority: 0, runAt: T0 + 20 })).job.id
    const sameAsEarly = jobs.enqueue(newJob({ priority: 100, runAt: T0 })).job.id
    const future = jobs.enqueue(newJob({ priority: 0, runAt: T0 + 60_000 })).job.id

    const claimed = jobs.claim('owner-a', T0 + 30, 10, 500)
    expect(claimed.map((job) => job.id)).toEqual([urgent, early, sameAsEarly, late])
    expect(claimed.map((job) => job.id)).not.toContain(future)
    for (const job of claimed) {
      expect(job.state).toBe('running')
      expect(job.attempts).toBe(1)
      expect(job.owner).toBe('owner-a')
      expect(job.startedAt).toBe(T0 + 30)
      expect(job.leaseUntil).toBe(T0 + 30 + job.timeoutMs + 500)
    }
    expect(jobs.claim('owner-b', T0 + 30, 10, 500)).toEqual([])
  })

  it('claims no more than the limit, leaving the rest queued', () => {
    for (let i = 0; i < 5; i++) jobs.enqueue(newJob())
    expect(jobs.claim('o', T0, 2, 0)).toHaveLength(2)
    expect(jobs.readyCount(T0)).toBe(3)
    expect(jobs.claim('o', T0, 0, 0)).toEqual([])
  })

  it('accepts completion and failure only from the owner of a running job', () => {
    const id = jobs.enqueue(newJob()).job.id
    jobs.claim('owner-a', T0, 1, 0)
    expect(jobs.succeed(id, 'owner-b', { ok: true }, T0 + 5)).toBe(false)
    expect(jobs.fail(id, 'owner-b', 'boom', T0 + 5)).toBe(false)
    expect(jobs.progress(id, 'owner-b', { percent: 50, step: null, message: null }, T0 + 10_000)).toBe(false)
    expect(jobs.get(id)?.state).toBe('running')

    expect(jobs.succeed(id, 'owner-a', { ok: true }, T0 + 5)).toBe(true)
    const done = jobs.get(id)
    expect(done).toMatchObject({ state: 'succeeded', result: { ok: true }, finishedAt: T0 + 5, owner: null })
    // A second completion of the same attempt changes nothing.
    expect(jobs.succeed(id, 'owner-a', { ok: false }, T0 + 6)).toBe(false)
    expect(jobs.get(id)?.result).toEqual({ ok: true })
  })

  it('does not let a cancelled job be completed by its former owner', () => {
    const id = jobs.enqueue(newJob()).job.id
    jobs.claim('owner-a', T0, 1, 0)
    expect(jobs.cancel(id, T0 + 1)?.state).toBe('cancelled')
    expect(jobs.succeed(id, 'owner-a', null, T0 + 2)).toBe(false)
    expect(jobs.get(id)?.state).toBe('cancelled')
    expect(jobs.cancel(id, T0 + 3)).toBeNull()
  })

  it('extends the lease on progress but never shortens it', () => {
    const id = jobs.enqueue(newJob({ timeoutMs: 1000 })).job.id
    jobs.claim('o', T0, 1, 0)
    expect(jobs.progress(id, 'o', { percent: 40, step: 'pages', message: '4/10' }, T0 + 5000)).toBe(true)
    expect(jobs.get(id)).toMatchObject({ leaseUntil: T0 + 5000, progress: { percent: 40, step: 'pages', message: '4/10' } })
    jobs.progress(id, 'o', { percent: 50, step: null, message: null }, T0 + 10)
    expect(jobs.get(id)?.leaseUntil).toBe(T0 + 5000)
  })

  it('returns the live job for a unique key, and frees the key once it finished', () => {
    const first = jobs.enqueue(newJob({ uniqueKey: 'label:1' }))
    const again = jobs.enqueue(newJob({ uniqueKey: 'label:1', payload: { n: 2 } }))
    expect(first.created).toBe(true)
    expect(again.created).toBe(false)
    expect(again.job.id).toBe(first.job.id)
    expect(again.job.payload).toEqual({ n: 1 })

    jobs.claim('o', T0, 1, 0)
    expect(jobs.enqueue(newJob({ uniqueKey: 'label:1' })).job.id).toBe(first.job.id)
    jobs.succeed(first.job.id, 'o', null, T0)
    const after = jobs.enqueue(newJob({ uniqueKey: 'label:1' }))
    expect(after.created).toBe(true)
    expect(after.job.id).not.toBe(first.job.id)
  })

  it("enqueues on the caller's transaction: a rolled-back change takes its jobs with it", () => {
    const change = db.transaction((fail: boolean) => {
      jobs.enqueue(newJob({ kind: 'with.change' }))
      if (fail) throw new Error('domain change failed')
    })
    expect(() => change(true)).toThrow('domain change failed')
    expect(jobs.countsByStateAndKind()).toEqual([])
    change(false)
    expect(jobs.countsByStateAndKind()).toEqual([{ state: 'queued', kind: 'with.change', count: 1 }])
  })

  it('requeues running jobs at start-up and fails those that used their last attempt', () => {
    const retryable = jobs.enqueue(newJob({ maxAttempts: 3 })).job.id
    const exhausted = jobs.enqueue(newJob({ maxAttempts: 1 })).job.id
    jobs.claim('dead-process', T0, 10, 0)
    expect(jobs.recoverRunning(T0 + 100, 'interrupted')).toEqual({ requeued: 1, failed: 1 })
    expect(jobs.get(retryable)).toMatchObject({ state: 'queued', attempts: 1, owner: null, runAt: T0 + 100 })
    expect(jobs.get(exhausted)).toMatchObject({ state: 'failed', lastError: 'interrupted', finishedAt: T0 + 100 })
  })

  it('gives the attempt back when a job is released at shutdown', () => {
    const id = jobs.enqueue(newJob()).job.id
    jobs.claim('o', T0, 1, 0)
    expect(jobs.release(id, 'o', T0 + 1)).toBe(true)
    expect(jobs.get(id)).toMatchObject({ state: 'queued', attempts: 0, owner: null })
  })

  it('retries a failed job by hand with a fresh set of attempts, keeping its last error', () => {
    const id = jobs.enqueue(newJob({ maxAttempts: 1 })).job.id
    jobs.claim('o', T0, 1, 0)
    jobs.fail(id, 'o', 'printer offline', T0 + 1)
    const retried = jobs.retry(id, T0 + 2)
    expect(retried).toMatchObject({ state: 'queued', attempts: 0, runAt: T0 + 2, lastError: 'printer offline', finishedAt: null })
    const succeeded = jobs.enqueue(newJob()).job.id
    jobs.claim('o', T0 + 3, 10, 0)
    jobs.succeed(succeeded, 'o', null, T0 + 4)
    expect(jobs.retry(succeeded, T0 + 5)).toBeNull()
  })

  it('purges finished jobs by age but always keeps the newest row, so ids are never reused', () => {
    const ids = Array.from({ length: 4 }, () => jobs.enqueue(newJob()).job.id)
    jobs.claim('o', T0, 10, 0)
    ids.forEach((id, i) => jobs.succeed(id, 'o', null, T0 + i))
    const live = jobs.enqueue(newJob({ runAt: T0 + 1_000_000 })).job.id

    expect(jobs.purgeFinished(T0 + 2, 100)).toBe(2)
    expect(ids.map((id) => jobs.get(id)?.id ?? null)).toEqual([null, null, ids[2], ids[3]])
    jobs.cancel(live, T0 + 5)
    expect(jobs.purgeFinished(Number.MAX_SAFE_INTEGER, 100)).toBe(2)
    expect(jobs.get(live)?.state).toBe('cancelled')
    const next = jobs.enqueue(newJob()).job.id
    expect(next).toBeGreaterThan(live)
  })

  it('counts by state and kind and buckets final outcomes for the chart', () => {
    const a = jobs.enqueue(newJob({ kind: 'a' })).job.id
    const b = jobs.enqueue(newJob({ kind: 'b' })).job.id
    jobs.enqueue(newJob({ kind: 'b' }))
    jobs.enqueue(newJob({ kind: 'a', runAt: T0 + 999_999 }))
    jobs.claim('o', T0, 2, 0)
    jobs.succeed(a, 'o', null, T0 + 61_000)
    jobs.fail(b, 'o', 'bad', T0 + 62_000)

    const counts = Object.fromEntries(jobs.countsByStateAndKind().map((row) => [`${row.state}/${row.kind}`, row.count]))
    expect(counts).toEqual({ 'succeeded/a': 1, 'failed/b': 1, 'queued/a': 1, 'queued/b': 1 })
    expect(jobs.readyCount(T0)).toBe(1)
    expect(jobs.nextRunAt()).toBe(T0)
    expect(jobs.finishedBuckets(T0, 60_000)).toEqual([{ at: T0 + 60_000, succeeded: 1, failed: 1 }])
    expect(jobs.failed(10).map((job) => job.id)).toEqual([b])
  })

  it('stores schedules and advances them only from the slot they fired', () => {
    jobs.upsertSchedule('daily', '0 3 * * *', T0, T0 - 1)
    expect(jobs.advanceSchedule('daily', T0, T0, T0 + 86_400_000, T0)).toBe(true)
    expect(jobs.advanceSchedule('daily', T0, T0, T0 + 86_400_000, T0)).toBe(false)
    expect(jobs.schedule('daily')).toEqual({ name: 'daily', cron: '0 3 * * *', lastRunAt: T0, nextRunAt: T0 + 86_400_000 })
  })
})
