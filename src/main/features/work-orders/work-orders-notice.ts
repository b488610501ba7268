import { z } from 'zod'
import { defineJobKind } from '../../platform/queue/job-kinds'
import type { ArtifactCache } from '../artifacts/artifact-cache'
import type { NotificationsService } from '../notifications/notifications-service'
import type { WorkOrdersRepository } from './work-orders-repository'
import type { WorkOrderPdfs } from './work-orders-pdf'
import { workOrderFileName, workOrderRender } from './work-orders-document'
import type { WorkOrdersContext } from './work-orders-service'

export const WORK_ORDER_NOTIFY = 'work_order.notify'

/** Queues the message of an issued order (inside the issuing transaction, or to send it again). */
export function queueWorkOrderNotice(queue: Pick<WorkOrdersContext['queue'], 'enqueue'>, workOrderId: string): number {
  return queue.enqueue(WORK_ORDER_NOTIFY, { workOrderId }, { uniqueKey: `${WORK_ORDER_NOTIFY}:${workOrderId}` }).job.id
}

/**
 * "Orden de trabajo emitida" to the veterinarian, with the order's PDF. Queued in the issuing
 * transaction, so an issued order always gets its message; the PDF is rendered (or read from the
 * artifact cache) in a worker, and the message with its outbox row is written when the job
 * succeeds, in the transaction that marks it done: once, even if an attempt was cut short. The
 * server's mailer sends it and retries; a failed one is sent again by queueing this job again.
 */
export function workOrderNoticeJobKind(deps: {
  ctx: Pick<WorkOrdersContext, 'clock'>
  repo: Pick<WorkOrdersRepository, 'get' | 'lines'>
  pdfs: Pick<WorkOrderPdfs, 'documentOf'>
  cache: Pick<ArtifactCache, 'getOrRender' | 'lookup'>
  notifications: Pick<NotificationsService, 'queueWorkOrderIssued'>
}) {
  return defineJobKind({
    payload: z.object({ workOrderId: z.string() }),
    priority: 60,
    maxAttempts: 5,
    timeoutMs: 120_000,
    async run(job) {
      const order = deps.repo.get(job.payload.workOrderId)
      // Cancelled or superseded before the message went out: the veterinarian gets the one that stands.
      if (!order || order.status !== 'issued' || order.number === null) return { artifactKey: null }
      const render = workOrderRender(deps.pdfs.documentOf(order, deps.repo.lines(order.id)))
      const stored = await deps.cache.getOrRender(render.kind, render.input, render.templateVersion, job.workers)
      return { artifactKey: stored.key }
    },
    commit({ payload, result }) {
      if (result.artifactKey === null) return
      const order = deps.repo.get(payload.workOrderId)
      if (!order || order.status !== 'issued' || order.number === null) return
      const pdf = deps.cache.lookup(result.artifactKey)
      if (!pdf) throw new Error(`the PDF of work order ${order.number} went missing before its message was written`)
      deps.notifications.queueWorkOrderIssued({
        workOrder: { id: order.id, number: order.number, veterinarianId: order.veterinarianId, veterinarianName: order.veterinarianName },
        pdf: { filename: workOrderFileName(order), contentType: 'application/pdf', content: pdf },
        at: deps.ctx.clock().toISOString()
      })
    }
  })
}
