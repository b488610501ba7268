import type { HostEventListener } from '../../platform/module'
import type { BulkBatchView } from '../../../shared/bulk'

export interface CoalescedEmitterOptions {
  /** Minimum time between two `bulk.changed` of one batch. */
  batchIntervalMs?: number
  /** Minimum time between two `protocols.changed`: each one makes the list search again. */
  protocolsIntervalMs?: number
}

/**
 * Coalesces what a running batch announces, so neither the bridge nor the renderer sees one
 * event per item: a batch's view a few times a second, changed protocols about once a second,
 * and everything at once when a batch ends.
 */
export function createCoalescedEmitter(emit: HostEventListener, view: (batchId: string) => BulkBatchView | null, options: CoalescedEmitterOptions = {}) {
  const batchIntervalMs = options.batchIntervalMs ?? 250
  const protocolsIntervalMs = options.protocolsIntervalMs ?? 1000
  const dirtyBatches = new Set<string>()
  let changedIds = new Set<string>()
  let batchTimer: ReturnType<typeof setTimeout> | null = null
  let protocolsTimer: ReturnType<typeof setTimeout> | null = null

  const flushBatches = () => {
    batchTimer = null
    for (const id of dirtyBatches) {
      const current = view(id)
      if (current) emit('bulk.changed', current)
    }
    dirtyBatches.clear()
  }
  const flushProtocols = () => {
    protocolsTimer = null
    if (changedIds.size === 0) return
    const ids = [...changedIds]
    changedIds = new Set()
    emit('protocols.changed', { ids })
  }

  return {
    batch(id: string): void {
      dirtyBatches.add(id)
      batchTimer ??= setTimeout(flushBatches, batchIntervalMs)
    },
    protocols(ids: readonly string[]): void {
      for (const id of ids) changedIds.add(id)
      if (changedIds.size > 0) protocolsTimer ??= setTimeout(flushProtocols, protocolsIntervalMs)
    },
    /** Sends everything pending now (a batch ended, or the host closes). */
    flush(): void {
      if (batchTimer) clearTimeout(batchTimer)
      if (protocolsTimer) clearTimeout(protocolsTimer)
      flushBatches()
      flushProtocols()
    }
  }
}
