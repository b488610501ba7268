/**
 * The fallback for printers that only take their OS driver: load the label PDF in a hidden
 * BrowserWindow and print it silently, page size set to the label in microns, no margins.
 *
 * Thin adapter, typechecked against electron.d.ts; it cannot run on machines without the
 * Electron binary, so nothing here is unit-tested. Electron fixed the two bugs that made this
 * path print blank or fail: electron/electron#43309 ("calling webContents.print() ... from an
 * existing PDF document resulted in a blank page", Electron 30+) and #47378 ("printing PDFs with
 * webContents.print({ silent: true }) would fail", 35+).
 */
import { BrowserWindow, webContents } from 'electron'
import type { PdfPrinterConfig } from '../../shared/printer-config'
import { PrinterError, abortedError, isHeldReason } from '../features/printing/printer-driver'
import type { LabelFate, PrinterDriver, PrinterStatus, SendOptions, SendReceipt } from '../features/printing/printer-driver'
import type { z } from 'zod'

type PdfConfig = z.infer<typeof PdfPrinterConfig>

const LOAD_AND_PRINT_TIMEOUT_MS = 30_000
const MICRONS_PER_MM = 1000

function withTimeout<T>(work: Promise<T>, ms: number, signal: AbortSignal | undefined): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new PrinterError('unreachable', `PDF print did not finish within ${ms} ms`)), ms)
    const onAbort = () => reject(abortedError(signal))
    signal?.addEventListener('abort', onAbort, { once: true })
    work.then(resolve, reject).finally(() => {
      clearTimeout(timer)
      signal?.removeEventListener('abort', onAbort)
    })
  })
}

async function printPdf(config: PdfConfig, bytes: Uint8Array): Promise<void> {
  // plugins: Chromium's PDF viewer is one; the window shows nothing but the label.
  const window = new BrowserWindow({
    show: false,
    webPreferences: { plugins: true, sandbox: true, contextIsolation: true, nodeIntegration: false }
  })
  try {
    // A navigation the main process starts may open a data: PDF (renderers may not).
    await window.loadURL(`data:application/pdf;base64,${Buffer.from(bytes).toString('base64')}`)
    await new Promise<void>((resolve, reject) => {
      window.webContents.print(
        {
          silent: true,
          ...(config.deviceName ? { deviceName: config.deviceName } : {}),
          printBackground: true,
          margins: { marginType: 'none' },
          pageSize: { width: config.label.widthMm * MICRONS_PER_MM, height: config.label.heightMm * MICRONS_PER_MM },
          copies: config.label.copies
        },
        (success, failureReason) =>
          success ? resolve() : reject(new PrinterError('rejected', `PDF print failed: ${failureReason || 'no reason given'}`))
      )
    })
  } finally {
    window.destroy()
  }
}

/** What the OS spooler says of the printer: only "not installed" and CUPS's stopped state are known. */
async function printerStatus(config: PdfConfig): Promise<PrinterStatus> {
  const contents = webContents.getAllWebContents()[0]
  if (!contents) return { ready: false, reason: 'unknown', detail: 'no window to ask the spooler through' }
  const printers = await contents.getPrintersAsync()
  const printer = config.deviceName
    ? printers.find((candidate) => candidate.name === config.deviceName)
    : printers.find((candidate) => (candidate as { isDefault?: boolean }).isDefault) ?? printers[0]
  if (!printer) return { ready: false, reason: 'offline', detail: config.deviceName ? `${config.deviceName} is not installed` : 'no printer installed' }
  const options = printer.options as Record<string, string | undefined>
  // CUPS (Linux, macOS) reports printer-state 5 for a stopped queue.
  if (options['printer-state'] === '5') return { ready: false, reason: 'paused', detail: options['printer-state-reasons'] ?? 'stopped' }
  return { ready: true, reason: 'ok' }
}

export function createElectronPdfDriver(config: PdfConfig): PrinterDriver {
  return {
    id: config.id,
    statusBeforeSend: true,
    send: async (bytes: Uint8Array, opts: SendOptions = {}): Promise<SendReceipt> => {
      if (opts.signal?.aborted) throw abortedError(opts.signal)
      await withTimeout(printPdf(config, bytes), LOAD_AND_PRINT_TIMEOUT_MS, opts.signal)
      return {}
    },
    status: () => printerStatus(config),
    // Chromium says only that the OS took the job; a stopped queue still holds it.
    fate: async (): Promise<LabelFate> => {
      const status = await printerStatus(config)
      if (!status.ready && isHeldReason(status.reason)) return { state: 'held', reason: status.reason, ...(status.detail ? { detail: status.detail } : {}) }
      return { state: 'printed', confirmed: false }
    }
  }
}
