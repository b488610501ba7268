/**
 * The one interface every way of reaching a label printer implements.
 *
 * Drivers never retry: a failed `send` throws a `PrinterError` that says whether trying again
 * later can help, and the print job (queue) owns the waiting and backing off. That keeps a
 * printer that is off or out of paper from ever blocking the receive that queued the label.
 */
export type PrinterStatusReason =
  | 'ok'
  | 'paper_out'
  | 'head_open'
  | 'paused'
  | 'ribbon_out'
  | 'offline'
  | 'unreachable'
  | 'unknown'

export interface PrinterStatus {
  ready: boolean
  reason: PrinterStatusReason
  /** Human-readable specifics for the UI or the log (the spooler's message, the socket error). */
  detail?: string
}

export interface SendOptions {
  signal?: AbortSignal
}

export interface PrinterDriver {
  readonly id: string
  send(bytes: Uint8Array, opts?: SendOptions): Promise<void>
  status(): Promise<PrinterStatus>
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
