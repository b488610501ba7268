import type { WorkOrderLine, WorkOrderPdf } from '../../../shared/work-orders'
import { documentVeterinarianOf } from '../../../shared/documents'
import type { WorkOrderRecord, WorkOrdersRepository } from './work-orders-repository'
import { enqueueArtifactRender, type ArtifactCache } from '../artifacts/artifact-cache'
import { workOrderDocument, workOrderFileName, workOrderRender, workOrderTitle } from './work-orders-document'
import { requireOrder } from './work-orders-steps'
import type { WorkOrdersContext } from './work-orders-service'

/** The artifact cache's owner name for an order's PDF. */
export const workOrderOwner = (id: string) => `work_order:${id}`

/**
 * An order's PDF: what it prints (frozen for issued orders, live settings and veterinarian for
 * drafts), its key in the artifact cache, and the render queued when the stored file is stale.
 */
export function createWorkOrderPdfs(deps: { ctx: WorkOrdersContext; repo: WorkOrdersRepository; cache: ArtifactCache }) {
  const { ctx, repo, cache } = deps

  const documentOf = (order: WorkOrderRecord, lines: readonly WorkOrderLine[]) => {
    const settings = order.documentJson === null ? ctx.settings.get() : null
    const vet = order.documentJson === null ? ctx.veterinarians.get(order.veterinarianId) : null
    return workOrderDocument(order, lines, {
      letterhead: settings?.letterhead ?? { name: '-', address: '', taxId: '' },
      veterinarian: documentVeterinarianOf(vet, order.veterinarianName),
      publicBaseUrl: settings?.publicBaseUrl ?? 'https://lab.example'
    })
  }

  const renderOf = (order: WorkOrderRecord, lines: readonly WorkOrderLine[]) => {
    const render = workOrderRender(documentOf(order, lines))
    return { render, key: cache.keyOf(render.kind, render.input, render.templateVersion) }
  }

  return {
    documentOf,

    /** The cache key of the order's PDF as it is now. */
    keyOf: (order: WorkOrderRecord, lines: readonly WorkOrderLine[]) => renderOf(order, lines).key,

    /** The render of the order's current PDF, queued unless on disk; its owner now refers to it. Inside the transaction. */
    queue(id: string): number | null {
      const order = requireOrder(repo, id)
      const { key, jobId } = enqueueArtifactRender(ctx.queue, cache, workOrderRender(documentOf(order, repo.lines(id))))
      cache.reference(workOrderOwner(id), key)
      return jobId
    },

    /**
     * The order's PDF. Unchanged since it was last rendered: the stored file, at once. Changed
     * (or never rendered, or pruned): one queued render whose unique key is the artifact key,
     * however many times the clerk asks while it runs.
     */
    pdf(id: string): WorkOrderPdf {
      const order = requireOrder(repo, id)
      const { render, key } = renderOf(order, repo.lines(id))
      const names = { key, fileName: workOrderFileName(order), title: workOrderTitle(order) }
      const owner = workOrderOwner(id)
      const bytes = cache.lookup(key)
      if (bytes) {
        if (cache.referenced(owner) !== key) cache.reference(owner, key)
        return { state: 'ready', ...names, pdfBase64: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('base64') }
      }
      const queued = ctx.db.transaction(() => {
        cache.reference(owner, key)
        return enqueueArtifactRender(ctx.queue, cache, render)
      })()
      return { state: 'rendering', ...names, jobId: queued.jobId }
    }
  }
}
export type WorkOrderPdfs = ReturnType<typeof createWorkOrderPdfs>
