/** Picks the driver for a saved printer configuration. */
import type { PrinterConfig } from '../../../shared/printer-config'
import { createCupsRawDriver } from './drivers/cups-raw'
import { createTcp9100Driver } from './drivers/tcp9100'
import { createWindowsRawDriver } from './drivers/windows-raw'
import type { PrinterDriver } from './printer-driver'

export interface DriverDeps {
  /**
   * The PDF driver needs Electron, which the core never imports: the Electron entry passes
   * `(config) => createElectronPdfDriver(config, ...)` here.
   */
  createPdfDriver?: (config: Extract<PrinterConfig, { driver: 'pdf' }>) => PrinterDriver
  /** Overrides for tests and slow networks; every driver has sensible defaults. */
  timeouts?: { connectMs?: number; sendMs?: number; statusMs?: number }
  /** The PowerShell the Windows driver runs (a stand-in in tests). */
  powershell?: string
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
      return createWindowsRawDriver({ id: config.id, printerName: config.printerName }, deps.timeouts, deps.powershell ? { powershell: deps.powershell } : {})
    case 'pdf':
      if (!deps.createPdfDriver) throw new Error('PDF printing needs the Electron adapter (DriverDeps.createPdfDriver)')
      return deps.createPdfDriver(config)
  }
}
