/**
 * Raw TCP printing ("port 9100", JetDirect): open a socket, write the label bytes, close.
 * Status goes over the same port: `~HS` for ZPL printers, `ESC !?` for TSPL ones. A printer that
 * accepts the connection but never answers is reported as unreachable once the timeout passes.
 * A label's fate after the send is the printer's own word: held while it reports paper out, head
 * open or pause (it keeps the label in its buffer and prints it once cleared), still printing
 * while it has formats in its buffer, out once it is ready with nothing pending.
 */
import net from 'node:net'
import type { RawPrinterLanguage } from '../../../../shared/printer-config'
import { PrinterError, abortedError, isHeldReason } from '../printer-driver'
import { fateFromPrinterStatus } from '../printer-driver'
import type { PrinterDriver, PrinterStatus, SendOptions, SendReceipt, SendWhenReadyOptions, SendWhenReadyOutcome } from '../printer-driver'
import {
  TSPL_STATUS_QUERY,
  ZPL_STATUS_QUERY,
  parseTsplStatusByte,
  parseZplHostStatus,
  zplHostStatusComplete
} from '../languages/status'

export interface Tcp9100Target {
  id: string
  host: string
  port: number
  language: RawPrinterLanguage
}

export interface Tcp9100Timeouts {
  connectMs?: number
  sendMs?: number
  statusMs?: number
}

const DEFAULT_TIMEOUTS = { connectMs: 3000, sendMs: 15_000, statusMs: 2000 }
/** How long to wait for the printer to close its side once every byte has left. */
const CLOSE_GRACE_MS = 2000

/** Socket errors that mean "nobody there right now": the job should wait and try again. */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN'
])

function errorCode(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'EUNKNOWN'
}

export function classifySocketError(error: unknown, where: string): PrinterError {
  const code = errorCode(error)
  const message = `${where}: ${code}`
  return UNREACHABLE_CODES.has(code)
    ? new PrinterError('unreachable', message, { cause: error })
    : new PrinterError('rejected', message, { cause: error, retryable: true })
}

function sendOverTcp(target: Tcp9100Target, bytes: Uint8Array, timeouts: typeof DEFAULT_TIMEOUTS, signal?: AbortSignal) {
  const where = `${target.host}:${target.port}`
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(abortedError(signal))
    const socket = net.connect({ host: target.host, port: target.port })
    let flushed = false
    let settled = false
    let timer = setTimeout(() => settle(new PrinterError('unreachable', `${where}: connect timed out after ${timeouts.connectMs} ms`)), timeouts.connectMs)
    const onAbort = () => settle(abortedError(signal))
    function settle(error?: PrinterError) {
      if (settled) return
      settled = true
      clearTimeout(timer)
      signal?.removeEventListener('abort', onAbort)
      socket.destroy()
      if (error) reject(error)
      else resolve()
    }
    signal?.addEventListener('abort', onAbort, { once: true })
    socket.setNoDelay(true)
    // Whatever the printer says back is drained, so closing never turns into a reset.
    socket.resume()
    socket.once('connect', () => {
      clearTimeout(timer)
      timer = setTimeout(() => settle(new PrinterError('unreachable', `${where}: send timed out after ${timeouts.sendMs} ms`)), timeouts.sendMs)
      socket.end(bytes)
    })
    socket.once('finish', () => {
      flushed = true
      clearTimeout(timer)
      timer = setTimeout(() => settle(), CLOSE_GRACE_MS)
    })
    socket.once('close', () => {
      if (flushed) settle()
      else settle(new PrinterError('unreachable', `${where}: connection closed before the label was sent`))
    })
    socket.on('error', (error) => {
      // Once every byte has left, a printer that resets instead of closing has still got them;
      // retrying would print the label twice.
      if (flushed) settle()
      else settle(classifySocketError(error, where))
    })
  })
}

function queryStatus(target: Tcp9100Target, timeouts: typeof DEFAULT_TIMEOUTS): Promise<PrinterStatus> {
  const where = `${target.host}:${target.port}`
  const isZpl = target.language === 'zpl'
  return new Promise((resolve) => {
    const socket = net.connect({ host: target.host, port: target.port })
    const chunks: Buffer[] = []
    let settled = false
    const timeoutMs = timeouts.statusMs
    const timer = setTimeout(
      () => settle({ ready: false, reason: 'unreachable', detail: `${where}: no status answer within ${timeoutMs} ms` }),
      timeoutMs
    )
    function settle(status: PrinterStatus) {
      if (settled) return
      settled = true
      clearTimeout(timer)
      socket.destroy()
      resolve(status)
    }
    socket.once('connect', () => socket.write(isZpl ? ZPL_STATUS_QUERY : TSPL_STATUS_QUERY))
    socket.on('data', (data: Buffer) => {
      chunks.push(data)
      const answer = chunks.length === 1 ? data : Buffer.concat(chunks)
      if (!isZpl) settle(parseTsplStatusByte(answer[0] ?? 0))
      else if (zplHostStatusComplete(answer)) settle(parseZplHostStatus(answer))
    })
    socket.once('close', () => {
      const answer = Buffer.concat(chunks)
      settle(
        answer.length === 0
          ? { ready: false, reason: 'unreachable', detail: `${where}: closed without a status answer` }
          : isZpl
            ? parseZplHostStatus(answer)
            : parseTsplStatusByte(answer[0] ?? 0)
      )
    })
    socket.on('error', (error) => settle({ ready: false, reason: 'unreachable', detail: `${where}: ${errorCode(error)}` }))
  })
}

/**
 * The status query and the label on one connection: connect, ask (`~HS` or `ESC !?`), and once
 * the answer says the printer can take it, write the label and close, as `sendOverTcp` does. A
 * printer that says it is out of paper, has its head open or is paused gets no label byte. When
 * no answer comes (timeout, closed, refused) the connection is dropped and the label is sent on a
 * fresh one, exactly as a failed `status()` followed by `send()` would: the answer is only ever a
 * reason to hold the label back, never a reason to lose it.
 */
function sendWhenReadyOverTcp(target: Tcp9100Target, bytes: Uint8Array, timeouts: typeof DEFAULT_TIMEOUTS, options: SendWhenReadyOptions): Promise<SendWhenReadyOutcome> {
  const { signal, beforeBytes } = options
  const where = `${target.host}:${target.port}`
  const isZpl = target.language === 'zpl'
  type Step = { kind: 'held'; status: PrinterStatus } | { kind: 'sent' } | { kind: 'no_answer' }
  const exchange = new Promise<Step>((resolve, reject) => {
    if (signal?.aborted) return reject(abortedError(signal))
    const socket = net.connect({ host: target.host, port: target.port })
    const chunks: Buffer[] = []
    let phase: 'connecting' | 'asking' | 'sending' | 'flushed' = 'connecting'
    let settled = false
    // As `queryStatus`: connecting and answering share one limit.
    let timer = setTimeout(() => settle({ kind: 'no_answer' }), timeouts.statusMs)
    const onAbort = () => settle(abortedError(signal))
    function settle(outcome: Step | Error) {
      if (settled) return
      settled = true
      clearTimeout(timer)
      signal?.removeEventListener('abort', onAbort)
      socket.destroy()
      if (outcome instanceof Error) reject(outcome)
      else resolve(outcome)
    }
    function answered(status: PrinterStatus) {
      if (!status.ready && isHeldReason(status.reason)) return settle({ kind: 'held', status })
      try {
        beforeBytes()
      } catch (error) {
        return settle(error instanceof Error ? error : new Error(String(error)))
      }
      phase = 'sending'
      clearTimeout(timer)
      timer = setTimeout(() => settle(new PrinterError('unreachable', `${where}: send timed out after ${timeouts.sendMs} ms`)), timeouts.sendMs)
      socket.end(bytes)
    }
    signal?.addEventListener('abort', onAbort, { once: true })
    socket.setNoDelay(true)
    socket.once('connect', () => {
      phase = 'asking'
      socket.write(isZpl ? ZPL_STATUS_QUERY : TSPL_STATUS_QUERY)
    })
    socket.on('data', (data: Buffer) => {
      // After the answer, whatever the printer says is drained, so closing never turns into a reset.
      if (phase !== 'asking') return
      chunks.push(data)
      const answer = chunks.length === 1 ? data : Buffer.concat(chunks)
      if (!isZpl) answered(parseTsplStatusByte(answer[0] ?? 0))
      else if (zplHostStatusComplete(answer)) answered(parseZplHostStatus(answer))
    })
    socket.once('finish', () => {
      if (phase !== 'sending') return
      phase = 'flushed'
      clearTimeout(timer)
      timer = setTimeout(() => settle({ kind: 'sent' }), CLOSE_GRACE_MS)
    })
    socket.once('close', () => {
      if (phase === 'flushed') settle({ kind: 'sent' })
      else if (phase === 'sending') settle(new PrinterError('unreachable', `${where}: connection closed before the label was sent`))
      else {
        // Part of an answer before the printer hung up still says what `queryStatus` would read from it.
        const status = chunks.length > 0 ? (isZpl ? parseZplHostStatus(Buffer.concat(chunks)) : parseTsplStatusByte(chunks[0]![0] ?? 0)) : null
        settle(status && !status.ready && isHeldReason(status.reason) ? { kind: 'held', status } : { kind: 'no_answer' })
      }
    })
    socket.on('error', (error) => {
      // Once every byte has left, a printer that resets instead of closing has still got them;
      // retrying would print the label twice.
      if (phase === 'flushed') settle({ kind: 'sent' })
      else if (phase === 'sending') settle(classifySocketError(error, where))
      else settle({ kind: 'no_answer' })
    })
  })
  return exchange.then(async (step): Promise<SendWhenReadyOutcome> => {
    if (step.kind === 'held') return { sent: false, status: step.status }
    if (step.kind === 'no_answer') {
      beforeBytes()
      await sendOverTcp(target, bytes, timeouts, signal)
    }
    return { sent: true, receipt: {} }
  })
}

export function createTcp9100Driver(target: Tcp9100Target, timeouts: Tcp9100Timeouts = {}): PrinterDriver {
  const resolved = {
    connectMs: timeouts.connectMs ?? DEFAULT_TIMEOUTS.connectMs,
    sendMs: timeouts.sendMs ?? DEFAULT_TIMEOUTS.sendMs,
    statusMs: timeouts.statusMs ?? DEFAULT_TIMEOUTS.statusMs
  }
  return {
    id: target.id,
    statusBeforeSend: true,
    send: async (bytes: Uint8Array, opts: SendOptions = {}): Promise<SendReceipt> => {
      await sendOverTcp(target, bytes, resolved, opts.signal)
      return {}
    },
    sendWhenReady: (bytes, opts) => sendWhenReadyOverTcp(target, bytes, resolved, opts),
    status: () => queryStatus(target, resolved),
    fate: async () => fateFromPrinterStatus(await queryStatus(target, resolved))
  }
}
