/**
 * The one interface every way of reaching a label printer implements.
 *
 * Drivers never retry: a failed `send` throws a `PrinterError` that says whether trying again
 * later can help, and the print job (queue) owns the waiting and backing off. That keeps a
 * printer that is off or out of paper from ever blocking the receive that queued the label.
 * After a send, `fate` says where that label is now: out, on its way, held by the printer
 * (paper, head, pause) or dropped by the spooler. The label job asks until it is out.
 */
import type { PrinterStateCode } from '../../../shared/error-codes'

export type PrinterStatusReason = Exclude<PrinterStateCode, 'busy'>

export interface PrinterStatus {
  ready: boolean
  reason: PrinterStatusReason
  /** Technical specifics for the log and the "detalles" toggle (the spooler's message, the socket error). */
  detail?: string
  /** Labels the printer holds and has not printed yet (ZPL formats in its buffer, a TSPL printer printing). */
  pending?: number
}

export interface SendOptions {
  signal?: AbortSignal
}

/** What a send leaves behind to follow the label by: the spooler's job id where there is one. */
export interface SendReceipt {
  spoolJobId?: string
}

/** Printer states in which a label that reached the printer waits inside it until a hand clears them. */
export type HeldReason = 'paper_out' | 'head_open' | 'paused' | 'ribbon_out' | 'offline'

/**
 * Where a sent label is: `printed` (out of the printer; `confirmed` false when the printer cannot
 * say and the spooler took it), `printing` (on its way, nothing wrong), `held` (inside the
 * printer or spooler, waiting for `reason` to clear), `lost` (the spooler dropped it: it will
 * not come out), `unknown` (nothing answered the question).
 */
export type LabelFate =
  | { state: 'printed'; confirmed: boolean }
  | { state: 'printing'; detail?: string }
  | { state: 'held'; reason: HeldReason; detail?: string }
  | { state: 'lost'; detail: string }
  | { state: 'unknown'; detail?: string }

/** How `sendWhenReady` ended: the label went (with its receipt), or the printer said why it cannot take it now. */
export type SendWhenReadyOutcome = { sent: true; receipt: SendReceipt } | { sent: false; status: PrinterStatus }

export interface SendWhenReadyOptions extends SendOptions {
  /** Runs once the printer said it can take the label, right before its first byte leaves (a throw sends nothing). */
  beforeBytes(): void
}

export interface PrinterDriver {
  readonly id: string
  /**
   * Whether asking `status()` before a send is cheap and means something: a printer known to be
   * out of paper is then not sent a label at all (TCP, CUPS). A spooler that takes minutes to
   * answer (PowerShell) is asked after the send only.
   */
  readonly statusBeforeSend: boolean
  send(bytes: Uint8Array, opts?: SendOptions): Promise<SendReceipt>
  /**
   * `status()` then `send()` as one exchange where the printer allows it (TCP: the status query and
   * the label share one connection, so a label costs one connection and no second connect): a
   * printer whose status is a held reason (paper, head, pause, ribbon, offline) gets no label byte;
   * any other answer, or none, and the label is sent as `send` would. Drivers without it are asked
   * `status()` and `send()` in turn.
   */
  sendWhenReady?(bytes: Uint8Array, opts: SendWhenReadyOptions): Promise<SendWhenReadyOutcome>
  status(): Promise<PrinterStatus>
  fate(receipt: SendReceipt): Promise<LabelFate>
}

const HELD_REASONS: ReadonlySet<PrinterStatusReason> = new Set(['paper_out', 'head_open', 'paused', 'ribbon_out', 'offline'])

export function isHeldReason(reason: PrinterStatusReason): reason is HeldReason {
  return HELD_REASONS.has(reason)
}

/**
 * A label's fate read from the printer's own status, for a printer that holds what it cannot
 * print: an error state means the label waits inside it; ready with nothing pending means it
 * came out; ready and busy means it is still on its way.
 */
export function fateFromPrinterStatus(status: PrinterStatus): LabelFate {
  if (!status.ready) {
    if (isHeldReason(status.reason)) return { state: 'held', reason: status.reason, ...(status.detail ? { detail: status.detail } : {}) }
    return { state: 'unknown', ...(status.detail ? { detail: status.detail } : {}) }
  }
  if ((status.pending ?? 0) > 0) return { state: 'printing', detail: `${status.pending} label(s) not printed yet` }
  return { state: 'printed', confirmed: true }
}

/**
 * unreachable: nothing answered (refused, timed out, host down) - retry later.
 * rejected: the spooler or OS refused the job (unknown queue, bad name) - retrying will not help.
 * aborted: the caller cancelled.
 */
export type PrinterErrorCode = 'unreachable' | 'rejected' | 'aborted'

export class PrinterError extends Error {
  readonly code: PrinterErrorCode
  readonly retryable: boolean

  constructor(code: PrinterErrorCode, message: string, options: { retryable?: boolean; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'PrinterError'
    this.code = code
    this.retryable = options.retryable ?? code === 'unreachable'
  }
}

export function abortedError(signal: AbortSignal | undefined): PrinterError {
  return new PrinterError('aborted', 'print cancelled', { cause: signal?.reason })
}
