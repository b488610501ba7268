import { create } from 'zustand'
import type { DiagnosticsExportResult, DiagnosticsInfo, UpdateStatus } from '../../../shared/diagnostics'
import { bench, BenchCallError, call } from '../bench-client'
import { useAppStore } from './app-store'
import { useReceptionStore } from './reception-store'
import { afterPaint } from '../after-paint'

interface UpdatesState {
  status: UpdateStatus | null
  info: DiagnosticsInfo | null
  exporting: boolean
  exported: DiagnosticsExportResult | null
  /** Loads the state, follows `updates.changed` and tells main when a receive form opens or closes. */
  start(): () => void
  loadInfo(): Promise<void>
  check(): Promise<void>
  restart(): Promise<void>
  dismiss(): Promise<void>
  exportDiagnostics(includePatientData: boolean): Promise<void>
  reveal(what: 'export' | 'logs'): Promise<void>
}

let stopWatching: (() => void) | null = null
let watchers = 0

/** A receive form open is a reception in progress: main must not restart the app under it. */
const receiving = () => useReceptionStore.getState().draft !== null

export const useUpdatesStore = create<UpdatesState>((set, get) => {
  const guard = async (work: () => Promise<void>) => {
    try {
      await work()
    } catch (error) {
      useAppStore.getState().showError(error)
    }
  }
  const sendBusy = (busy: boolean) => guard(async () => set({ status: await call('updates.setBusy', { busy }) }))

  const watch = () => {
    const offEvent = bench().on('updates.changed', (status) => set({ status }))
    const offReception = useReceptionStore.subscribe((state, previous) => {
      // Sent once the form's change is painted: main needs it before a restart, not within this frame.
      if ((state.draft !== null) !== (previous.draft !== null)) afterPaint(() => void sendBusy(receiving()))
    })
    // Also after a reload: main may still hold the busy flag of the page that was replaced.
    void sendBusy(receiving())
    return () => {
      offEvent()
      offReception()
    }
  }

  return {
    status: null,
    info: null,
    exporting: false,
    exported: null,
    start: () => {
      watchers++
      if (watchers === 1) stopWatching = watch()
      return () => {
        watchers--
        if (watchers === 0) {
          stopWatching?.()
          stopWatching = null
        }
      }
    },
    loadInfo: () => guard(async () => set({ info: await call('diagnostics.info', {}) })),
    check: () => guard(async () => set({ status: await call('updates.check', {}) })),
    restart: () => guard(async () => set({ status: await call('updates.restart', {}) })),
    dismiss: () => guard(async () => set({ status: await call('updates.dismiss', {}) })),
    exportDiagnostics: async (includePatientData) => {
      if (get().exporting) return
      set({ exporting: true })
      try {
        set({ exported: await call('diagnostics.export', { includePatientData }) })
        await get().loadInfo()
      } catch (error) {
        // Closing the save dialog is a choice, not an error to show.
        if (!(error instanceof BenchCallError && error.error.code === 'cancelled')) useAppStore.getState().showError(error)
      }
      set({ exporting: false })
    },
    reveal: (what) => guard(async () => void (await call('diagnostics.reveal', { what })))
  }
})
