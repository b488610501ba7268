/**
 * CUPS raw queue (Linux, macOS): `lp -d QUEUE -o raw` with the label bytes on stdin, so CUPS
 * passes them to the printer untouched; status from `lpstat -l -p QUEUE`.
 *
 * A label's fate is its CUPS job's: `lp` names the job (`request id is QUEUE-42`); while
 * `lpstat -W not-completed -o QUEUE` still lists it, CUPS holds it (the queue is stopped, the
 * printer reports no paper or cannot be reached) or is sending it; once it is gone from that
 * list CUPS has delivered it. lpstat does not tell a job cancelled at the spooler from a completed
 * one, so a label cancelled by hand in CUPS counts as delivered.
 */
import { PrinterError, abortedError, isHeldReason } from '../printer-driver'
import type { LabelFate, PrinterDriver, PrinterStatus, SendOptions, SendReceipt } from '../printer-driver'
import { runCommand } from './child-process'
import type { CommandOutcome } from './child-process'

export interface CupsTarget {
  id: string
  queue: string
  /** `lp -h` form: `host:port` or a domain socket path; absent = the local default server. */
  server?: string
}

export interface CupsTimeouts {
  sendMs?: number
  statusMs?: number
}

const DEFAULT_SEND_MS = 15_000
const DEFAULT_STATUS_MS = 5000

function serverArgs(server: string | undefined): string[] {
  return server ? ['-h', server] : []
}

/** Messages that mean the scheduler is not there right now rather than that the job is wrong. */
function schedulerDown(text: string): boolean {
  const lower = text.toLowerCase()
  return (
    lower.includes('scheduler is not running') ||
    lower.includes('unable to connect') ||
    lower.includes('connection refused') ||
    lower.includes('no such file or directory')
  )
}

function lastLine(text: string): string {
  const lines = text.trim().split('\n')
  return (lines[lines.length - 1] ?? '').trim()
}

function failure(outcome: CommandOutcome, what: string, signal?: AbortSignal): PrinterError {
  switch (outcome.kind) {
    case 'aborted':
      return abortedError(signal)
    case 'timeout':
      return new PrinterError('unreachable', `${what}: CUPS did not answer in time`)
    case 'spawn_failed':
      return new PrinterError('rejected', `${what}: cannot run lp (${outcome.code}); is cups-client installed?`)
    case 'exited': {
      const message = lastLine(outcome.stderr) || lastLine(outcome.stdout) || `exit code ${outcome.code}`
      return schedulerDown(message)
        ? new PrinterError('unreachable', `${what}: ${message}`)
        : new PrinterError('rejected', `${what}: ${message}`)
    }
  }
}

/** printer-state-reasons (the "Alerts:" line) that name something a clerk can fix at the printer. */
const HARDWARE_ALERTS: readonly [string, PrinterStatus['reason'], string][] = [
  ['cover-open', 'head_open', 'cover open'],
  ['door-open', 'head_open', 'door open'],
  ['media-empty', 'paper_out', 'out of labels'],
  ['media-needed', 'paper_out', 'out of labels'],
  ['media-jam', 'paper_out', 'paper jam'],
  ['marker-supply-empty', 'ribbon_out', 'out of ribbon']
]

/** Reads `lpstat -l -p QUEUE` output (C locale). */
export function parseLpstatPrinter(output: string): PrinterStatus {
  const lines = output.split('\n')
  const head = lines[0] ?? ''
  if (!head.startsWith('printer ')) return { ready: false, reason: 'unknown', detail: head.trim() || 'no lpstat output' }
  const alertsLine = lines.find((line) => line.trim().startsWith('Alerts:'))?.trim().slice('Alerts:'.length) ?? ''
  const alerts = alertsLine.trim().split(/\s+/)
  const has = (prefix: string) => alerts.some((alert) => alert.startsWith(prefix))
  for (const [prefix, reason, detail] of HARDWARE_ALERTS) if (has(prefix)) return { ready: false, reason, detail }
  if (head.includes(' disabled since ')) {
    // The line after a stopped queue holds why (cupsdisable -r, or the backend's message);
    // without one, `-l` goes straight on to its "Form mounted:" block.
    const why = (lines[1] ?? '').trim()
    const stated = why.length > 0 && !why.startsWith('Form mounted')
    return { ready: false, reason: has('paused') ? 'paused' : 'offline', detail: stated ? `queue stopped: ${why}` : 'queue stopped' }
  }
  if (has('offline')) return { ready: false, reason: 'offline', detail: 'printer offline' }
  if (has('connecting-to-device')) return { ready: false, reason: 'unreachable', detail: 'CUPS cannot reach the printer' }
  return { ready: true, reason: 'ok', ...(head.includes(' now printing ') ? { detail: 'printing' } : {}) }
}

/** `lp`'s answer: `request id is QUEUE-42 (1 file(s))`. */
export function parseLpRequestId(output: string): string | null {
  return /request id is (\S+)/.exec(output)?.[1] ?? null
}

/** The job ids `lpstat -o` lists (one job per line, its id first; detail lines are indented). */
export function parseLpstatJobs(output: string): Set<string> {
  const ids = new Set<string>()
  for (const line of output.split('\n')) {
    if (line.length === 0 || /^\s/.test(line)) continue
    const id = line.split(/\s+/)[0]
    if (id) ids.add(id)
  }
  return ids
}

/**
 * A CUPS job still waiting or being sent, told by the queue's state: a stopped queue or a
 * printer alert holds it, an unreachable printer holds it too (CUPS keeps retrying the device).
 */
export function fateOfPendingCupsJob(printer: PrinterStatus): LabelFate {
  if (printer.ready) return { state: 'printing', detail: 'CUPS is sending the job' }
  if (isHeldReason(printer.reason)) return { state: 'held', reason: printer.reason, ...(printer.detail ? { detail: printer.detail } : {}) }
  return { state: 'held', reason: 'offline', detail: printer.detail ?? 'CUPS cannot reach the printer' }
}

export interface CupsQueue {
  queue: string
  deviceUri: string | null
}

/** `lpstat -v` lines: `device for NAME: URI`. */
export function parseLpstatDevices(output: string): Map<string, string> {
  const devices = new Map<string, string>()
  for (const line of output.split('\n')) {
    const match = /^device for ([^:]+):\s*(.+)$/.exec(line.trim())
    if (match?.[1] && match[2]) devices.set(match[1], match[2].trim())
  }
  return devices
}

/** The queues the CUPS server knows, with their device URIs; none when CUPS is not there. */
export async function discoverCupsQueues(options: { server?: string; timeoutMs?: number } = {}): Promise<CupsQueue[]> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_STATUS_MS
  const [names, devices] = await Promise.all([
    runCommand('lpstat', [...serverArgs(options.server), '-e'], { timeoutMs }),
    runCommand('lpstat', [...serverArgs(options.server), '-v'], { timeoutMs })
  ])
  const uris = devices.kind === 'exited' && devices.code === 0 ? parseLpstatDevices(devices.stdout) : new Map<string, string>()
  const queueNames =
    names.kind === 'exited' && names.code === 0
      ? names.stdout.split('\n').map((name) => name.trim()).filter((name) => name.length > 0)
      : [...uris.keys()]
  return queueNames.map((queue) => ({ queue, deviceUri: uris.get(queue) ?? null }))
}

export function createCupsRawDriver(target: CupsTarget, timeouts: CupsTimeouts = {}): PrinterDriver {
  const sendMs = timeouts.sendMs ?? DEFAULT_SEND_MS
  const statusMs = timeouts.statusMs ?? DEFAULT_STATUS_MS
  const what = `CUPS queue ${target.queue}`
  const status = async (): Promise<PrinterStatus> => {
    const outcome = await runCommand('lpstat', [...serverArgs(target.server), '-l', '-p', target.queue], { timeoutMs: statusMs })
    if (outcome.kind === 'exited' && outcome.code === 0) return parseLpstatPrinter(outcome.stdout)
    const error = failure(outcome, what)
    return { ready: false, reason: error.code === 'unreachable' ? 'unreachable' : 'unknown', detail: error.message }
  }
  return {
    id: target.id,
    statusBeforeSend: true,
    async send(bytes: Uint8Array, opts: SendOptions = {}): Promise<SendReceipt> {
      const outcome = await runCommand('lp', [...serverArgs(target.server), '-d', target.queue, '-o', 'raw'], {
        input: bytes,
        timeoutMs: sendMs,
        signal: opts.signal
      })
      if (outcome.kind !== 'exited' || outcome.code !== 0) throw failure(outcome, what, opts.signal)
      const spoolJobId = parseLpRequestId(outcome.stdout)
      return spoolJobId ? { spoolJobId } : {}
    },
    status,
    async fate(receipt): Promise<LabelFate> {
      if (!receipt.spoolJobId) return { state: 'unknown', detail: 'lp named no job' }
      const outcome = await runCommand('lpstat', [...serverArgs(target.server), '-W', 'not-completed', '-o', target.queue], { timeoutMs: statusMs })
      if (outcome.kind !== 'exited' || outcome.code !== 0) return { state: 'unknown', detail: failure(outcome, what).message }
      if (!parseLpstatJobs(outcome.stdout).has(receipt.spoolJobId)) return { state: 'printed', confirmed: true }
      return fateOfPendingCupsJob(await status())
    }
  }
}
