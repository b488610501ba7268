/**
 * The health feature owns the bench's health at a glance: the `health.check` job (database
 * integrity, free disk, the label printer, the last successful sync, the worker processes, the
 * backlog of unsent changes), its schedules (every minute; integrity nightly, since SQLite's
 * check reads the whole file), the `health.changed` event and the `health.*` requests. It reads
 * the printer and sync through the small ports their features give; the last integrity result
 * is kept in the meta table so a restart does not forget it.
 */
import { statfs } from 'node:fs/promises'
import { z } from 'zod'
import { worstLevel, type HealthReport } from '../../../shared/health'
import { checkFileOffThread } from '../../platform/db/database-check'
import type { HostModule, Platform } from '../../platform/module'
import { defineJobKind } from '../../platform/queue/job-kinds'
import type { ScheduleDefinition } from '../../platform/queue/scheduler'
import type { PrinterStatus } from '../printing/printer-driver'
import {
  judgeBacklog,
  judgeDatabase,
  judgeDisk,
  judgePrinter,
  judgeSync,
  judgeWorkers,
  INTEGRITY_STALE_MS,
  type IntegrityResult,
  type SyncFacts
} from './health-rules'

export const HEALTH_CHECK = 'health.check'
const INTEGRITY_META_KEY = 'health_integrity'
const WORKER_START_GRACE_MS = 5000

export interface HealthDeps extends Pick<Platform, 'db' | 'clock' | 'dataDir' | 'pool' | 'queue' | 'outbox' | 'meta' | 'emit' | 'log'> {
  /** The configured label printer and what it says now; null when none is configured. */
  printer(): Promise<{ name: string; status: PrinterStatus } | null>
  sync(): SyncFacts
  /** When the start's quick_check passed on this very file (null: not run, e.g. a first start). */
  startCheckPassedAt?: Date | null
  /** Below this many free bytes the disk check warns (the settings' threshold). */
  diskWarningBytes(): number
}

export function healthSchedules(): ScheduleDefinition[] {
  return [
    { name: HEALTH_CHECK, cron: '* * * * *', kind: HEALTH_CHECK, payload: { integrity: false } },
    { name: 'health.integrity', cron: '37 3 * * *', kind: HEALTH_CHECK, payload: { integrity: true } }
  ]
}

export function createHealthModule(deps: HealthDeps): HostModule {
  const now = () => deps.clock().getTime()
  let last: HealthReport | null = null

  const storedIntegrity = (): IntegrityResult | null => {
    const stored = deps.meta.get(INTEGRITY_META_KEY)
    if (stored === null) return null
    const parsed = z.object({ at: z.number(), ok: z.boolean(), detail: z.string() }).safeParse(JSON.parse(stored))
    return parsed.success ? parsed.data : null
  }

  // On its own connection in a thread: the nightly slot, missed by a bench that was off, runs as
  // the bench starts, and on the main thread its seconds of reading held back the first screen.
  const checkIntegrity = async (): Promise<IntegrityResult> => {
    const check = await checkFileOffThread(deps.db.name, 'quick')
    const result = { at: now(), ok: check.ok, detail: check.ok ? 'ok' : check.detail.split('\n').slice(0, 3).join('; ') }
    deps.meta.set(INTEGRITY_META_KEY, JSON.stringify(result))
    if (!result.ok) deps.log('error', `database quick_check failed: ${result.detail}`)
    return result
  }

  const freeDisk = async (): Promise<{ bytes: number | null; detail: string }> => {
    try {
      const stats = await statfs(deps.dataDir)
      return { bytes: stats.bavail * stats.bsize, detail: '' }
    } catch (error) {
      return { bytes: null, detail: error instanceof Error ? error.message : String(error) }
    }
  }

  const printerState = async () => {
    try {
      return await deps.printer()
    } catch (error) {
      return { name: '?', status: { ready: false, reason: 'unknown', detail: error instanceof Error ? error.message : String(error) } as PrinterStatus }
    }
  }

  /** Workers still starting (the first check after start) are given a moment before being judged. */
  const workersSettled = () => Promise.race([deps.pool.ready(), new Promise((resolve) => setTimeout(resolve, WORKER_START_GRACE_MS).unref())])

  async function gather(integrity: boolean): Promise<HealthReport> {
    const integrityResult = integrity ? await checkIntegrity() : storedIntegrity()
    const [disk, printer] = await Promise.all([freeDisk(), printerState(), workersSettled()])
    const at = now()
    const sync = deps.sync()
    const oldest = deps.outbox.oldestPendingAt()
    const checks = [
      judgeDatabase(integrityResult, at),
      judgeDisk(disk.bytes, disk.detail, deps.diskWarningBytes()),
      judgePrinter(printer),
      judgeSync(sync, at),
      judgeWorkers(deps.pool.workers()),
      judgeBacklog({ pending: deps.outbox.pendingCount(), oldestAt: oldest === null ? null : Date.parse(oldest), paired: sync.paired }, at)
    ]
    return { at, level: worstLevel(checks.map((check) => check.level)), checks }
  }

  const checkKind = defineJobKind({
    payload: z.object({ integrity: z.boolean().default(false) }),
    priority: 40,
    maxAttempts: 1,
    timeoutMs: 120_000,
    async run(ctx) {
      const report = await gather(ctx.payload.integrity)
      ctx.signal.throwIfAborted()
      const changed = last?.level !== report.level
      last = report
      deps.emit('health.changed', report)
      if (changed && report.level !== 'green') {
        const reasons = report.checks.filter((check) => check.level !== 'green').map((check) => `${check.name}: ${check.reason}`)
        deps.log(report.level === 'red' ? 'warn' : 'info', `bench health ${report.level}: ${reasons.join(', ')}`)
      }
      return { level: report.level }
    }
  })

  const queueCheck = (integrity: boolean, uniqueKey: string) => deps.queue.enqueue(HEALTH_CHECK, { integrity }, { uniqueKey }).job.id

  return {
    name: 'health',
    jobKinds: { [HEALTH_CHECK]: checkKind },
    schedules: healthSchedules(),
    handlers: {
      'health.get': () => last,
      'health.check': () => ({ jobId: queueCheck(true, 'health:now') })
    },
    start() {
      // The start's check is the freshest there is: on a large file a second one at once would
      // hold up the first requests for seconds.
      if (deps.startCheckPassedAt) {
        deps.meta.set(INTEGRITY_META_KEY, JSON.stringify({ at: deps.startCheckPassedAt.getTime(), ok: true, detail: 'ok' } satisfies IntegrityResult))
      }
      // The first picture at once instead of at the next minute; integrity only when none is fresh.
      const stored = storedIntegrity()
      queueCheck(stored === null || now() - stored.at > INTEGRITY_STALE_MS, 'health:start')
    }
  }
}
