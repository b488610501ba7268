import { create } from 'zustand'
import type { BulkBatchView, BulkItemView, BulkStatusTarget } from '../../../shared/bulk'
import type { WorkOrderSummary } from '../../../shared/work-orders'
import { bench, call } from '../bench-client'
import { useAppStore } from './app-store'
import { useProtocolsStore } from './protocols-store'

export type BulkRequest =
  | { action: 'receive' }
  | { action: 'reprint' }
  | { action: 'status'; status: BulkStatusTarget }
  | { action: 'assignWorkOrder'; workOrderId: string }

/** Failed items shown under a finished batch; the rest are counted, not listed. */
export const FAILURES_SHOWN = 50

interface BulkState {
  /** The batch on screen: the last one started here, or its undo. */
  batch: BulkBatchView | null
  failures: BulkItemView[]
  busy: boolean
  /** Draft work orders a selection can be assigned to, by veterinarian. */
  drafts: WorkOrderSummary[]
  loadDrafts(): Promise<void>
  start(request: BulkRequest): Promise<void>
  retry(protocolIds?: string[]): Promise<void>
  undo(): Promise<void>
  cancel(): Promise<void>
  dismiss(): void
  /** Puts a batch on screen (from a notice that it ended): its counts and its failures. */
  open(batchId: string): Promise<void>
  /** Listens to `bulk.changed` (once per window). */
  connect(): void
}

/** At most this often the batch on screen is re-rendered, whatever main sends. */
const RENDER_INTERVAL_MS = 250
let connected = false
let latest: BulkBatchView | null = null
let renderTimer: ReturnType<typeof setTimeout> | null = null

export const useBulkStore = create<BulkState>((set, get) => {
  const act = async (work: () => Promise<BulkBatchView | void>) => {
    if (get().busy) return
    set({ busy: true })
    try {
      const batch = await work()
      if (batch) show(batch)
    } catch (error) {
      useAppStore.getState().showError(error)
    } finally {
      set({ busy: false })
    }
  }

  const loadFailures = async (batch: BulkBatchView) => {
    try {
      const page = await call('bulk.items', { batchId: batch.id, outcome: 'failed', limit: FAILURES_SHOWN })
      const unavailable = page.rows.length < FAILURES_SHOWN ? await call('bulk.items', { batchId: batch.id, outcome: 'unavailable', limit: FAILURES_SHOWN - page.rows.length }) : { rows: [] }
      if (get().batch?.id === batch.id) set({ failures: [...page.rows, ...unavailable.rows] })
    } catch (error) {
      useAppStore.getState().showError(error)
    }
  }

  const show = (batch: BulkBatchView) => {
    const finished = batch.state === 'done' || batch.state === 'cancelled'
    set({ batch, ...(finished ? {} : { failures: [] }) })
    if (finished) void loadFailures(batch)
  }

  const render = () => {
    renderTimer = null
    const view = latest
    latest = null
    if (view && get().batch?.id === view.id) show(view)
  }

  return {
    batch: null,
    failures: [],
    busy: false,
    drafts: [],
    loadDrafts: async () => {
      try {
        const { rows } = await call('workOrders.list', { status: 'draft', limit: 1000 })
        set({ drafts: rows.toSorted((a, b) => a.veterinarianName.localeCompare(b.veterinarianName) || b.updatedAt.localeCompare(a.updatedAt)) })
      } catch (error) {
        useAppStore.getState().showError(error)
      }
    },
    start: (request) =>
      act(async () => {
        const protocols = useProtocolsStore.getState()
        const selection = protocols.allMatching ? { query: protocols.filter() } : { ids: [...protocols.checked] }
        const batch = await call('bulk.start', { ...request, selection })
        protocols.clearChecked()
        return batch
      }),
    retry: (protocolIds) =>
      act(async () => {
        const batch = get().batch
        if (batch) return call('bulk.retry', { batchId: batch.id, ...(protocolIds ? { protocolIds } : {}) })
      }),
    undo: () =>
      act(async () => {
        const batch = get().batch
        if (batch) return call('bulk.undo', { batchId: batch.id })
      }),
    cancel: () =>
      act(async () => {
        const batch = get().batch
        if (batch) return call('bulk.cancel', { batchId: batch.id })
      }),
    dismiss: () => set({ batch: null, failures: [] }),
    open: async (batchId) => show(await call('bulk.get', { batchId })),
    connect: () => {
      if (connected) return
      connected = true
      bench().on('bulk.changed', (view) => {
        // Main already coalesces; this keeps the renderer to a few updates a second regardless.
        if (get().batch?.id !== view.id) return
        latest = view
        renderTimer ??= setTimeout(render, RENDER_INTERVAL_MS)
      })
    }
  }
})
