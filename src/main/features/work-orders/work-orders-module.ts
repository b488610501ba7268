import type { HostModule, Platform } from '../../platform/module'
import { createWorkOrdersRepository } from './work-orders-repository'
import { artifactJobKinds, artifactSchedules, createArtifactCache } from '../artifacts/artifact-cache'
import { createWorkOrdersService, type WorkOrdersContext, type WorkOrdersService } from './work-orders-service'
import { createDocumentRequests } from './work-orders-document-requests'

/**
 * Work orders and the artifact cache of rendered documents. The cache's jobs (`artifacts.render`,
 * `artifacts.prune`) and the viewer's requests (`documents.*`) are registered here, once, for
 * every kind of document.
 */
/** Also hands out its service, so bulk assignment writes drafts through the same one. */
export interface WorkOrdersDeps extends WorkOrdersContext, Pick<Platform, 'dataDir' | 'pool' | 'log' | 'ports'> {
  language: () => 'es' | 'en'
}

export function createWorkOrdersModule(ctx: WorkOrdersDeps): HostModule & { readonly service: WorkOrdersService } {
  const cache = createArtifactCache({
    db: ctx.db,
    dataDir: ctx.dataDir,
    clock: ctx.clock,
    workers: ctx.pool,
    onStored: (artifact) => ctx.emit('artifacts.stored', artifact),
    log: ctx.log
  })
  const service = createWorkOrdersService({
    ctx,
    repo: createWorkOrdersRepository(ctx.db),
    cache,
    locale: ctx.language
  })
  return {
    name: 'work-orders',
    service,
    handlers: {
      'workOrders.list': (filter) => ({ rows: service.list(filter) }),
      'workOrders.pending': () => service.pending(),
      'workOrders.get': ({ id }) => service.get(id),
      'workOrders.candidates': ({ veterinarianId, workOrderId }) => service.candidates(veterinarianId, workOrderId),
      'workOrders.create': (input) => service.create(input),
      'workOrders.save': (input) => service.save(input),
      'workOrders.issue': (input) => service.issue(input),
      'workOrders.correct': ({ id }) => service.correct(id),
      'workOrders.cancel': (input) => service.cancel(input),
      'workOrders.discard': ({ id }) => service.discard(id),
      'workOrders.pdf': ({ id }) => service.pdf(id),
      ...createDocumentRequests(ctx, cache)
    },
    jobKinds: artifactJobKinds(cache),
    schedules: artifactSchedules()
  }
}
