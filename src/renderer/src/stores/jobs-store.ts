import { create } from 'zustand'
import type { JobsChanged, JobStatsData } from '../../../shared/jobs'
import type { JobErrorInfo } from '../../../shared/error-codes'
import { call } from '../bench-client'
import { useAppStore } from './app-store'

interface InlineProgress {
  percent: number
  step: string | null
  state: string
  attempts: number
  /** The technical text, for "detalles" only. */
  lastError: string | null
  /** What went wrong as a code the clerk is told in words. */
  error: JobErrorInfo | null
}

interface JobsState {
  stats: JobStatsData | null
  /** Latest known progress per job, for any page that shows a job inline ("Generando PDF… 60%"). */
  progress: Record<number, InlineProgress>
  load(): Promise<void>
  applyEvents(change: JobsChanged): void
  retry(id: number): Promise<void>
  cancel(id: number): Promise<void>
  purge(): Promise<void>
}

/** Stats are re-read at most this often while events arrive; events themselves are already coalesced by main. */
const STATS_REFRESH_MS = 1000
let refreshTimer: ReturnType<typeof setTimeout> | null = null

export const useJobsStore = create<JobsState>((set, get) => {
  const act = async (work: () => Promise<unknown>) => {
    try {
      await work()
      await get().load()
    } catch (error) {
      useAppStore.getState().showError(error)
    }
  }
  return {
    stats: null,
    progress: {},
    load: async () => {
      try {
        set({ stats: await call('jobs.stats', {}) })
      } catch (error) {
        useAppStore.getState().showError(error)
      }
    },
    applyEvents: (change) => {
      const progress = { ...get().progress }
      for (const job of change.updated) {
        progress[job.id] = {
          percent: job.progress?.percent ?? (job.state === 'succeeded' ? 100 : 0),
          step: job.progress?.step ?? null,
          state: job.state,
          attempts: job.attempts,
          lastError: job.lastError,
          error: job.error
        }
      }
      for (const entry of change.progress) {
        const known = progress[entry.id]
        progress[entry.id] = { percent: entry.progress.percent, step: entry.progress.step, state: 'running', attempts: known?.attempts ?? 1, lastError: known?.lastError ?? null, error: known?.error ?? null }
      }
      set({ progress })
      if (get().stats && refreshTimer === null) {
        refreshTimer = setTimeout(() => {
          refreshTimer = null
          void get().load()
        }, STATS_REFRESH_MS)
      }
    },
    retry: (id) => act(() => call('jobs.retry', { id })),
    cancel: (id) => act(() => call('jobs.cancel', { id })),
    purge: () => act(() => call('jobs.purgeFinished', {}))
  }
})
