import { create } from 'zustand'
import type { ProtocolDetail } from '../../../shared/contract'
import type { ProtocolStatus, ProtocolSummary, ProtocolType } from '../../../shared/domain'
import { call } from '../bench-client'
import { useAppStore } from './app-store'

export const PAGE_SIZE = 100

interface ProtocolsState {
  text: string
  status: ProtocolStatus | ''
  type: ProtocolType | ''
  /** Sparse: rows are fetched page by page as the virtual list scrolls to them. */
  rows: Array<ProtocolSummary | undefined>
  total: number
  totalIsExact: boolean
  tookMs: number
  generation: number
  selectedIndex: number
  detail: ProtocolDetail | null
  setQuery(patch: Partial<Pick<ProtocolsState, 'text' | 'status' | 'type'>>): void
  search(): Promise<void>
  ensureRange(start: number, end: number): void
  select(index: number): void
  open(id: string): Promise<void>
  closeDetail(): void
}

const loadingPages = new Set<string>()

export const useProtocolsStore = create<ProtocolsState>((set, get) => {
  const fetchPage = async (page: number, generation: number): Promise<void> => {
    const key = `${generation}:${page}`
    if (loadingPages.has(key)) return
    loadingPages.add(key)
    try {
      const { text, status, type } = get()
      const result = await call('protocols.search', {
        text,
        offset: page * PAGE_SIZE,
        limit: PAGE_SIZE,
        ...(status ? { status } : {}),
        ...(type ? { type } : {})
      })
      // A newer search replaced this one while it was in flight: its rows must not land.
      if (generation !== get().generation) return
      const rows = get().rows.slice()
      result.rows.forEach((row, i) => (rows[page * PAGE_SIZE + i] = row))
      set({ rows, total: result.total, totalIsExact: result.totalIsExact, tookMs: result.tookMs })
    } catch (error) {
      useAppStore.getState().showError(error)
    } finally {
      loadingPages.delete(key)
    }
  }

  return {
    text: '',
    status: '',
    type: '',
    rows: [],
    total: 0,
    totalIsExact: true,
    tookMs: 0,
    generation: 0,
    selectedIndex: 0,
    detail: null,
    setQuery: (patch) => {
      set(patch)
      void get().search()
    },
    search: async () => {
      const generation = get().generation + 1
      set({ generation, rows: [], selectedIndex: 0 })
      await fetchPage(0, generation)
    },
    ensureRange: (start, end) => {
      const { rows, generation, total } = get()
      for (let page = Math.floor(start / PAGE_SIZE); page <= Math.floor(Math.min(end, total - 1) / PAGE_SIZE); page++) {
        if (rows[page * PAGE_SIZE] === undefined) void fetchPage(page, generation)
      }
    },
    select: (index) => set({ selectedIndex: Math.max(0, Math.min(index, get().total - 1)) }),
    open: async (id) => {
      try {
        set({ detail: await call('protocols.get', { id }) })
      } catch (error) {
        useAppStore.getState().showError(error)
      }
    },
    closeDetail: () => set({ detail: null })
  }
})
