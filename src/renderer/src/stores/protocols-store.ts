import { create } from 'zustand'
import type { ProtocolDetail } from '../../../shared/protocols'
import type { ProtocolStatus, ProtocolSummary, ProtocolType } from '../../../shared/domain'
import type { ProtocolFilter } from '../../../shared/exports'
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
  /** Protocols changed while the list was not on screen: the next visit searches again. */
  stale: boolean
  selectedIndex: number
  detail: ProtocolDetail | null
  /** Rows checked for a bulk action, by protocol id (kept across scrolling and refreshes). */
  checked: ReadonlySet<string>
  /** Everything the current search matches is checked, loaded or not. */
  allMatching: boolean
  /** Where a shift-click range starts. */
  anchor: number | null
  setQuery(patch: Partial<Pick<ProtocolsState, 'text' | 'status' | 'type'>>): void
  /** Runs the search again; the same query keeps its rows on screen until the new ones arrive. */
  search(): Promise<void>
  /**
   * Something changed protocols in main. The list searches again at once only while it is on
   * screen (`showing`); otherwise it is marked stale and searched on the next visit, so a receive
   * at the Reception page does not send a list search (200,000 rows) behind its own answer.
   */
  protocolsChanged(showing: boolean): void
  ensureRange(start: number, end: number): void
  select(index: number): void
  open(id: string): Promise<void>
  closeDetail(): void
  /** Checks or unchecks row `index`; with `range`, every loaded row from the anchor to it. */
  toggleChecked(index: number, range?: boolean): void
  checkAllMatching(): void
  clearChecked(): void
  /** The search as a bulk action or an export sees it. */
  filter(): ProtocolFilter
}

const loadingPages = new Set<string>()
const queryKey = (state: Pick<ProtocolsState, 'text' | 'status' | 'type'>) => JSON.stringify([state.text, state.status, state.type])
let searchedKey = ''

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
    stale: false,
    selectedIndex: 0,
    detail: null,
    checked: new Set(),
    allMatching: false,
    anchor: null,
    setQuery: (patch) => {
      set(patch)
      void get().search()
    },
    search: async () => {
      const generation = get().generation + 1
      const key = queryKey(get())
      if (key === searchedKey && generation > 1) {
        // A refresh (something changed in main): keep what is on screen and the place in the list.
        set({ generation, stale: false })
        const loaded = new Set<number>()
        get().rows.forEach((row, index) => row && loaded.add(Math.floor(index / PAGE_SIZE)))
        if (loaded.size === 0) loaded.add(0)
        await Promise.all([...loaded].map((page) => fetchPage(page, generation)))
        return
      }
      searchedKey = key
      // Another search means another set of rows: a selection made for the old one would surprise.
      set({ generation, stale: false, rows: [], selectedIndex: 0, checked: new Set(), allMatching: false, anchor: null })
      await fetchPage(0, generation)
    },
    protocolsChanged: (showing) => {
      if (showing) void get().search()
      // Never searched yet: the first visit searches anyway.
      else if (get().generation > 0) set({ stale: true })
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
    closeDetail: () => set({ detail: null }),
    toggleChecked: (index, range = false) => {
      const { rows, checked, anchor, allMatching } = get()
      const row = rows[index]
      if (!row) return
      // Unchecking one row out of "all matching" turns it into the loaded rows minus that one.
      const next = new Set(allMatching ? rows.flatMap((r) => (r ? [r.id] : [])) : checked)
      const on = !next.has(row.id)
      const from = range && anchor !== null ? Math.min(anchor, index) : index
      const to = range && anchor !== null ? Math.max(anchor, index) : index
      for (let i = from; i <= to; i++) {
        const id = rows[i]?.id
        if (id) {
          if (on) next.add(id)
          else next.delete(id)
        }
      }
      set({ checked: next, allMatching: false, anchor: index })
    },
    checkAllMatching: () => set({ allMatching: true, checked: new Set(), anchor: null }),
    clearChecked: () => set({ allMatching: false, checked: new Set(), anchor: null }),
    filter: () => {
      const { text, status, type } = get()
      return { text, ...(status ? { status } : {}), ...(type ? { type } : {}) }
    }
  }
})
