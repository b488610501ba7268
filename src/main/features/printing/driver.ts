/**
 * The one interface every way of reaching a label printer implements, and the factory that
 * picks one from a saved printer configuration.
 *
 * Drivers never retry: a failed `send` throws a `PrinterError` that says whether trying again
 * later can help, and the print job (queue) owns the waiting and backing off. That keeps a
 * printer that is off or out of paper from ever blocking the receive that queued the label.
 */
import type { PrinterConfig } from '../../../shared/printer-config'
import { createCupsRawDriver } from './drivers/cups-raw'
import { createTcp9100Driver } from './drivers/tcp9100'
import { createWindowsRawDriver } from './drivers/windows-raw'

export type { PrinterConfig } from '../../../shared/printer-config'

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

export interface DriverDeps {
  /**
   * The PDF driver needs Electron, which the core never imports: the Electron entry passes
   * `(config) => createElectronPdfDriver(config, ...)` here.
   */
  createPdfDriver?: (config: Extract<PrinterConfig, { driver: 'pdf' }>) => PrinterDriver
  /** Overrides for tests and slow networks; every driver has sensible defaults. */
  timeouts?: { connectMs?: number; sendMs?: number; statusMs?: number }
}

export function createDriver(config: PrinterConfig, deps: DriverDeps = {}): PrinterDriver {
  switch (config.driver) {
    case 'tcp9100':
      return createTcp9100Driver(
        { id: config.id, host: config.host, port: config.port, language: config.language },
        deps.timeouts
      )
    case 'cups':
      return createCupsRawDriver({ id: config.id, queue: config.queue, server: config.server }, deps.timeouts)
    case 'windows':
      return createWindowsRawDriver({ id: config.id, printerName: config.printerName }, deps.timeouts)
    case 'pdf':
      if (!deps.createPdfDriver) throw new Error('PDF printing needs the Electron adapter (DriverDeps.createPdfDriver)')
      return deps.createPdfDriver(config)
  }
}
