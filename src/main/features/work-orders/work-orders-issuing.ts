import { HandledError } from '../../platform/dispatch'
import { newId } from '../../../shared/ids'
import { formatWorkOrderNumber, type WorkOrderChange } from '../../../shared/work-orders'
import type { WorkOrderRecord, WorkOrdersRepository } from './work-orders-repository'
import type { WorkOrderPdfs } from './work-orders-pdf'
import type { WorkOrderSteps } from './work-orders-steps'
import type { WorkOrdersContext } from './work-orders-service'
import { queueWorkOrderNotice } from './work-orders-notice'
import { takeNumber } from '../numbering/numbering-rules'

/**
 * After the draft: issuing (numbered `OT 26/0001` from the bench's OT blocks, an invoice series
 * unique and correlative lab-wide; its rendering input frozen), correcting (a new draft version that supersedes the issued one when it is issued in
 * turn) and cancelling (the end; its protocols can be billed again).
 */
export function createWorkOrderIssuing(deps: {
  ctx: WorkOrdersContext
  repo: WorkOrdersRepository
  steps: WorkOrderSteps
  pdfs: Pick<WorkOrderPdfs, 'queue' | 'documentOf'>
}) {
  const { ctx, repo, steps, pdfs } = deps

  // A correction carries the number of the order it corrects: a refused one would only be refused again.
  const requireNumberStands = (order: WorkOrderRecord) => {
    if (order.numberRefused !== null) throw new HandledError('renumber_first', `the server refused the number of work order ${order.number ?? order.id}; renumber it first`)
  }

  return {
    issue(input: { id: string; expectedUpdatedAt?: string | undefined }): WorkOrderChange {
      const actor = steps.requireClerk()
      const now = ctx.clock()
      const at = now.toISOString()
      const ids = [input.id]
      const jobId = ctx.db.transaction(() => {
        const order = steps.requireOrder(input.id)
        steps.requireDraft(order)
        steps.requireUnchanged(order, input.expectedUpdatedAt)
        const lines = repo.lines(order.id)
        if (lines.length === 0) throw new HandledError('work_order_empty', 'a work order needs at least one line to be issued')
        for (const protocolId of new Set(lines.flatMap((line) => (line.protocolId ? [line.protocolId] : [])))) {
          if (!repo.billableProtocol(protocolId)) throw new HandledError('protocol_not_billable', `protocol ${protocolId} can no longer be billed (rejected or voided)`)
          const billed = repo.billedElsewhere(protocolId, order.id)
          if (billed) throw new HandledError('protocol_billed_elsewhere', `protocol ${billed} is already on another issued work order`, { number: billed })
        }
        const before = steps.snapshot(order.id).payload
        let year: number | null = null
        let seq: number | null = null
        let number = order.number
        if (order.supersedesId === null || number === null) {
          year = now.getFullYear()
          // A demo order takes a demo number; a real one a number the server leased or a typed range.
          seq = takeNumber(ctx.numbers, 'OT', year, order.demo ? 'demo' : 'live', at)
          number = formatWorkOrderNumber(year, seq)
        }
        const issued: WorkOrderRecord = { ...order, number, year, seq, status: 'issued', issuedAt: at, issuedBy: actor, updatedAt: at }
        const documentJson = JSON.stringify(pdfs.documentOf(issued, lines))
        if (!repo.issue(order.id, { number, year, seq, at, actor, documentJson })) throw new HandledError('conflict', `work order ${order.id} changed meanwhile`)
        steps.record('issued', order.id, actor, at, before)
        if (order.supersedesId !== null) {
          const previous = steps.requireOrder(order.supersedesId)
          requireNumberStands(previous)
          const previousBefore = steps.snapshot(previous.id).payload
          if (!repo.cancel(previous.id, { at, reason: `superseded by version ${order.version}`, supersededById: order.id })) {
            throw new HandledError('correction_target_not_issued', `the order this version corrects is no longer issued`)
          }
          steps.record('superseded', previous.id, actor, at, previousBefore)
          ids.push(previous.id)
        }
        // Decided when the order is issued: a later change of the switch does not stop this one.
        if (ctx.settings.get().notify.workOrderIssued) queueWorkOrderNotice(ctx.queue, order.id)
        return pdfs.queue(order.id)
      })()
      return steps.change(input.id, jobId, ids)
    },

    correct(id: string): WorkOrderChange {
      const actor = steps.requireClerk()
      const at = ctx.clock().toISOString()
      const { correctionId, jobId } = ctx.db.transaction(() => {
        const order = steps.requireOrder(id)
        if (order.status !== 'issued') throw new HandledError(order.status === 'draft' ? 'conflict' : 'immutable', `only an issued work order can be corrected (this one is ${order.status})`)
        const open = repo.openCorrectionOf(id)
        if (open) return { correctionId: open, jobId: null }
        requireNumberStands(order)
        const next = newId()
        repo.insert({ id: next, number: order.number, veterinarianId: order.veterinarianId, version: order.version + 1, supersedesId: order.id, discountPercent: order.discountPercent, notes: order.notes, locale: order.locale, createdBy: actor, demo: order.demo, at })
        // The lines exactly as issued (prices included): a correction starts from what the vet got.
        repo.replaceLines(next, repo.lines(id).map((line) => ({ ...line, id: newId() })))
        steps.record('corrected', next, actor, at, undefined)
        return { correctionId: next, jobId: pdfs.queue(next) }
      })()
      return steps.change(correctionId, jobId)
    },

    cancel(input: { id: string; reason: string }): WorkOrderChange {
      const actor = steps.requireClerk()
      const at = ctx.clock().toISOString()
      const jobId = ctx.db.transaction(() => {
        const order = steps.requireOrder(input.id)
        if (order.status !== 'issued') throw new HandledError(order.status === 'draft' ? 'conflict' : 'immutable', `only an issued work order can be cancelled (this one is ${order.status})`)
        const before = steps.snapshot(order.id).payload
        repo.cancel(order.id, { at, reason: input.reason, supersededById: null })
        steps.record('cancelled', order.id, actor, at, before)
        return pdfs.queue(order.id)
      })()
      return steps.change(input.id, jobId)
    }
  }
}
