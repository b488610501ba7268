/**
 * CUPS raw queue (Linux, macOS): `lp -d QUEUE -o raw` with the label bytes on stdin, so CUPS
 * passes them to the printer untouched; status from `lpstat -l -p QUEUE`.
 */
import { PrinterError, abortedError } from '../printer-driver'
import type { PrinterDriver, PrinterStatus, SendOptions } from '../printer-driver'
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
  return {
    id: target.id,
    async send(bytes: Uint8Array, opts: SendOptions = {}) {
      const outcome = await runCommand('lp', [...serverArgs(target.server), '-d', target.queue, '-o', 'raw'], {
        input: bytes,
        timeoutMs: sendMs,
        signal: opts.signal
      })
      if (outcome.kind !== 'exited' || outcome.code !== 0) throw failure(outcome, what, opts.signal)
    },
    async status(): Promise<PrinterStatus> {
      const outcome = await runCommand('lpstat', [...serverArgs(target.server), '-l', '-p', target.queue], { timeoutMs: statusMs })
      if (outcome.kind === 'exited' && outcome.code === 0) return parseLpstatPrinter(outcome.stdout)
      const error = failure(outcome, what)
      return { ready: false, reason: error.code === 'unreachable' ? 'unreachable' : 'unknown', detail: error.message }
    }
  }
}
