import { create } from 'zustand'
import type { PairInput, ServerUrlInput, SyncConflictView, SyncStatus } from '../../../shared/sync-status'
import { bench, call } from '../bench-client'
import { useAppStore } from './app-store'

/** What "Renumerar" changed, as the conflicts list says it. */
export interface Renumbered {
  entity: 'protocol' | 'work_order'
  before: string
  after: string
  /** A protocol's new label went to the printer. */
  labelQueued: boolean
}

const renumberRequest = async (conflict: Pick<SyncConflictView, 'entity' | 'entityId'>): Promise<Renumbered> => {
  if (conflict.entity === 'work_order') {
    const { order, previousNumber } = await call('workOrders.renumber', { id: conflict.entityId })
    return { entity: 'work_order', before: previousNumber, after: order.number ?? '', labelQueued: false }
  }
  const { protocol, previousNumber, labelJobId } = await call('protocols.renumber', { id: conflict.entityId })
  return { entity: 'protocol', before: previousNumber, after: protocol.number ?? '', labelQueued: labelJobId !== null }
}

interface SyncStoreState {
  status: SyncStatus | null
  conflicts: SyncConflictView[]
  busy: boolean
  /** Subscribes to 'sync.status' once and loads the current status. */
  connect(): void
  loadConflicts(): Promise<void>
  pair(input: PairInput): Promise<boolean>
  /** Points the bench at another address of its server; needs the admin PIN. */
  setServerUrl(input: ServerUrlInput): Promise<boolean>
  unpair(): Promise<void>
  syncNow(): Promise<void>
  replace(): Promise<void>
  resolve(id: string): Promise<void>
  /** "Renumerar" a protocol or work order whose number the server refused; answers what changed, or undefined when refused. */
  renumber(conflict: Pick<SyncConflictView, 'entity' | 'entityId'>): Promise<Renumbered | undefined>
}

let connected = false

export const useSyncStore = create<SyncStoreState>((set, get) => {
  const act = async <T>(work: () => Promise<T>): Promise<T | undefined> => {
    set({ busy: true })
    try {
      return await work()
    } catch (error) {
      useAppStore.getState().showError(error)
      return undefined
    } finally {
      set({ busy: false })
    }
  }
  return {
    status: null,
    conflicts: [],
    busy: false,
    connect: () => {
      if (connected) return
      connected = true
      bench().on('sync.status', (status) => {
        const before = get().status
        set({ status })
        if (before && before.conflicts !== status.conflicts) void get().loadConflicts()
      })
      void call('sync.status', {})
        .then((status) => set({ status }))
        .catch((error: unknown) => useAppStore.getState().showError(error))
    },
    loadConflicts: async () => {
      const result = await act(() => call('sync.conflicts', {}))
      if (result) set({ conflicts: result.conflicts })
    },
    pair: async (input) => {
      const status = await act(() => call('sync.pair', input))
      if (status) {
        set({ status })
        // The bench now goes by the name the lab paired it under (side bar, About).
        void useAppStore.getState().loadInfo()
      }
      return status !== undefined
    },
    setServerUrl: async (input) => {
      const status = await act(() => call('sync.setServerUrl', input))
      if (status) set({ status })
      return status !== undefined
    },
    unpair: async () => {
      const status = await act(() => call('sync.unpair', {}))
      if (status) set({ status })
    },
    syncNow: async () => {
      const status = await act(() => call('sync.now', {}))
      if (status) set({ status })
    },
    replace: async () => {
      const status = await act(() => call('sync.replace', {}))
      if (status) set({ status })
    },
    resolve: async (id) => {
      await act(() => call('sync.resolveConflict', { id }))
      await get().loadConflicts()
    },
    renumber: async (conflict) => {
      const result = await act(() => renumberRequest(conflict))
      await get().loadConflicts()
      return result
    }
  }
})
