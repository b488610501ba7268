import { closedPort } from '../../../bench/workloads/printer-sink'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { openDatabase, type Db } from '../../../src/main/platform/db/database'
import { defineJobKind } from '../../../src/main/platform/queue/job-kinds'
import { createJobsRepository, type JobsRepository } from '../../../src/main/platform/queue/jobs-repository'
import { durationsByKind, readJobStats } from '../../../src/main/platform/queue/job-stats'
import { createNodeWorkerSpawner } from '../../../src/main/platform/worker-pool/node-worker'
import type { JobStatsData } from '../../../src/shared/jobs'
import { startTestHost, type TestHost } from '../../support/bench-host'
import { makeTempDir } from '../../support/temp-dir'
import { isAlive } from './queue-fixture'
import { DEFAULT_LABEL_SETTINGS } from '../../../src/shared/label-settings'

/** Polls `jobs.stats` (through the real dispatcher) until `probe` accepts it. */
async function statsUntil(bench: TestHost, probe: (stats: JobStatsData) => boolean, what: string): Promise<JobStatsData> {
  for (let i = 0; i < 400; i++) {
    const stats = await bench.call('jobs.stats', {})
    if (probe(stats)) return stats
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  throw new Error(`never happened: ${what}`)
}

describe('the Jobs page as a monitor, against a real host and real worker processes', () => {
  let bench: TestHost | undefined
  afterEach(async () => {
    await bench?.close()
    bench = undefined
  })

  it('run times per kind come from jobs run in worker processes; worker rows have pid, uptime, tasks, memory, and a killed worker shows a restart', async () => {
    bench = await startTestHost({
      spawnWorker: createNodeWorkerSpawner({ env: { BENCH_WORKER_DIAGNOSTICS: '1' }, stdio: 'ignore' }),
      extraJobKinds: {
        'test.sleep': defineJobKind({ payload: z.object({ ms: z.number() }), run: (ctx) => ctx.workers.run('diagnostics.sleep', { ms: ctx.payload.ms }) })
      }
    })
    const host = bench.host
    host.db.transaction(() => {
      for (let i = 0; i < 4; i++) host.queue.enqueue('test.sleep', { ms: 150 })
      for (let i = 0; i < 2; i++) host.queue.enqueue('test.sleep', { ms: 40 })
    })()
    await host.queue.drained()

    const stats = await bench.call('jobs.stats', {})
    const sleep = stats.durations.find((row) => row.kind === 'test.sleep')!
    // Each job slept in a worker at least as long as it was told: the figures are the real run times.
    expect(sleep.lastHour).toMatchObject({ count: 6 })
    expect(sleep.lastDay).toMatchObject({ count: 6 })
    expect(sleep.lastHour!.medianMs).toBeGreaterThanOrEqual(150)
    expect(sleep.lastHour!.p95Ms).toBeGreaterThanOrEqual(sleep.lastHour!.medianMs)
    expect(Math.min(sleep.lastDay!.medianMs, sleep.lastDay!.p95Ms)).toBeGreaterThanOrEqual(40)

    expect(stats.workers.map((worker) => worker.name)).toEqual(['worker-1', 'worker-2'])
    for (const worker of stats.workers) {
      expect(worker.pid).not.toBeNull()
      expect(worker.pid).not.toBe(process.pid)
      expect(isAlive(worker.pid!)).toBe(true)
      expect(worker.restarts).toBe(0)
      expect(worker.startedAt).toBeLessThanOrEqual(stats.at)
      // Reported by the worker itself: a Node process holds megabytes, not bytes.
      expect(worker.memory!.rss).toBeGreaterThan(10 * 1024 * 1024)
      expect(worker.memory!.heapUsed).toBeGreaterThan(0)
    }
    expect(stats.workers.reduce((sum, worker) => sum + worker.tasksDone, 0)).toBeGreaterThanOrEqual(6)

    const killed = stats.workers[0]!
    process.kill(killed.pid!, 'SIGKILL')
    const after = await statsUntil(bench, (next) => next.workers[0]!.restarts === 1 && next.workers[0]!.ready, 'worker-1 replaced')
    const replaced = after.workers[0]!
    expect(replaced.pid).not.toBe(killed.pid)
    expect(isAlive(replaced.pid!)).toBe(true)
    expect(replaced.tasksDone).toBe(0)
    expect(replaced.startedAt).toBeGreaterThanOrEqual(killed.startedAt)
    expect(after.workers[1]).toMatchObject({ pid: stats.workers[1]!.pid, restarts: 0 })
  })

  it('a label whose printer is off waits in the queue for the printer, says why, and can be cancelled', async () => {
    bench = await startTestHost()
    const port = await closedPort()
    await bench.call('settings.update', { printer: { id: 'off', name: 'Zebra apagada', driver: 'tcp9100', language: 'zpl', host: '127.0.0.1', port, label: DEFAULT_LABEL_SETTINGS } })
    const vet = await bench.call('veterinarians.create', { name: 'Dra. Cola', clinic: '', email: '', phone: '', licence: '' })
    const { labelJobId } = await bench.call('reception.receive', {
      type: 'HP',
      veterinarianId: vet.id,
      animal: { name: 'Nieve', species: 'Gato' },
      sample: { sampleType: 'Biopsia', containers: [{}] }
    })
    const waiting = await statsUntil(bench, (stats) => stats.queued.some((job) => job.id === labelJobId && job.waitingFor.reason === 'retry'), 'the label waiting for a retry')
    const label = waiting.queued.find((job) => job.id === labelJobId)!
    expect(label).toMatchObject({ kind: 'label.print', state: 'queued', position: null, waitingFor: { reason: 'retry', resource: 'printer' } })
    expect(label.waitingFor.at).toBeGreaterThan(waiting.at)
    expect(label.attempts).toBeGreaterThanOrEqual(1)
    expect(label.lastError).toContain('ECONNREFUSED')

    const cancelled = await bench.call('jobs.cancel', { id: labelJobId! })
    expect(cancelled.state).toBe('cancelled')
    const after = await bench.call('jobs.stats', {})
    expect(after.queued.map((job) => job.id)).not.toContain(labelJobId)
    expect(after.byKind.find((row) => row.kind === 'label.print')!.counts.cancelled).toBe(1)
  })

  it('every job kind the host registers has a name in Spanish and English', async () => {
    bench = await startTestHost()
    const { jobKindsMessages } = await import('../../../src/renderer/src/i18n/areas/job-kinds')
    // The catalogue keys a kind with its dots as underscores (label.print -> label_print).
    const named = (catalogue: Record<string, string>, kind: string) => typeof catalogue[kind.replaceAll('.', '_')] === 'string'
    const kinds = bench.host.queue.kindNames()
    expect(kinds).toContain('label.print')
    for (const kind of kinds) {
      expect(named(jobKindsMessages.es, kind), `es name of ${kind}`).toBe(true)
      expect(named(jobKindsMessages.en, kind), `en name of ${kind}`).toBe(true)
    }
  })
})

describe('the queued list and the run times, read from a real SQLite file', () => {
  const T0 = Date.UTC(2026, 0, 15, 9, 0, 0)
  let dir: ReturnType<typeof makeTempDir>
  let db: Db
  let jobs: JobsRepository
  afterEach(() => {
    db.close()
    dir.cleanup()
  })
  const open = () => {
    dir = makeTempDir('jobs-monitor-')
    db = openDatabase(join(dir.path, 'jobs.sqlite'))
    jobs = createJobsRepository(db)
  }
  const enqueue = (kind: string, priority: number, runAt: number) =>
    jobs.enqueue({ kind, payload: {}, priority, runAt, maxAttempts: 5, timeoutMs: 1000, uniqueKey: null, now: T0 }).job.id

  it('lists due jobs in claim order with their place, then waiting ones with what they wait for', () => {
    open()
    const report = enqueue('report.finalize', 20, T0)
    const label = enqueue('label.print', 10, T0 + 5)
    const stats = enqueue('statistics.summarize', 100, T0)
    const later = enqueue('maintenance.prune_jobs', 1000, T0 + 3_600_000)
    const retried = enqueue('label.print', 10, T0)
    const [claimed] = jobs.claim('owner', T0, 1, 0)
    expect(claimed!.id).toBe(retried)
    jobs.retryLater(retried, 'owner', 'PrinterError: 127.0.0.1:9100: ECONNREFUSED', T0 + 8000)

    const view = readJobStats(jobs, T0 + 10, () => null, (kind) => (kind === 'label.print' ? 'printer' : null))
    expect(view.queued.map((job) => [job.id, job.position, job.waitingFor.reason])).toEqual([
      [label, 1, 'turn'],
      [report, 2, 'turn'],
      [stats, 3, 'turn'],
      [retried, null, 'retry'],
      [later, null, 'scheduled']
    ])
    expect(view.queued[3]).toMatchObject({ waitingFor: { at: T0 + 8000, resource: 'printer' }, lastError: 'PrinterError: 127.0.0.1:9100: ECONNREFUSED', attempts: 1 })
    expect(view.queued[4]!.waitingFor).toEqual({ reason: 'scheduled', at: T0 + 3_600_000, resource: null })
    expect(view.queueDepth).toEqual({ ready: 3, delayed: 2 })
  })

  it('median and p95 per kind over the last hour and the last day, from claim to success', () => {
    open()
    const day = 24 * 3_600_000
    const finishAt = (kind: string, startedAt: number, ms: number) => {
      const id = enqueue(kind, 100, startedAt)
      jobs.claim('owner', startedAt, 1, 0)
      jobs.succeed(id, 'owner', null, startedAt + ms)
    }
    const now = T0 + day
    // Within the hour: 1..20 ms; earlier the same day: 1000 ms each; the day before: ignored.
    for (let ms = 1; ms <= 20; ms++) finishAt('label.print', now - 60_000, ms)
    for (let i = 0; i < 20; i++) finishAt('label.print', now - 5 * 3_600_000, 1000)
    finishAt('label.print', now - 2 * day, 99_999)
    finishAt('sync.round', now - 10 * 3_600_000, 300)
    const { durations } = readJobStats(jobs, now, () => null)
    expect(durations).toEqual([
      { kind: 'label.print', lastHour: { count: 20, medianMs: 10, p95Ms: 19 }, lastDay: { count: 40, medianMs: 20, p95Ms: 1000 } },
      { kind: 'sync.round', lastHour: null, lastDay: { count: 1, medianMs: 300, p95Ms: 300 } }
    ])
  })

  it('nearest-rank percentiles of one value, and of values out of order', () => {
    expect(durationsByKind([{ kind: 'k', ms: 7, finishedAt: 10 }], 0)).toEqual([{ kind: 'k', lastHour: { count: 1, medianMs: 7, p95Ms: 7 }, lastDay: { count: 1, medianMs: 7, p95Ms: 7 } }])
    const rows = [30, 10, 20, 40].map((ms) => ({ kind: 'k', ms, finishedAt: 5 }))
    expect(durationsByKind(rows, 10)[0]).toEqual({ kind: 'k', lastHour: null, lastDay: { count: 4, medianMs: 20, p95Ms: 40 } })
  })
})
