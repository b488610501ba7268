/**
 * How each observation becomes green, amber or red. Pure: the module gathers the facts, these
 * judge them, so the thresholds are tested without a printer, a full disk or a day's wait.
 */
import type { HealthCheck } from '../../../shared/health'
import type { PrinterStatus } from '../printing/printer-driver'

const MB = 1024 * 1024
/** Below this much free space the bench is about to stop writing (SQLite, PDFs, logs). */
export const DISK_RED_BYTES = 500 * MB
export const DISK_AMBER_BYTES = 2048 * MB

const MINUTE_MS = 60_000
const HOUR_MS = 60 * MINUTE_MS
/** A paired bench syncs every minute or so; past these it has been cut off for a while. */
export const SYNC_AMBER_MS = 15 * MINUTE_MS
export const SYNC_RED_MS = 24 * HOUR_MS
/** An integrity result older than this is "not checked" again (the nightly check missed). */
export const INTEGRITY_STALE_MS = 3 * 24 * HOUR_MS

export interface IntegrityResult {
  /** Epoch ms of the check. */
  at: number
  ok: boolean
  /** SQLite's first complaint when not ok. */
  detail: string
}

export function judgeDatabase(last: IntegrityResult | null, now: number): HealthCheck {
  if (!last || now - last.at > INTEGRITY_STALE_MS) {
    return { name: 'database', level: 'amber', reason: 'database_unchecked', facts: {}, detail: '' }
  }
  if (!last.ok) return { name: 'database', level: 'red', reason: 'database_damaged', facts: { at: last.at }, detail: last.detail }
  return { name: 'database', level: 'green', reason: 'database_ok', facts: { at: last.at }, detail: '' }
}

/**
 * Free space against the bench's warning threshold (Settings, `diskWarningMb`; 2048 MB unless
 * changed): amber under it, red under DISK_RED_BYTES (or under the threshold itself when an
 * administrator set it lower than that).
 */
export function judgeDisk(freeBytes: number | null, detail = '', warnBytes: number = DISK_AMBER_BYTES): HealthCheck {
  if (freeBytes === null) return { name: 'disk', level: 'amber', reason: 'disk_unknown', facts: {}, detail }
  const facts = { freeMb: Math.floor(freeBytes / MB), warnMb: Math.floor(warnBytes / MB) }
  if (freeBytes < Math.min(DISK_RED_BYTES, warnBytes)) return { name: 'disk', level: 'red', reason: 'disk_critical', facts, detail }
  if (freeBytes < warnBytes) return { name: 'disk', level: 'amber', reason: 'disk_low', facts, detail }
  return { name: 'disk', level: 'green', reason: 'disk_ok', facts, detail }
}

/** `status` null: no printer configured (labels wait in the queue). */
export function judgePrinter(printer: { name: string; status: PrinterStatus } | null): HealthCheck {
  if (!printer) return { name: 'printer', level: 'amber', reason: 'printer_none', facts: {}, detail: '' }
  const facts = { printer: printer.name }
  const detail = printer.status.detail ?? ''
  if (printer.status.ready) return { name: 'printer', level: 'green', reason: 'printer_ready', facts, detail }
  // A printer that does not say what is wrong may still print; one that says so cannot.
  const level = printer.status.reason === 'unknown' ? 'amber' : 'red'
  const reason = printer.status.reason === 'ok' ? 'printer_unknown' : (`printer_${printer.status.reason}` as const)
  return { name: 'printer', level, reason, facts, detail }
}

export interface SyncFacts {
  paired: boolean
  /** Epoch ms of the last round that worked; null when none did. */
  lastSuccessAt: number | null
  /** The last round's error, for support. */
  lastError: string | null
}

export function judgeSync(sync: SyncFacts, now: number): HealthCheck {
  if (!sync.paired) return { name: 'sync', level: 'amber', reason: 'sync_unpaired', facts: {}, detail: '' }
  const detail = sync.lastError ?? ''
  if (sync.lastSuccessAt === null) return { name: 'sync', level: 'red', reason: 'sync_never', facts: {}, detail }
  const age = now - sync.lastSuccessAt
  const facts = { at: sync.lastSuccessAt, minutes: Math.max(0, Math.floor(age / MINUTE_MS)) }
  if (age >= SYNC_RED_MS) return { name: 'sync', level: 'red', reason: 'sync_stale', facts, detail }
  if (age >= SYNC_AMBER_MS) return { name: 'sync', level: 'amber', reason: 'sync_late', facts, detail }
  return { name: 'sync', level: 'green', reason: 'sync_recent', facts, detail: '' }
}

export function judgeWorkers(workers: readonly { ready: boolean; restarts: number }[]): HealthCheck {
  const ready = workers.filter((worker) => worker.ready).length
  const facts = { ready, total: workers.length, restarts: workers.reduce((sum, worker) => sum + worker.restarts, 0) }
  // Workers start when a task needs one and end after an idle stretch: none running is the rest state.
  if (workers.length === 0) return { name: 'workers', level: 'green', reason: 'workers_idle', facts, detail: '' }
  if (ready === 0) return { name: 'workers', level: 'red', reason: 'workers_down', facts, detail: '' }
  if (ready < workers.length) return { name: 'workers', level: 'amber', reason: 'workers_starting', facts, detail: '' }
  return { name: 'workers', level: 'green', reason: 'workers_ok', facts, detail: '' }
}

export function judgeBacklog(backlog: { pending: number; oldestAt: number | null; paired: boolean }, now: number): HealthCheck {
  const facts = { count: backlog.pending }
  if (backlog.pending === 0 || backlog.oldestAt === null) return { name: 'backlog', level: 'green', reason: 'backlog_empty', facts: { count: 0 }, detail: '' }
  // Without a server the changes are meant to stay here: nothing is late.
  if (!backlog.paired) return { name: 'backlog', level: 'green', reason: 'backlog_unpaired', facts, detail: '' }
  const age = now - backlog.oldestAt
  const withAge = { ...facts, minutes: Math.max(0, Math.floor(age / MINUTE_MS)) }
  if (age >= SYNC_RED_MS) return { name: 'backlog', level: 'red', reason: 'backlog_very_old', facts: withAge, detail: '' }
  if (age >= SYNC_AMBER_MS) return { name: 'backlog', level: 'amber', reason: 'backlog_old', facts: withAge, detail: '' }
  return { name: 'backlog', level: 'green', reason: 'backlog_waiting', facts: withAge, detail: '' }
}
