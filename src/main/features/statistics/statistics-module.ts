/**
 * Statistics: the Statistics page's day and week figures, their stored summaries and the weekly
 * PDF. Owns the `statistics_summaries` table, the `statistics.*` requests, the
 * `statistics.summarize` job with its nightly schedule, the `statistics.refresh` job, and the
 * statistics export source. Figures are computed from protocols; a summary computed after its
 * period ended is final until a later write touches that period (a protocol pulled by sync, a bulk
 * change, a correction, a void): triggers mark the period stale in that write's transaction and
 * `statistics.refresh` computes exactly the marked periods again.
 */
import { z } from 'zod'
import type { HostModule, Platform } from '../../platform/module'
import type { OpenPlatform } from '../../platform/platform'
import type { SettingsService } from '../settings/settings-service'
import type { Language } from '../../../shared/languages'
import { defineJobKind } from '../../platform/queue/job-kinds'
import type { ScheduleDefinition } from '../../platform/queue/scheduler'
import {
  LocalDate,
  StatisticsPeriod,
  WEEKLY_PDF_TASK,
  localDateOf,
  periodRange,
  type WeeklyStatisticsDocument
} from '../../../shared/statistics'
import type { DocumentLocale } from '../../../shared/documents'
import { statisticsServiceOf, type PeriodRef } from './statistics-service'

export const STATISTICS_SUMMARIZE = 'statistics.summarize'
export const STATISTICS_REFRESH = 'statistics.refresh'

/**
 * Shortly after midnight, so yesterday (and on Mondays last week) is summarized once it is over.
 * A run missed while the app was closed fires once at the next start and catches up every period.
 */
export const STATISTICS_SCHEDULE: ScheduleDefinition = { name: 'statistics.daily', cron: '5 0 * * *', kind: STATISTICS_SUMMARIZE, payload: {} }

/** Without a period: catch up. With one: compute that period again and replace its row. */
const SummarizePayload = z
  .object({ period: StatisticsPeriod.optional(), date: LocalDate.optional() })
  .strict()
  .refine((payload) => (payload.period === undefined) === (payload.date === undefined), 'period and date go together')

const yieldToEvents = () => new Promise((resolve) => setImmediate(resolve))

export interface StatisticsDeps extends Pick<Platform, 'db' | 'clock' | 'emit' | 'pool' | 'queue'>, Pick<OpenPlatform, 'subscribe'> {
  settings: SettingsService
  language: () => Language
}

export function createStatisticsModule(ctx: StatisticsDeps): HostModule {
  const service = statisticsServiceOf(ctx)
  const announce = (periods: PeriodRef[]) => {
    if (periods.length > 0) ctx.emit('statistics.changed', { periods })
  }

  const summarizeJob = defineJobKind({
    payload: SummarizePayload,
    priority: 500,
    maxAttempts: 3,
    timeoutMs: 5 * 60_000,
    async run({ payload, signal, progress }) {
      const targets: Array<{ ref: PeriodRef; force: boolean }> =
        payload.period && payload.date
          ? [{ ref: { period: payload.period, start: payload.date }, force: true }]
          : service.pendingCatchUp(ctx.clock()).map((ref) => ({ ref, force: false }))
      const written: PeriodRef[] = []
      for (const [index, target] of targets.entries()) {
        signal.throwIfAborted()
        written.push(service.store(target.ref, target.force))
        progress(((index + 1) / targets.length) * 100, `${target.ref.period} ${target.ref.start}`)
        // One period per turn: a long catch-up never holds the main process.
        await yieldToEvents()
      }
      announce(written)
      return { periods: written }
    }
  })

  const refreshJob = defineJobKind({
    payload: z.object({}).strict(),
    priority: 500,
    maxAttempts: 3,
    timeoutMs: 5 * 60_000,
    async run({ signal, progress }) {
      const written: PeriodRef[] = []
      // Marks made while this runs are taken too; each pass clears what it computed.
      for (let pass = 0; pass < 3; pass += 1) {
        const stale = service.stale()
        if (stale.length === 0) break
        for (const [index, ref] of stale.entries()) {
          signal.throwIfAborted()
          written.push(service.refresh(ref))
          progress(((index + 1) / stale.length) * 100, `${ref.period} ${ref.start}`)
          await yieldToEvents()
        }
      }
      announce(written)
      return { periods: written }
    }
  })

  // The marks are written by the database itself, in the transaction of whatever changed a
  // protocol; the job that clears them is queued on the next turn after any event the host sends
  // (every such change announces itself), or at start for marks left by a bench that closed first.
  let checkQueued = false
  let closed = false
  const queueRefreshIfStale = () => {
    checkQueued = false
    if (!closed && service.hasStale()) ctx.queue.enqueue(STATISTICS_REFRESH, {}, { uniqueKey: STATISTICS_REFRESH })
  }
  let unsubscribe: (() => void) | null = null

  const weeklyDocument = (date: string, locale: DocumentLocale): WeeklyStatisticsDocument => {
    const settings = ctx.settings.get()
    const summary = service.get('week', date)
    return {
      letterhead: settings.letterhead,
      summary,
      locale,
      date: localDateOf(ctx.clock()),
      verificationUrl: `${settings.publicBaseUrl.replace(/\/+$/, '')}/statistics/${summary.label}`
    }
  }

  return {
    name: 'statistics',
    handlers: {
      'statistics.get': ({ period, date }) => service.get(period, date),
      'statistics.recompute': ({ period, date }) => {
        const summary = service.recompute(period, date)
        // A week is recomputed with its days, and each of those rows was replaced too.
        const days = period === 'week' ? periodRange(period, date).days.map((start): PeriodRef => ({ period: 'day', start })) : []
        announce([{ period, start: summary.start }, ...days])
        return summary
      },
      'statistics.weeklyPdf': async ({ date, locale }) => {
        const document = weeklyDocument(date, locale ?? ctx.language())
        const bytes = (await ctx.pool.run(WEEKLY_PDF_TASK, document)) as Uint8Array
        const stem = document.locale === 'es' ? 'estadisticas' : 'statistics'
        return { pdfBase64: Buffer.from(bytes).toString('base64'), fileName: `${stem}-${document.summary.label}.pdf` }
      }
    },
    jobKinds: { [STATISTICS_SUMMARIZE]: summarizeJob, [STATISTICS_REFRESH]: refreshJob },
    schedules: [STATISTICS_SCHEDULE],
    start() {
      unsubscribe = ctx.subscribe(() => {
        if (checkQueued) return
        checkQueued = true
        setImmediate(queueRefreshIfStale)
      })
      queueRefreshIfStale()
    },
    close() {
      closed = true
      unsubscribe?.()
    }
  }
}
