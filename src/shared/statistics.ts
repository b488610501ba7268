/**
 * Statistics of the bench: daily and weekly counts (by type, species, veterinarian and clerk),
 * rejections with their reasons and the turnaround from reception to the first report. Days and
 * ISO weeks (Monday first) are the bench's local calendar: a period is named by the local date of
 * its first day, and its bounds are the local midnights around it.
 */
import { z } from 'zod'
import type { RequestDef } from './request-def'
import { DocumentLocale, Letterhead } from './documents'
import { ProtocolType } from './domain'

export const StatisticsPeriod = z.enum(['day', 'week'])
export type StatisticsPeriod = z.infer<typeof StatisticsPeriod>

/**
 * A calendar date on the bench's local calendar: `2026-01-15`. Bounded because JavaScript dates
 * read years below 100 as 19xx, and nothing the bench counts is older than 1970.
 */
export const LocalDate = z.iso.date().refine((date) => date >= '1970-01-01' && date <= '2999-12-31', 'a date between 1970 and 2999')
export type LocalDate = z.infer<typeof LocalDate>

const count = z.number().int().nonnegative()

/** One row of a breakdown: decisions taken at the bench in the period for one key. */
export const StatisticsBreakdownRow = z.object({
  key: z.string(),
  /** What to show; empty when the data carried none (a protocol synced without its clerk). */
  label: z.string(),
  received: count,
  rejected: count
})
export type StatisticsBreakdownRow = z.infer<typeof StatisticsBreakdownRow>

/** Hours from reception to the first "reported", over the protocols first reported in the period. */
export const TurnaroundFigures = z.object({
  count,
  meanHours: z.number().nullable(),
  medianHours: z.number().nullable(),
  /** Nearest-rank 90th percentile. */
  p90Hours: z.number().nullable(),
  maxHours: z.number().nullable()
})
export type TurnaroundFigures = z.infer<typeof TurnaroundFigures>

export const StatisticsSeriesPoint = z.object({
  /** A local date (`2026-01-15`) in a week; a local hour (`09`) in a day. */
  key: z.string(),
  received: count,
  rejected: count,
  reported: count
})
export type StatisticsSeriesPoint = z.infer<typeof StatisticsSeriesPoint>

export const StatisticsSummary = z.object({
  period: StatisticsPeriod,
  /** First day of the period. */
  start: LocalDate,
  /** Last day of the period (the same as `start` for a day). */
  end: LocalDate,
  /** `2026-01-15` for a day, `2026-W03` for an ISO week. */
  label: z.string(),
  totals: z.object({ received: count, rejected: count, reported: count }),
  /** Always HP then CT, zeros included. */
  byType: z.array(StatisticsBreakdownRow.extend({ key: ProtocolType, reported: count })),
  bySpecies: z.array(StatisticsBreakdownRow),
  byVeterinarian: z.array(StatisticsBreakdownRow),
  byClerk: z.array(StatisticsBreakdownRow),
  rejections: z.array(z.object({ reason: z.string(), count })),
  turnaround: TurnaroundFigures.extend({ byType: z.array(TurnaroundFigures.extend({ key: ProtocolType })) }),
  /** Days of a week, or the hours of a day that had activity. */
  series: z.array(StatisticsSeriesPoint),
  computedAt: z.string(),
  /** The period had ended when these figures were computed: they are final. */
  complete: z.boolean(),
  /** When data arriving later (sync, bulk, a correction) changed the final figures, or null. */
  changedAt: z.string().nullable()
})
export type StatisticsSummary = z.infer<typeof StatisticsSummary>

export const StatisticsQuery = z.object({ period: StatisticsPeriod, date: LocalDate }).strict()
export type StatisticsQuery = z.infer<typeof StatisticsQuery>

/** The input of the worker task `statistics.weekly_pdf`: everything the page shows, nothing to look up. */
export const WeeklyStatisticsDocument = z.object({
  letterhead: Letterhead,
  summary: StatisticsSummary.refine((summary) => summary.period === 'week', 'a weekly summary'),
  locale: DocumentLocale,
  /** The day the document was produced, printed in its header. */
  date: LocalDate,
  verificationUrl: z.url()
})
export type WeeklyStatisticsDocument = z.infer<typeof WeeklyStatisticsDocument>

export const WEEKLY_PDF_TASK = 'statistics.weekly_pdf'

export const statisticsRequests = {
  /** The figures of the day or ISO week containing `date`; closed periods come from the stored summaries. */
  'statistics.get': { input: StatisticsQuery, output: StatisticsSummary },
  /** Computes the period again from the protocols and replaces its stored summary (and its days' for a week). */
  'statistics.recompute': { input: StatisticsQuery, output: StatisticsSummary },
  /** The weekly summary of the ISO week containing `date` as a PDF (rendered in a worker). */
  'statistics.weeklyPdf': {
    input: z.object({ date: LocalDate, locale: DocumentLocale.optional() }).strict(),
    output: z.object({ pdfBase64: z.string(), fileName: z.string() })
  }
} as const satisfies Record<string, RequestDef>

export const statisticsEvents = {
  /** Stored summaries were written (the scheduled job, a recompute). */
  'statistics.changed': z.object({ periods: z.array(z.object({ period: StatisticsPeriod, start: LocalDate })) })
} as const satisfies Record<string, z.ZodType>

// ---- The local calendar ---------------------------------------------------------------------

const pad = (n: number, width = 2) => String(n).padStart(width, '0')

/** The local calendar date of an instant. */
export function localDateOf(at: Date): LocalDate {
  return `${pad(at.getFullYear(), 4)}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`
}

/** Local midnight at the start of `date`. */
export function localMidnight(date: LocalDate): Date {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number]
  return new Date(year, month - 1, day)
}

/** `date` moved by whole calendar days (a DST change makes some days 23 or 25 hours long). */
export function addDays(date: LocalDate, days: number): LocalDate {
  const midnight = localMidnight(date)
  return localDateOf(new Date(midnight.getFullYear(), midnight.getMonth(), midnight.getDate() + days))
}

/** Monday of the ISO week containing `date`. */
export function isoWeekStart(date: LocalDate): LocalDate {
  const weekday = (localMidnight(date).getDay() + 6) % 7
  return addDays(date, -weekday)
}

/** `2026-W03`: the ISO week-year is the year of the week's Thursday. */
export function isoWeekLabel(date: LocalDate): string {
  const thursday = localMidnight(addDays(isoWeekStart(date), 3))
  const dayOfYear = Math.round((thursday.getTime() - new Date(thursday.getFullYear(), 0, 1).getTime()) / 86_400_000) + 1
  // The rounding absorbs a DST hour between 1 January and the Thursday.
  return `${thursday.getFullYear()}-W${pad(Math.floor((dayOfYear - 1) / 7) + 1)}`
}

export interface PeriodRange {
  period: StatisticsPeriod
  start: LocalDate
  /** Last day, inclusive. */
  end: LocalDate
  /** First day after the period. */
  next: LocalDate
  label: string
  days: LocalDate[]
}

/** The day, or the ISO week, that contains `date`. */
export function periodRange(period: StatisticsPeriod, date: LocalDate): PeriodRange {
  if (period === 'day') return { period, start: date, end: date, next: addDays(date, 1), label: date, days: [date] }
  const start = isoWeekStart(date)
  const days = Array.from({ length: 7 }, (_, index) => addDays(start, index))
  return { period, start, end: days[6]!, next: addDays(start, 7), label: isoWeekLabel(start), days }
}

/**
 * The day in focus moved by `steps` days or weeks. A week step keeps the weekday, so stepping
 * through weeks and switching back to the day view lands on the same weekday the clerk left.
 */
export function shiftDay(period: StatisticsPeriod, day: LocalDate, steps: number): LocalDate {
  return addDays(day, period === 'day' ? steps : steps * 7)
}

/** The period's bounds as stored instants (ISO 8601 UTC): `[from, to)`. */
export function periodInstants(range: Pick<PeriodRange, 'start' | 'next'>): { from: string; to: string } {
  return { from: localMidnight(range.start).toISOString(), to: localMidnight(range.next).toISOString() }
}

/** Statistics figures are shown with one decimal for hours; null (no report yet) shows as a dash. */
export function formatHours(hours: number | null, locale: string): string {
  return hours === null ? '—' : hours.toLocaleString(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 })
}
