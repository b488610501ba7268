import { create } from 'zustand'
import type { HealthReport } from '../../../shared/health'
import { bench, call } from '../bench-client'
import { useAppStore } from './app-store'

interface HealthState {
  report: HealthReport | null
  checking: boolean
  /** Subscribes to 'health.changed' once and reads the last report; main pushes every new one. */
  connect(): void
  /** Asks main for a full check now; the answer comes as the next 'health.changed'. */
  checkNow(): Promise<void>
}

let connected = false

export const useHealthStore = create<HealthState>((set) => ({
  report: null,
  checking: false,
  connect: () => {
    if (connected) return
    connected = true
    bench().on('health.changed', (report) => set({ report, checking: false }))
    void call('health.get', {})
      .then((report) => set((state) => ({ report: state.report ?? report })))
      .catch((error: unknown) => useAppStore.getState().showError(error))
  },
  checkNow: async () => {
    set({ checking: true })
    try {
      await call('health.check', {})
    } catch (error) {
      set({ checking: false })
      useAppStore.getState().showError(error)
    }
  }
}))
