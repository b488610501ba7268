import { create } from 'zustand'
import type { EventPayload } from '../../../shared/contract'
import { base64ToBytes } from '../../../shared/artifacts'
import type { Language } from '../../../shared/languages'
import {
  isoWeekStart,
  localDateOf,
  periodRange,
  shiftDay,
  type LocalDate,
  type StatisticsPeriod,
  type StatisticsSummary
} from '../../../shared/statistics'
import { call } from '../bench-client'
import { useAppStore } from './app-store'

export interface OpenPdf {
  bytes: Uint8Array
  fileName: string
  label: string
}

interface StatisticsState {
  period: StatisticsPeriod
  /**
   * The day the clerk is looking at (today at first). It survives a switch to the week and back,
   * so Week -> Day returns to that day rather than to the week's Monday.
   */
  day: LocalDate
  /** The first day of the period shown. */
  date: LocalDate
  summary: StatisticsSummary | null
  loading: boolean
  busy: 'recompute' | 'pdf' | null
  pdf: OpenPdf | null
  load(): Promise<void>
  setPeriod(period: StatisticsPeriod): void
  setDate(date: LocalDate): void
  shift(steps: number): void
  goToday(): void
  recompute(): Promise<boolean>
  openWeeklyPdf(locale: Language): Promise<void>
  closePdf(): void
  /** Stored summaries changed (scheduled job, a recompute elsewhere): reload if ours is among them. */
  summariesChanged(change: EventPayload<'statistics.changed'>): void
  /** A protocol changed: only the period in progress can have moved. */
  protocolsChanged(): void
}

const today = () => localDateOf(new Date())
const firstDay = (period: StatisticsPeriod, date: LocalDate) => (period === 'week' ? isoWeekStart(date) : date)

/** Coalesces a burst of receptions into one reload. */
const RELOAD_DELAY_MS = 800
let reloadTimer: ReturnType<typeof setTimeout> | null = null
/** Answers of an older request (the clerk kept pressing →) are dropped. */
let generation = 0

export const useStatisticsStore = create<StatisticsState>((set, get) => {
  const move = (period: StatisticsPeriod, day: LocalDate) => {
    set({ period, day, date: firstDay(period, day) })
    void get().load()
  }
  const initialDay = today()
  return {
    period: 'week',
    day: initialDay,
    date: firstDay('week', initialDay),
    summary: null,
    loading: false,
    busy: null,
    pdf: null,
    load: async () => {
      const mine = ++generation
      const { period, date } = get()
      set({ loading: true })
      try {
        const summary = await call('statistics.get', { period, date })
        if (mine === generation) set({ summary, loading: false })
      } catch (error) {
        if (mine === generation) set({ loading: false })
        useAppStore.getState().showError(error)
      }
    },
    setPeriod: (period) => move(period, get().day),
    setDate: (day) => move(get().period, day),
    shift: (steps) => move(get().period, shiftDay(get().period, get().day, steps)),
    goToday: () => move(get().period, today()),
    recompute: async () => {
      const { period, date } = get()
      set({ busy: 'recompute' })
      try {
        const summary = await call('statistics.recompute', { period, date })
        if (get().period === period && get().date === date) set({ summary })
        return true
      } catch (error) {
        useAppStore.getState().showError(error)
        return false
      } finally {
        set({ busy: null })
      }
    },
    openWeeklyPdf: async (locale) => {
      set({ busy: 'pdf' })
      try {
        const { date } = get()
        const { pdfBase64, fileName } = await call('statistics.weeklyPdf', { date, locale })
        set({ pdf: { bytes: base64ToBytes(pdfBase64), fileName, label: periodRange('week', date).label } })
      } catch (error) {
        useAppStore.getState().showError(error)
      } finally {
        set({ busy: null })
      }
    },
    closePdf: () => set({ pdf: null }),
    summariesChanged: (change) => {
      const { period, date, summary } = get()
      const days = periodRange(period, date).days
      const touched = change.periods.some((entry) => (entry.period === period && entry.start === date) || (period === 'week' && entry.period === 'day' && days.includes(entry.start)))
      if (touched && summary) void get().load()
    },
    protocolsChanged: () => {
      const summary = get().summary
      if (!summary || summary.complete || reloadTimer !== null) return
      reloadTimer = setTimeout(() => {
        reloadTimer = null
        void get().load()
      }, RELOAD_DELAY_MS)
    }
  }
})
