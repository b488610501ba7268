import { closeSync, openSync, rmSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { CLEAN_CLOSE_FILE } from '../../../src/main/features/backups/clean-close-record'
import { HEALTH_CHECK } from '../../../src/main/features/health/health-module'
import { DATABASE_FILE } from '../../../src/main/platform/data-folder'
import type { HealthReport } from '../../../src/shared/health'
import { DEFAULT_LABEL_SETTINGS } from '../../../src/shared/label-settings'
import { startPrinterSink, type PrinterSink } from '../../../bench/workloads/printer-sink'
import { startTestHost, type TestHost } from '../../support/bench-host'

/** The next `health.changed` the host pushes after `trigger` (what the renderer receives). */
async function nextReport(bench: TestHost, trigger: () => Promise<unknown>): Promise<HealthReport> {
  // The check queued at start (or any earlier one) must not be taken for the one asked for.
  await bench.host.queue.drained()
  let stop = (): void => undefined
  const pushed = new Promise<HealthReport>((resolve) => {
    stop = bench.host.subscribe((event, payload) => {
      if (event === 'health.changed') resolve(payload as HealthReport)
    })
  })
  await trigger()
  try {
    return await pushed
  } finally {
    stop()
  }
}

/** Worker processes start in the background; on a busy machine that can outlast the check's grace. */
const check = (report: HealthReport, name: string) => report.checks.find((entry) => entry.name === name)!

describe('the bench health, checked by a job and pushed as an event', () => {
  let bench: TestHost | undefined
  let sink: PrinterSink | undefined
  afterEach(async () => {
    await bench?.close()
    await sink?.close()
    bench = sink = undefined
  })

  it('reports every check with its level and reason, and turns the printer red when the printer goes away', async () => {
    sink = await startPrinterSink()
    bench = await startTestHost()
    await bench.call('settings.update', { printer: { id: 'sink', name: 'Zebra mostrador', driver: 'tcp9100', language: 'zpl', host: '127.0.0.1', port: sink.port, label: DEFAULT_LABEL_SETTINGS } })
    const b = bench
    const up = await nextReport(b, () => b.call('health.check', {}))
    expect(up.checks.map((entry) => entry.name)).toEqual(['database', 'disk', 'printer', 'sync', 'workers', 'backlog'])
    expect(check(up, 'printer')).toMatchObject({ level: 'green', reason: 'printer_ready', facts: { printer: 'Zebra mostrador' } })
    expect(check(up, 'database')).toMatchObject({ level: 'green', reason: 'database_ok' })
    // Nothing has needed a PDF yet: no worker process runs, and that is the rest state.
    expect(check(up, 'workers')).toMatchObject({ level: 'green', reason: 'workers_idle', facts: { ready: 0, total: 0 } })
    expect(check(up, 'sync')).toMatchObject({ level: 'amber', reason: 'sync_unpaired' })
    expect(check(up, 'backlog')).toMatchObject({ level: 'green' })
    expect(check(up, 'disk').facts.freeMb).toBeGreaterThan(0)
    expect(await b.call('health.get', {})).toEqual(up)

    await sink.close()
    sink = undefined
    const down = await nextReport(b, () => b.call('health.check', {}))
    expect(check(down, 'printer')).toMatchObject({ level: 'red', reason: 'printer_unreachable' })
    expect(check(down, 'printer').detail).toContain('ECONNREFUSED')
    expect(down.level).toBe('red')
  })

  it('says the printer is paper-out, and amber when none is configured', async () => {
    sink = await startPrinterSink({ state: 'paper_out' })
    bench = await startTestHost()
    const b = bench
    const none = await nextReport(b, () => b.call('health.check', {}))
    expect(check(none, 'printer')).toMatchObject({ level: 'amber', reason: 'printer_none' })
    await b.call('settings.update', { printer: { id: 'sink', name: 'Zebra', driver: 'tcp9100', language: 'zpl', host: '127.0.0.1', port: sink.port, label: DEFAULT_LABEL_SETTINGS } })
    const out = await nextReport(b, () => b.call('health.check', {}))
    expect(check(out, 'printer')).toMatchObject({ level: 'red', reason: 'printer_paper_out' })
  })

  it('is refreshed by a schedule every minute and a nightly integrity check, and checks once at start', async () => {
    bench = await startTestHost()
    const schedules = bench.host.db.prepare(`SELECT name, cron, next_run_at FROM schedules WHERE name LIKE 'health.%' ORDER BY name`).all() as {
      name: string
      cron: string
      next_run_at: number
    }[]
    expect(schedules.map(({ name, cron }) => [name, cron])).toEqual([
      ['health.check', '* * * * *'],
      ['health.integrity', '37 3 * * *']
    ])
    expect(schedules[0]!.next_run_at - Date.now()).toBeLessThanOrEqual(60_000)
    await bench.host.queue.drained()
    const started = bench.host.db.prepare(`SELECT state FROM jobs WHERE kind = 'health.check' AND unique_key = 'health:start'`).all()
    expect(started).toEqual([{ state: 'succeeded' }])
    expect(await bench.call('health.get', {})).not.toBeNull()
  })

  it('finds damage in the open database file with its nightly check, read on a connection of its own', async () => {
    bench = await startTestHost()
    const b = bench
    await b.host.queue.drained()
    // Everything in the file itself, then one page of the protocols table overwritten under the open bench.
    b.host.db.pragma('wal_checkpoint(TRUNCATE)')
    const root = b.host.db.prepare(`SELECT rootpage FROM sqlite_schema WHERE name = 'protocols'`).pluck().get() as number
    const pageSize = b.host.db.pragma('page_size', { simple: true }) as number
    const fd = openSync(join(b.dataDir, DATABASE_FILE), 'r+')
    try {
      writeSync(fd, Buffer.alloc(pageSize, 0x5a), 0, pageSize, (root - 1) * pageSize)
    } finally {
      closeSync(fd)
    }
    const report = await nextReport(b, async () => b.host.db.transaction(() => b.host.queue.enqueue(HEALTH_CHECK, { integrity: true }))())
    expect(check(report, 'database')).toMatchObject({ level: 'red', reason: 'database_damaged' })
    expect(check(report, 'database').detail).not.toBe('')
  })

  it("takes the start's quick_check as the database's integrity instead of reading the whole file again", async () => {
    const first = new Date(2030, 4, 6, 8, 0)
    bench = await startTestHost({ clock: () => first })
    const startJob = (b: TestHost) =>
      JSON.parse(b.host.db.prepare(`SELECT payload_json FROM jobs WHERE kind = 'health.check' AND unique_key = 'health:start' ORDER BY id DESC LIMIT 1`).pluck().get() as string) as { integrity: boolean }
    // A first start has no file to check before opening it: the health job checks it.
    expect(startJob(bench)).toEqual({ integrity: true })
    await bench.host.queue.drained()

    // Days later: the first start's result is stale, so without the start's check the job would read the file again.
    const restarted = new Date(2030, 4, 12, 8, 0)
    // As after a crash (no clean close vouches for the file), so the start reads it.
    await bench.restart({ clock: () => restarted }, () => rmSync(join(bench!.dataDir, CLEAN_CLOSE_FILE)))
    expect(startJob(bench)).toEqual({ integrity: false })
    await bench.host.queue.drained()
    const report = (await bench.call('health.get', {}))!
    expect(check(report, 'database')).toMatchObject({ level: 'green', reason: 'database_ok', facts: { at: restarted.getTime() } })
  })
})
