import { z } from 'zod'
import { defineJobKind, PermanentJobError } from '../../platform/queue/job-kinds'
import type { PrinterConfig } from '../../../shared/printer-config'
import type { Protocol } from '../../../shared/domain'
import type { PrinterDriver } from './printer-driver'
import { buildZpl } from './languages/zpl'
import { buildTspl } from './languages/tspl'
import { labelContentHash, labelContentOf } from './label-content'
import type { LabelsRepository } from './labels-repository'
import type { LabelContent } from '../../../shared/label-layout'
import type { JobWorkers } from '../../platform/queue/job-kinds'

export interface LabelJobDeps {
  protocol(id: string): Protocol | null
  printer(): PrinterConfig | null
  publicBaseUrl(): string
  driverFor(config: PrinterConfig): PrinterDriver
  labels: LabelsRepository
  clock: () => Date
}

export const LABEL_PRINT = 'label.print'

/**
 * The bytes a printer gets for a label. Raw languages are built right here (a ZPL label is a few
 * hundred bytes of text, cheaper than a round trip to a worker); PDF labels are rendered in a worker.
 */
export async function buildLabelBytes(content: LabelContent, printer: PrinterConfig, workers: JobWorkers): Promise<Uint8Array> {
  if (printer.language === 'zpl') return buildZpl(content, printer.label)
  if (printer.language === 'tspl') return buildTspl(content, printer.label)
  return (await workers.run('label.pdf', { content, settings: printer.label })) as Uint8Array
}

/**
 * Prints one protocol's label. A printer that is off or out of paper fails the attempt and the queue retries with backoff;
 * receiving never waits for it.
 */
export function labelJobKind(deps: LabelJobDeps) {
  return defineJobKind({
    payload: z.object({ protocolId: z.uuid() }),
    priority: 10,
    maxAttempts: 30,
    timeoutMs: 30_000,
    backoff: { baseMs: 2000, capMs: 60_000 },
    waitsFor: 'printer',
    async run(ctx) {
      const protocol = deps.protocol(ctx.payload.protocolId)
      if (!protocol) throw new PermanentJobError(`protocol ${ctx.payload.protocolId} not found`)
      const printer = deps.printer()
      if (!printer) throw new PermanentJobError('no label printer is configured (Settings → Printer)')
      const content = labelContentOf(protocol, deps.publicBaseUrl())
      const hash = labelContentHash(content, printer)
      let bytes = deps.labels.find(protocol.id, hash)
      if (!bytes) {
        ctx.progress(20, 'build')
        bytes = await buildLabelBytes(content, printer, ctx.workers)
        deps.labels.store(protocol.id, hash, printer.language, bytes, deps.clock().toISOString())
      }
      ctx.progress(60, 'send')
      await deps.driverFor(printer).send(bytes, { signal: ctx.signal })
      return { printer: printer.id, bytes: bytes.length, contentHash: hash }
    }
  })
}
