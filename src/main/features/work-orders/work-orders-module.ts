/**
 * Work orders: what the lab bills a veterinarian for received protocols. Owns the `work_orders`,
 * `work_order_lines` and `services` (the price list) tables and the `workOrders.*` requests:
 * drafts, issuing with an `OT` number, corrections as new versions, cancelling, and each order's
 * PDF. Its service is handed out too, so bulk assignment writes drafts through the same rules.
 *
 * It also builds the artifact cache of rendered documents and registers here, once for every
 * kind of document, the cache's jobs (`artifacts.render`, `artifacts.prune`) and the viewer's
 * requests (`documents.*`).
 */
import type { HostModule, Platform } from '../../platform/module'
import { createWorkOrdersRepository } from './work-orders-repository'
import { artifactJobKinds, artifactSchedules, createArtifactCache } from '../artifacts/artifact-cache'
import { createWorkOrdersService, type WorkOrdersContext, type WorkOrdersService } from './work-orders-service'
import { createDocumentRequests } from './work-orders-document-requests'
import { createWorkOrderPdfs } from './work-orders-pdf'
import { WORK_ORDER_NOTIFY, workOrderNoticeJobKind } from './work-orders-notice'
import type { NotificationsService } from '../notifications/notifications-service'
import { HandledError } from '../../platform/dispatch'
import { createDocumentCopiesRepository } from '../sync/document-copies-repository'
import { createWorkOrderSync } from './work-orders-sync'

export interface WorkOrdersDeps extends WorkOrdersContext, Pick<Platform, 'dataDir' | 'pool' | 'log' | 'ports' | 'disk'> {
  language: () => 'es' | 'en'
  /** Writes the "work order issued" message once the order's PDF exists. */
  notifications: NotificationsService
}

export function createWorkOrdersModule(
  ctx: WorkOrdersDeps
): HostModule & { readonly service: WorkOrdersService; readonly sync: ReturnType<typeof createWorkOrderSync> } {
  const cache = createArtifactCache({
    db: ctx.db,
    dataDir: ctx.dataDir,
    clock: ctx.clock,
    workers: ctx.pool,
    onStored: (artifact) => ctx.emit('artifacts.stored', artifact),
    log: ctx.log,
    disk: ctx.disk
  })
  const repo = createWorkOrdersRepository(ctx.db)
  const copies = createDocumentCopiesRepository(ctx.db)
  const service = createWorkOrdersService({ ctx, repo, cache, copies, locale: ctx.language })
  // What sync needs of work orders: the applier of pulled orders and where their PDFs are.
  const sync = createWorkOrderSync({ db: ctx.db, repo, cache, copies, outbox: ctx.outbox, numbers: ctx.numbers })
  /** An order made at another bench is that bench's (and the lab's) to correct or cancel. */
  const ownedHere = (id: string) => {
    if (copies.isElsewhere('work_order', id)) throw new HandledError('document_read_only', `work order ${id} was issued at another bench; it is read-only here`)
  }
  const pdfs = createWorkOrderPdfs({ ctx, repo, cache })
  const notice = workOrderNoticeJobKind({ ctx, repo, pdfs, cache, notifications: ctx.notifications })
  return {
    name: 'work-orders',
    service,
    sync,
    handlers: {
      'workOrders.list': (filter) => ({ rows: service.list(filter) }),
      'workOrders.pending': () => service.pending(),
      'workOrders.get': ({ id }) => service.get(id),
      'workOrders.priceList': () => ({ services: ctx.services.list(), source: ctx.services.source() }),
      'workOrders.candidates': ({ veterinarianId, workOrderId }) => service.candidates(veterinarianId, workOrderId),
      'workOrders.create': (input) => service.create(input),
      'workOrders.save': (input) => service.save(input),
      'workOrders.issue': (input) => service.issue(input),
      'workOrders.correct': ({ id }) => {
        ownedHere(id)
        return service.correct(id)
      },
      'workOrders.cancel': (input) => {
        ownedHere(input.id)
        return service.cancel(input)
      },
      'workOrders.renumber': ({ id }) => {
        ownedHere(id)
        return service.renumber(id)
      },
      'workOrders.discard': ({ id }) => service.discard(id),
      'workOrders.pdf': ({ id }) => service.pdf(id),
      ...createDocumentRequests(ctx, cache)
    },
    jobKinds: { ...artifactJobKinds(cache), [WORK_ORDER_NOTIFY]: notice },
    schedules: artifactSchedules()
  }
}
