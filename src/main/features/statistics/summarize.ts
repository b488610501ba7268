/**
 * The arithmetic of the statistics, free of the database: a day's rows become a tally, tallies
 * of days add up to a week, and a tally becomes the figures the page, the PDF and the export show.
 * A tally keeps the raw turnaround durations, so a week's median is exact, not a median of medians.
 */
import type { ProtocolStatus, ProtocolType } from '../../../shared/domain'
import {
  type PeriodRange,
  type StatisticsBreakdownRow,
  type StatisticsSummary,
  type TurnaroundFigures
} from '../../../shared/statistics'

/** A protocol decided at the bench (received or rejected) in the period. */
export interface DecisionRow {
  type: ProtocolType
  status: ProtocolStatus
  species: string
  veterinarianId: string
  veterinarianName: string
  receivedBy: string | null
  rejectionReason: string | null
  receivedAt: string
}

/** A protocol whose first change to "reported" falls in the period. */
export interface ReportedRow {
  type: ProtocolType
  receivedAt: string
  reportedAt: string
}

interface Counted {
  label: string
  received: number
  rejected: number
}

interface Activity {
  received: number
  rejected: number
  reported: number
}

/** Plain JSON: what the summaries table keeps per period. */
export interface Tally {
  byType: Record<ProtocolType, Activity>
  bySpecies: Record<string, Counted>
  byVeterinarian: Record<string, Counted>
  byClerk: Record<string, Counted>
  rejections: Record<string, { label: string; count: number }>
  /** Milliseconds from reception to the first report, ascending. */
  turnaroundMs: Record<ProtocolType, number[]>
  series: Record<string, Activity>
}

export const TYPES: readonly ProtocolType[] = ['HP', 'CT']
const HOUR_MS = 3_600_000

const emptyActivity = (): Activity => ({ received: 0, rejected: 0, reported: 0 })

export function emptyTally(): Tally {
  return {
    byType: { HP: emptyActivity(), CT: emptyActivity() },
    bySpecies: {},
    byVeterinarian: {},
    byClerk: {},
    rejections: {},
    turnaroundMs: { HP: [], CT: [] },
    series: {}
  }
}

/** Free text typed at the bench: "Perro", "perro " and "PERRO" are one species. */
const textKey = (text: string) => text.normalize('NFC').trim().toLocaleLowerCase('es')

function countInto(map: Record<string, Counted>, key: string, label: string, rejected: boolean): void {
  const entry = (map[key] ??= { label, received: 0, rejected: 0 })
  if (rejected) entry.rejected++
  else entry.received++
}

/** A day's series is by local hour (`00`…`23`); a week's is by day (see `mergeTallies`). */
const hourKey = (at: string) => String(new Date(at).getHours()).padStart(2, '0')

export function hourKeys(): string[] {
  return Array.from({ length: 24 }, (_, hour) => String(hour).padStart(2, '0'))
}

/**
 * Tallies one day. A rejected protocol counts as rejected, every other decided protocol (later
 * processed, reported or voided) as received: the bench received it that day.
 */
export function summarize(decisions: Iterable<DecisionRow>, reported: Iterable<ReportedRow>): Tally {
  const tally = emptyTally()
  for (const key of hourKeys()) tally.series[key] = emptyActivity()
  for (const row of decisions) {
    const rejected = row.status === 'rejected'
    const field = rejected ? 'rejected' : 'received'
    tally.byType[row.type][field]++
    tally.series[hourKey(row.receivedAt)]![field]++
    countInto(tally.bySpecies, textKey(row.species), row.species.trim(), rejected)
    countInto(tally.byVeterinarian, row.veterinarianId, row.veterinarianName, rejected)
    const clerk = row.receivedBy?.trim() ?? ''
    countInto(tally.byClerk, clerk, clerk, rejected)
    if (rejected) {
      const reason = row.rejectionReason?.trim() ?? ''
      const entry = (tally.rejections[textKey(reason)] ??= { label: reason, count: 0 })
      entry.count++
    }
  }
  for (const row of reported) {
    tally.byType[row.type].reported++
    tally.series[hourKey(row.reportedAt)]!.reported++
    // A clock set wrong on some bench must not make a negative turnaround.
    tally.turnaroundMs[row.type].push(Math.max(0, Date.parse(row.reportedAt) - Date.parse(row.receivedAt)))
  }
  for (const type of TYPES) tally.turnaroundMs[type].sort((a, b) => a - b)
  return tally
}

function mergeCounted(into: Record<string, Counted>, from: Record<string, Counted>): void {
  for (const [key, entry] of Object.entries(from)) {
    const target = (into[key] ??= { label: entry.label, received: 0, rejected: 0 })
    target.received += entry.received
    target.rejected += entry.rejected
  }
}

const activityOf = (tally: Tally): Activity =>
  TYPES.reduce(
    (sum, type) => ({
      received: sum.received + tally.byType[type].received,
      rejected: sum.rejected + tally.byType[type].rejected,
      reported: sum.reported + tally.byType[type].reported
    }),
    emptyActivity()
  )

/** Adds up the tallies of consecutive periods (a week's days); the series gets one point per part. */
export function mergeTallies(parts: ReadonlyArray<{ key: string; tally: Tally }>): Tally {
  const merged = emptyTally()
  for (const { key, tally } of parts) {
    for (const type of TYPES) {
      merged.byType[type].received += tally.byType[type].received
      merged.byType[type].rejected += tally.byType[type].rejected
      merged.byType[type].reported += tally.byType[type].reported
      merged.turnaroundMs[type].push(...tally.turnaroundMs[type])
    }
    mergeCounted(merged.bySpecies, tally.bySpecies)
    mergeCounted(merged.byVeterinarian, tally.byVeterinarian)
    mergeCounted(merged.byClerk, tally.byClerk)
    for (const [reasonKey, entry] of Object.entries(tally.rejections)) {
      const target = (merged.rejections[reasonKey] ??= { label: entry.label, count: 0 })
      target.count += entry.count
    }
    merged.series[key] = activityOf(tally)
  }
  for (const type of TYPES) merged.turnaroundMs[type].sort((a, b) => a - b)
  return merged
}

/** Median of an ascending list (mean of the middle two for an even count); null when empty. */
export function median(sorted: readonly number[]): number | null {
  if (sorted.length === 0) return null
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

/** Nearest-rank percentile of an ascending list; null when empty. */
export function nearestRank(sorted: readonly number[], percent: number): number | null {
  if (sorted.length === 0) return null
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((percent / 100) * sorted.length) - 1))]!
}

const hours = (ms: number | null) => (ms === null ? null : ms / HOUR_MS)

export function turnaroundFigures(sortedMs: readonly number[]): TurnaroundFigures {
  const total = sortedMs.reduce((sum, ms) => sum + ms, 0)
  return {
    count: sortedMs.length,
    meanHours: sortedMs.length === 0 ? null : hours(total / sortedMs.length),
    medianHours: hours(median(sortedMs)),
    p90Hours: hours(nearestRank(sortedMs, 90)),
    maxHours: hours(sortedMs.at(-1) ?? null)
  }
}

/** Most decisions first; ties in alphabetical order so the same data always lists the same way. */
function rows(map: Record<string, Counted>): StatisticsBreakdownRow[] {
  return Object.entries(map)
    .map(([key, entry]) => ({ key, label: entry.label, received: entry.received, rejected: entry.rejected }))
    .sort((a, b) => b.received + b.rejected - (a.received + a.rejected) || a.label.localeCompare(b.label, 'es') || (a.key < b.key ? -1 : 1))
}

/** The figures of a period from its tally. */
export function toSummary(range: PeriodRange, tally: Tally, computedAt: Date, complete: boolean, changedAt: string | null = null): StatisticsSummary {
  const all = [...tally.turnaroundMs.HP, ...tally.turnaroundMs.CT].sort((a, b) => a - b)
  const seriesKeys = range.period === 'week' ? range.days : hourKeys()
  return {
    period: range.period,
    start: range.start,
    end: range.end,
    label: range.label,
    totals: activityOf(tally),
    byType: TYPES.map((type) => ({ key: type, label: type, ...tally.byType[type] })),
    bySpecies: rows(tally.bySpecies),
    byVeterinarian: rows(tally.byVeterinarian),
    byClerk: rows(tally.byClerk),
    rejections: Object.values(tally.rejections)
      .map((entry) => ({ reason: entry.label, count: entry.count }))
      .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason, 'es')),
    turnaround: { ...turnaroundFigures(all), byType: TYPES.map((type) => ({ key: type, ...turnaroundFigures(tally.turnaroundMs[type]) })) },
    series: seriesKeys.map((key) => ({ key, ...(tally.series[key] ?? emptyActivity()) })),
    computedAt: computedAt.toISOString(),
    complete,
    changedAt
  }
}
