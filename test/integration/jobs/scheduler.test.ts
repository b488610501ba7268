import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { openDatabase, type Db } from '../../../src/main/platform/db/database'
import { createJobsRepository, type JobsRepository } from '../../../src/main/platform/queue/jobs-repository'
import { builtinJobKinds, RETENTION_MS_DEFAULT } from '../../../src/main/platform/queue/job-kinds'
import { passiveCheckpoint } from '../../../src/main/platform/db/wal-checkpointer'
import { createQueueRunner } from '../../../src/main/platform/queue/queue-runner'
import { builtinSchedules, createScheduler, type ScheduleDefinition } from '../../../src/main/platform/queue/scheduler'
import { makeTempDir } from '../../support/temp-dir'

/** Local wall-clock times: cron patterns are local time. */
const at = (day: number, hour: number, minute = 0): number => new Date(2026, 4, day, hour, minute).getTime()
const HOURLY: ScheduleDefinition = { name: 'stats.hourly', cron: '0 * * * *', kind: 'noop', payload: { report: 'hourly' } }

describe('scheduler', () => {
  let dir: ReturnType<typeof makeTempDir>
  let dbFile: string
  let db: Db
  let jobs: JobsRepository
  const clock = { now: 0 }

  // One "app run": a database connection, a queue and a scheduler on the shared clock.
  const openApp = (schedules: readonly ScheduleDefinition[] = [HOURLY]) => {
    db = openDatabase(dbFile)
    jobs = createJobsRepository(db)
    const queue = createQueueRunner({
      db,
      jobs,
      kinds: builtinJobKinds({ jobs, now: () => clock.now, walCheckpoint: () => passiveCheckpoint(db) }),
      // The queue is not started here: only what the scheduler enqueues is under test.
      workers: { capacity: 1, run: () => Promise.reject(new Error('not used')) },
      now: () => clock.now
    })
    const scheduler = createScheduler({ db, jobs, queue, schedules, now: () => clock.now })
    return { queue, scheduler }
  }

  beforeEach(() => {
    dir = makeTempDir('scheduler-')
    dbFile = join(dir.path, 'jobs.sqlite')
  })
  afterEach(() => {
    if (db.open) db.close()
    dir.cleanup()
  })

  it('runs a schedule missed while the app was closed once at start, not once per slot', () => {
    clock.now = at(4, 10, 30)
    let app = openApp()
    expect(app.scheduler.start()).toEqual([])
    expect(jobs.schedule('stats.hourly')?.nextRunAt).toBe(at(4, 11))
    app.scheduler.stop()
    db.close()

    // Closed from 10:30 to 15:10: the 11, 12, 13, 14 and 15 o'clock slots were missed.
    clock.now = at(4, 15, 10)
    app = openApp()
    const fired = app.scheduler.start()
    expect(fired).toEqual([{ name: 'stats.hourly', slot: at(4, 11), jobId: expect.any(Number), created: true }])
    expect(jobs.schedule('stats.hourly')).toMatchObject({ lastRunAt: at(4, 11), nextRunAt: at(4, 16) })
    expect(app.scheduler.tick()).toEqual([])
    const job = jobs.get(fired[0]!.jobId)
    expect(job).toMatchObject({ kind: 'noop', payload: { report: 'hourly' }, uniqueKey: 'schedule:stats.hourly', state: 'queued' })
    expect(app.queue.stats().counts.queued).toBe(1)
    app.scheduler.stop()
  })

  it('fires each slot on time and does not stack a job that is still waiting', () => {
    clock.now = at(4, 10, 30)
    const { scheduler } = openApp()
    scheduler.start()
    clock.now = at(4, 10, 59)
    expect(scheduler.tick()).toEqual([])
    clock.now = at(4, 11)
    const first = scheduler.tick()
    expect(first).toHaveLength(1)
    clock.now = at(4, 12)
    const second = scheduler.tick()
    expect(second).toEqual([{ name: 'stats.hourly', slot: at(4, 12), jobId: first[0]!.jobId, created: false }])
    expect(jobs.schedule('stats.hourly')?.nextRunAt).toBe(at(4, 13))
    scheduler.stop()
  })

  it('never fires one slot twice, even from two schedulers on the same database', () => {
    clock.now = at(4, 10, 30)
    const one = openApp()
    one.scheduler.start()
    const other = createScheduler({ db, jobs, queue: one.queue, schedules: [HOURLY], now: () => clock.now })
    other.start()
    clock.now = at(4, 11, 0)
    const fired = [...one.scheduler.tick(), ...other.tick()]
    expect(fired).toHaveLength(1)
    expect(db.prepare(`SELECT count(*) FROM jobs`).pluck().get()).toBe(1)
    one.scheduler.stop()
    other.stop()
  })

  it('restarts from now when the pattern of a schedule changes', () => {
    clock.now = at(4, 10, 30)
    let app = openApp()
    app.scheduler.start()
    app.scheduler.stop()
    db.close()
    clock.now = at(6, 9, 0)
    app = openApp([{ ...HOURLY, cron: '30 18 * * *' }])
    expect(app.scheduler.start()).toEqual([])
    expect(jobs.schedule('stats.hourly')).toMatchObject({ cron: '30 18 * * *', nextRunAt: at(6, 18, 30) })
    app.scheduler.stop()
  })

  it('ships daily pruning and hourly WAL checkpoints, both running once after downtime', () => {
    clock.now = at(4, 10, 30)
    let app = openApp(builtinSchedules({ retentionMs: 3 * 86_400_000 }))
    app.scheduler.start()
    app.scheduler.stop()
    db.close()
    clock.now = at(9, 10, 30)
    app = openApp(builtinSchedules({ retentionMs: 3 * 86_400_000 }))
    const fired = app.scheduler.start()
    expect(fired.map((f) => f.name).sort()).toEqual(['maintenance.prune_jobs', 'maintenance.wal_checkpoint'])
    const prune = jobs.get(fired.find((f) => f.name === 'maintenance.prune_jobs')!.jobId)
    expect(prune).toMatchObject({ kind: 'maintenance.prune_jobs', payload: { olderThanMs: 3 * 86_400_000 } })
    expect(builtinSchedules()[0]!.payload).toEqual({ olderThanMs: RETENTION_MS_DEFAULT })
    app.scheduler.stop()
  })

  it('skips a schedule with a broken pattern and keeps the others', () => {
    clock.now = at(4, 10, 30)
    const logged: string[] = []
    db = openDatabase(dbFile)
    jobs = createJobsRepository(db)
    const queue = { enqueue: () => { throw new Error('not expected') } }
    const scheduler = createScheduler({
      db,
      jobs,
      queue,
      schedules: [{ name: 'broken', cron: 'every tuesday', kind: 'noop' }, HOURLY],
      now: () => clock.now,
      log: (_level, message) => logged.push(message)
    })
    scheduler.start()
    expect(scheduler.list().map((s) => s.name)).toEqual(['stats.hourly'])
    expect(logged.join('\n')).toMatch(/broken/)
    scheduler.stop()
  })
})
