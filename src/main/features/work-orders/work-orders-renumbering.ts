import { HandledError } from '../../platform/dispatch'
import { formatWorkOrderNumber, type WorkOrderRenumbered } from '../../../shared/work-orders'
import { numberBeforeRenumber, takeRenumber } from '../numbering/numbering-rules'
import type { DocumentCopiesRepository } from '../sync/document-copies-repository'
import type { WorkOrderRecord, WorkOrdersRepository } from './work-orders-repository'
import type { WorkOrderPdfs } from './work-orders-pdf'
import type { WorkOrderSteps } from './work-orders-steps'
import type { WorkOrdersContext } from './work-orders-service'
import { queueWorkOrderNotice } from './work-orders-notice'

/**
 * "Renumerar" a work order whose OT number the server refused (outside this bench's blocks, or
 * given to an order the server accepted first): the order gets a number the server confirmed, as
 * protocols do (reception-service.ts), in one transaction. Every version of the order carries its
 * number, so every version that carried the refused one moves with it (the first version takes
 * the new sequence; corrections carry the number alone, as at issue). Each keeps the old number as
 * an alias (the vet's copy still shows it), is audited with before/after and pushed (the first
 * version first, so the server accepts the number before a correction names it); its frozen
 * document and so its PDF (a new cache key) carry the new number, the server gets the new PDF,
 * and the veterinarian the "order issued" message again with it.
 */
export function createWorkOrderRenumbering(deps: {
  ctx: WorkOrdersContext
  repo: WorkOrdersRepository
  steps: WorkOrderSteps
  pdfs: Pick<WorkOrderPdfs, 'queue'>
  copies: Pick<DocumentCopiesRepository, 'forgetUploaded'>
}) {
  const { ctx, repo, steps, pdfs } = deps

  const carriesRefused = (version: WorkOrderRecord, previous: string) => version.number === previous || version.numberRefused !== null

  return {
    renumber(id: string): WorkOrderRenumbered {
      const actor = steps.requireClerk()
      const at = ctx.clock().toISOString()
      const { previousNumber, jobId, ids } = ctx.db.transaction(() => {
        const order = steps.requireOrder(id)
        const versions = repo.chainOf(id)
        const first = versions[0] ?? order
        const previous = numberBeforeRenumber(ctx.numbers, 'work_order', first.id, first.number)
        if (order.numberRefused === null || previous === null || first.year === null) {
          throw new HandledError('conflict', `the server did not refuse the number of work order ${order.number ?? id}`)
        }
        const year = first.year
        const seq = takeRenumber(ctx.numbers, 'OT', year)
        const number = formatWorkOrderNumber(year, seq)
        // A refused number is still carried (and becomes an alias here); one given up is an alias already.
        const old = first.seq === null ? null : { year, seq: first.seq }
        const moved = versions.filter((version) => carriesRefused(version, previous))
        let jobId: number | null = null
        for (const version of moved) {
          const before = steps.snapshot(version.id).payload
          if (old && version.number !== null) ctx.numbers.addAlias({ entity: 'work_order', entityId: version.id, series: 'OT', ...old, number: previous, at })
          const documentJson = version.documentJson === null ? null : JSON.stringify({ ...(JSON.parse(version.documentJson) as object), number })
          const isFirst = version.id === first.id
          repo.renumber(version.id, { number, year: isFirst ? year : version.year, seq: isFirst ? seq : version.seq, documentJson, at })
          steps.record('renumbered', version.id, actor, at, before)
          deps.copies.forgetUploaded('work_order', version.id)
          const queued = pdfs.queue(version.id)
          if (version.id === id) jobId = queued
          if (version.status === 'issued' && ctx.settings.get().notify.workOrderIssued) queueWorkOrderNotice(ctx.queue, version.id)
        }
        return { previousNumber: previous, jobId, ids: moved.map((version) => version.id) }
      }).immediate()
      return { ...steps.change(id, jobId, ids), previousNumber }
    }
  }
}
