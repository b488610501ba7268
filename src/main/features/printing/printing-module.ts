/**
 * The printing feature owns labels from protocol to paper: the label job (ZPL/TSPL built here,
 * PDF in a worker), the stored bytes that make reprints byte-identical, the printer drivers
 * (TCP 9100, CUPS raw, Windows raw, Electron PDF) and the Settings page's printer requests. Other
 * features queue labels through its `LabelQueue` port, inside their own transactions.
 */
import { jobKeys } from '../../../shared/job-subjects'
import type { Protocol } from '../../../shared/domain'
import { DEFAULT_LABEL_SETTINGS } from '../../../shared/label-settings'
import type { PrinterConfig } from '../../../shared/printer-config'
import { HandledError } from '../../platform/dispatch'
import type { BenchSession, HostModule, Platform } from '../../platform/module'
import type { ProtocolsRepository } from '../protocols/protocols-repository'
import type { SettingsService } from '../settings/settings-service'
import { createDriver, type DriverDeps } from './driver'
import type { PrinterDriver, PrinterStatus } from './printer-driver'
import { discoverCupsQueues } from './drivers/cups-raw'
import { ContainerOutOfRange, labelContentHash, labelContentOf, labelContentsOf } from './label-content'
import { buildLabelBytes, labelJobKind, labelRunOf, LABEL_PRINT, type FollowTiming, type LabelJobPayload } from './label-job'
import { createLabelsRepository } from './labels-repository'
import { createLabelDeliveriesRepository } from './label-deliveries-repository'
import { printerJobCode } from '../../../shared/error-codes'
import { isHeldReason, PrinterError } from './printer-driver'

/** How other features get a label printed; every call nests in the caller's transaction. */
export interface LabelQueue {
  /** The label a receive queues: one per protocol while it waits, whoever asks. */
  forReceived(protocol: Protocol): number
  /** A fresh label for a corrected protocol, only when what the label shows changed; null when none. */
  forCorrection(before: Protocol, after: Protocol): number | null
  /**
   * A reprint: audited, and queued under its own key so a reprint asked while the first label
   * prints is a second label, but pressing Reprint twice while one waits does not make two.
   * With `container` only that container's label (`2/3`) is printed again; without it, what a
   * receive prints (one label, or one per container when the settings say so).
   */
  reprint(protocolId: string, actor: string, container?: number): { jobId: number }
}

export interface PrintingDeps extends Pick<Platform, 'db' | 'clock' | 'audit' | 'pool' | 'queue'> {
  protocols: ProtocolsRepository
  settings: SettingsService
  session: Pick<BenchSession, 'actor'>
  /** What only the Electron shell can provide (silent PDF printing); tests shorten timeouts here. */
  printing?: Pick<DriverDeps, 'createPdfDriver' | 'timeouts' | 'powershell'> | undefined
  /** How a sent label is followed until it is out (tests shorten the waits). */
  labelFollow?: Partial<FollowTiming> | undefined
}

export function createPrintingModule(
  deps: PrintingDeps
): HostModule & { readonly labels: LabelQueue; printerHealth(): Promise<{ name: string; status: PrinterStatus } | null> } {
  const { db, clock, audit, pool, queue, protocols, settings } = deps
  const stored = createLabelsRepository(db)
  const deliveries = createLabelDeliveriesRepository(db)
  const drivers = new Map<string, PrinterDriver>()
  const inTransaction = db.transaction((write: () => unknown) => write())
  // One driver per distinct configuration: a changed printer setup gets a fresh driver.
  const driverFor = (config: PrinterConfig): PrinterDriver => {
    const key = JSON.stringify(config)
    let driver = drivers.get(key)
    if (!driver) {
      driver = createDriver(config, { ...deps.printing })
      drivers.set(key, driver)
    }
    return driver
  }
  const configuredPrinter = (): PrinterConfig => {
    const printer = settings.get().printer
    if (!printer) throw new HandledError('no_printer', 'no label printer is configured')
    return printer
  }

  // The setting is read when the labels are queued: a job prints what was asked for then.
  const runPayload = (protocolId: string): LabelJobPayload =>
    settings.get().labelPerContainer ? { protocolId, perContainer: true } : { protocolId }

  const labels: LabelQueue = {
    forReceived: (protocol) => queue.enqueue(LABEL_PRINT, runPayload(protocol.id), { uniqueKey: jobKeys.labelReceived(protocol.id) }).job.id,
    forCorrection(before, after) {
      const printer = settings.get().printer
      if (!printer) return null
      const baseUrl = settings.get().publicBaseUrl
      const payload = runPayload(after.id)
      const run = labelRunOf(payload)
      const hash = labelContentHash(labelContentsOf(after, baseUrl, run), printer)
      if (hash === labelContentHash(labelContentsOf(before, baseUrl, run), printer)) return null
      // The key names the new content: saving the same correction twice prints it once.
      return queue.enqueue(LABEL_PRINT, payload, { uniqueKey: jobKeys.labelCorrected(after.id, hash) }).job.id
    },
    reprint(protocolId, actor, container) {
      const protocol = protocols.get(protocolId)
      if (!protocol) throw new HandledError('not_found', `protocol ${protocolId} not found`)
      if (!protocol.number) throw new HandledError('no_number_no_label', 'a protocol without a number has no label')
      const count = protocol.sample.containers.length
      if (container !== undefined && (container < 1 || container > count)) {
        throw new HandledError('container_out_of_range', new ContainerOutOfRange(container, count).message, { count })
      }
      configuredPrinter()
      const at = clock().toISOString()
      const payload: LabelJobPayload = container === undefined ? runPayload(protocolId) : { protocolId, container }
      const jobId = db.transaction(() => {
        audit.append({
          at,
          actor,
          action: 'protocol.label_reprinted',
          entity: 'protocol',
          entityId: protocolId,
          ...(container === undefined ? {} : { after: { container, count } })
        })
        return queue.enqueue(LABEL_PRINT, payload, { uniqueKey: jobKeys.labelReprint(protocolId, container) }).job.id
      })()
      return { jobId }
    }
  }

  return {
    name: 'printing',
    labels,
    /** The configured printer and what it answers now (health); null when none is configured. */
    async printerHealth() {
      const printer = settings.get().printer
      if (!printer) return null
      return { name: printer.name, status: await driverFor(printer).status() }
    },
    jobKinds: {
      [LABEL_PRINT]: labelJobKind({
        protocol: (id) => protocols.get(id),
        printer: () => settings.get().printer,
        publicBaseUrl: () => settings.get().publicBaseUrl,
        driverFor,
        labels: stored,
        deliveries,
        transaction: <T>(write: () => T) => inTransaction(write) as T,
        clock,
        ...(deps.labelFollow ? { follow: deps.labelFollow } : {})
      })
    },
    handlers: {
      'labels.reprint': ({ protocolId, container }) => labels.reprint(protocolId, deps.session.actor(), container),
      'labels.preview': async ({ protocolId }) => {
        const protocol = protocols.get(protocolId)
        if (!protocol?.number) throw new HandledError('not_found', 'no label for this protocol')
        const label = settings.get().printer?.label ?? DEFAULT_LABEL_SETTINGS
        const pdf = (await pool.run('label.pdf', { content: labelContentOf(protocol, settings.get().publicBaseUrl), settings: label })) as Uint8Array
        return { pdfBase64: Buffer.from(pdf).toString('base64') }
      },
      'printers.status': async () => driverFor(configuredPrinter()).status(),
      'printers.testPrint': async ({ printer: given }) => {
        const printer = given ?? configuredPrinter()
        const content = { type: 'HP' as const, number: 'HP 00/0000', animalName: 'Prueba Ñandú', species: 'Test', publicUrl: `${settings.get().publicBaseUrl}/test` }
        const bytes = await buildLabelBytes(content, printer, pool)
        const driver = driverFor(printer)
        const signal = AbortSignal.timeout(15_000)
        // Sent as a label job sends (asked and sent on one connection where the driver can) and said
        // as it would say it: the printer's state, or why the bytes did not get there.
        let held: PrinterStatus | null = null
        try {
          if (driver.statusBeforeSend && driver.sendWhenReady) {
            const outcome = await driver.sendWhenReady(bytes, { signal, beforeBytes: () => undefined })
            if (!outcome.sent) held = outcome.status
          } else {
            const status = driver.statusBeforeSend ? await driver.status() : null
            if (status && !status.ready && isHeldReason(status.reason)) held = status
            else await driver.send(bytes, { signal })
          }
        } catch (error) {
          const reason = error instanceof PrinterError && error.code === 'unreachable' ? 'printer_unreachable' : 'printer_rejected'
          throw new HandledError('printer_test_failed', `test label not printed: ${error instanceof Error ? error.message : String(error)}`, { reason })
        }
        if (held) throw new HandledError('printer_test_failed', `test label not sent: ${held.detail ?? held.reason}`, { reason: printerJobCode(held.reason) })
        audit.append({ at: clock().toISOString(), actor: deps.session.actor('settings'), action: 'printer.test_print', entity: 'printer', entityId: printer.id })
        return { bytes: bytes.length, language: printer.language }
      },
      'printers.discover': async () => ({ cupsQueues: (await discoverCupsQueues().catch(() => [])).map((entry) => entry.queue) })
    }
  }
}
