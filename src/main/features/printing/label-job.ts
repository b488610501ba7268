import { setTimeout as sleep } from 'node:timers/promises'
import { z } from 'zod'
import { defineJobKind, JobWaitingError, PermanentJobError, RetryableJobError } from '../../platform/queue/job-kinds'
import type { PrinterConfig } from '../../../shared/printer-config'
import type { Protocol } from '../../../shared/domain'
import { printerJobCode } from '../../../shared/error-codes'
import { isHeldReason, PrinterError, type PrinterDriver, type PrinterStatus } from './printer-driver'
import { buildZplLabels } from './languages/zpl'
import { buildTsplLabels } from './languages/tspl'
import { ContainerOutOfRange, labelContentHash, labelContentsOf, type LabelRun } from './label-content'
import type { LabelsRepository } from './labels-repository'
import type { LabelDeliveriesRepository, LabelDelivery } from './label-deliveries-repository'
import type { LabelContent } from '../../../shared/label-layout'
import type { JobContext, JobWorkers } from '../../platform/queue/job-kinds'

/** How a sent label is followed until it is out: polls within one attempt, then the wait between attempts. */
export interface FollowTiming {
  /** Between two questions to the printer while it is still printing. */
  pollMs: number
  /** Questions per attempt before the job waits (a busy printer) or retries (one that does not answer). */
  polls: number
  /** Between two attempts of a label waiting on the printer (paper, head, pause). */
  waitMs: number
}

export const DEFAULT_FOLLOW: FollowTiming = { pollMs: 250, polls: 20, waitMs: 2000 }

export interface LabelJobDeps {
  protocol(id: string): Protocol | null
  printer(): PrinterConfig | null
  publicBaseUrl(): string
  driverFor(config: PrinterConfig): PrinterDriver
  labels: LabelsRepository
  deliveries: LabelDeliveriesRepository
  /** Runs `write` in one database transaction (the bytes just built and `sending` commit together). */
  transaction<T>(write: () => T): T
  clock: () => Date
  follow?: Partial<FollowTiming>
}

export const LABEL_PRINT = 'label.print'

/**
 * The bytes a printer gets for one run of labels (one, or one per container, sent as one stream
 * so the run is one delivery with one fate). Raw languages are built right here (a ZPL label is a
 * few hundred bytes of text, cheaper than a round trip to a worker); PDF labels are rendered in a
 * worker, one page each.
 */
export async function buildLabelBytes(contents: LabelContent | readonly LabelContent[], printer: PrinterConfig, workers: JobWorkers): Promise<Uint8Array> {
  const labels: readonly LabelContent[] = Array.isArray(contents) ? contents : [contents as LabelContent]
  if (printer.language === 'zpl') return buildZplLabels(labels, printer.label)
  if (printer.language === 'tspl') return buildTsplLabels(labels, printer.label)
  return (await workers.run('label.pdf', { contents: labels, settings: printer.label })) as Uint8Array
}

/**
 * A label job's payload: the protocol, and which labels. Jobs queued before per-container labels
 * carry only the protocol id and print the one protocol label, as they were queued to.
 */
export const LabelJobPayload = z.object({
  protocolId: z.uuid(),
  perContainer: z.boolean().optional(),
  container: z.number().int().min(1).max(50).optional()
})
export type LabelJobPayload = z.infer<typeof LabelJobPayload>

export function labelRunOf(payload: LabelJobPayload): LabelRun {
  if (payload.container !== undefined) return { kind: 'container', index: payload.container }
  return payload.perContainer ? { kind: 'per_container' } : { kind: 'protocol' }
}

/** A driver's refusal as the queue should treat it: an unreachable printer is retried, a refusing spooler is not. */
function asJobError(error: unknown, printer: PrinterConfig): unknown {
  if (!(error instanceof PrinterError) || error.code === 'aborted') return error
  const params = { printer: printer.name }
  if (error.code === 'unreachable') return new RetryableJobError('printer_unreachable', error.message, params, { cause: error })
  if (error.retryable) return new RetryableJobError('printer_rejected', error.message, params, { cause: error })
  return new PermanentJobError(error.message, { code: 'printer_rejected', params, cause: error })
}

/**
 * Prints one protocol's label, exactly once, and counts it printed only once it is out.
 *
 * The rule, per label job:
 * 1. Before any byte leaves, the printer is asked (where asking is cheap): one out of paper, with
 *    its head open or paused gets nothing, and the job waits for it ("esperando a la impresora:
 *    sin papel") without spending an attempt. Where the driver can, the question and the label
 *    travel on one connection (`sendWhenReady`), so asking costs no second connect.
 * 2. `sending` is written before the first byte leaves, `sent` (with the spooler's job id) once
 *    the printer or spooler has them all. A send that fails before that is forgotten and tried
 *    again; nothing of it can have printed.
 * 3. From `sent` on the label is the printer's and is never sent again by this job: the job asks
 *    where it is (the printer's status over TCP, the CUPS or Windows spool job) until it is out.
 *    A printer that ran out of paper or had its head opened holds it in its buffer and prints it
 *    once cleared; meanwhile the job waits with that reason. Only then is the job succeeded.
 * 4. A job that finds its label still `sending` was cut off mid-send (the app was closed or
 *    crashed): it cannot know whether the label came out, so it fails with `label_uncertain` and
 *    the clerk checks and reprints, rather than the bench printing it a second time.
 * A printer that never tells its state keeps the label unconfirmed: the job retries the question
 * with backoff and in the end fails as `printer_unknown_state`, never as printed.
 */
export function labelJobKind(deps: LabelJobDeps) {
  const timing: FollowTiming = { ...DEFAULT_FOLLOW, ...deps.follow }

  /** Asks where a sent label is until it is out, or the job has to wait or give up. */
  async function follow(ctx: JobContext<unknown>, delivery: Extract<LabelDelivery, { state: 'sent' }>, number: string) {
    const driver = deps.driverFor(delivery.printer)
    const params = { printer: delivery.printer.name, number }
    for (let poll = 1; ; poll++) {
      ctx.signal.throwIfAborted()
      const fate = await driver.fate(delivery.receipt)
      switch (fate.state) {
        case 'printed':
          return { printer: delivery.printer.id, confirmed: fate.confirmed }
        case 'held':
          throw new JobWaitingError(printerJobCode(fate.reason), `${delivery.printer.name}: label ${number} held: ${fate.detail ?? fate.reason}`, timing.waitMs, params)
        case 'lost':
          throw new PermanentJobError(`${delivery.printer.name}: label ${number} dropped by the spooler: ${fate.detail}`, { code: 'printer_job_cancelled', params })
        case 'printing':
        case 'unknown':
          if (poll >= timing.polls) {
            if (fate.state === 'printing') throw new JobWaitingError('printer_busy', `${delivery.printer.name}: label ${number} still printing`, timing.waitMs, params)
            throw new RetryableJobError('printer_unknown_state', `${delivery.printer.name}: cannot tell whether label ${number} is out: ${fate.detail ?? 'no answer'}`, params)
          }
          await sleep(timing.pollMs, undefined, { signal: ctx.signal })
      }
    }
  }

  return defineJobKind({
    payload: LabelJobPayload,
    priority: 10,
    maxAttempts: 30,
    timeoutMs: 30_000,
    backoff: { baseMs: 2000, capMs: 60_000 },
    waitsFor: 'printer',
    async run(ctx) {
      const jobId = ctx.job.id
      const protocol = deps.protocol(ctx.payload.protocolId)
      if (!protocol) throw new PermanentJobError(`protocol ${ctx.payload.protocolId} not found`, { code: 'protocol_not_found' })
      if (!protocol.number) throw new PermanentJobError(`protocol ${protocol.id} has no number: no label without a number`, { code: 'no_number_no_label' })
      const earlier = deps.deliveries.get(jobId)
      if (earlier?.state === 'sending') {
        throw new PermanentJobError(`label ${protocol.number}: the bench stopped while sending it to ${earlier.printer.name}`, {
          code: 'label_uncertain',
          params: { printer: earlier.printer.name, number: protocol.number }
        })
      }
      if (earlier?.state === 'sent') return follow(ctx, earlier, protocol.number)

      const printer = deps.printer()
      if (!printer) throw new PermanentJobError('no label printer is configured (Settings → Printer)', { code: 'no_printer' })
      let contents
      try {
        contents = labelContentsOf(protocol, deps.publicBaseUrl(), labelRunOf(ctx.payload))
      } catch (error) {
        // The protocol was corrected to fewer containers after this reprint was asked for.
        if (!(error instanceof ContainerOutOfRange)) throw error
        throw new PermanentJobError(error.message, { code: 'container_out_of_range', params: { count: error.count, number: protocol.number } })
      }
      const hash = labelContentHash(contents, printer)
      const kept = deps.labels.find(protocol.id, hash)
      let bytes = kept
      if (!bytes) {
        ctx.progress(20, 'build')
        bytes = await buildLabelBytes(contents, printer, ctx.workers)
      }
      const built = kept ? null : bytes
      const driver = deps.driverFor(printer)
      const number = protocol.number
      const heldBack = (status: PrinterStatus) =>
        new JobWaitingError(printerJobCode(status.reason), `${printer.name}: ${status.detail ?? status.reason}; nothing sent`, timing.waitMs, {
          printer: printer.name,
          number
        })
      if (driver.statusBeforeSend && !driver.sendWhenReady) {
        const status = await driver.status()
        if (!status.ready && isHeldReason(status.reason)) throw heldBack(status)
      }
      ctx.signal.throwIfAborted()
      ctx.progress(60, 'send')
      // Bytes built by this attempt are kept in the commit that writes `sending`: one write before
      // the first byte instead of two. A printer that holds them back gets them built again next time.
      const markSending = () => {
        const at = deps.clock().toISOString()
        deps.transaction(() => {
          if (built) deps.labels.store(protocol.id, hash, printer.language, built, at)
          deps.deliveries.sending(jobId, protocol.id, printer, at)
        })
      }
      let receipt
      try {
        if (driver.statusBeforeSend && driver.sendWhenReady) {
          // Asked and sent in one exchange: `sending` is written between the answer and the first byte.
          const outcome = await driver.sendWhenReady(bytes, { signal: ctx.signal, beforeBytes: markSending })
          if (!outcome.sent) throw heldBack(outcome.status)
          receipt = outcome.receipt
        } else {
          markSending()
          receipt = await driver.send(bytes, { signal: ctx.signal })
        }
      } catch (error) {
        // Not every byte reached the printer: nothing of this label can come out, so it may be sent again.
        deps.deliveries.forget(jobId)
        throw asJobError(error, printer)
      }
      const sentAt = deps.clock().toISOString()
      deps.deliveries.sent(jobId, receipt, sentAt)
      ctx.progress(80, 'confirm')
      const outcome = await follow(ctx, { jobId, state: 'sent', printer, receipt, startedAt: sentAt, sentAt }, protocol.number)
      return { ...outcome, bytes: bytes.length, contentHash: hash, labels: contents.length }
    },
    commit({ job }) {
      deps.deliveries.forget(job.id)
    }
  })
}
