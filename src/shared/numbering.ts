/**
 * The lab's number series and the bounds benches and servers both keep. A series is numbered per
 * year from 1 to MAX_SEQ: protocols per type (`HP 26/0123`, `CT 26/0042`) and work orders, an
 * invoice series (`OT 26/0007`). Numbers come from blocks the central server leases, or from a
 * range an administrator typed at a bench before it could reach the server, which the server
 * registers ("claims") at first contact. Pure: no Node, no DOM.
 */
import { z } from 'zod'
import { formatProtocolNumber, MAX_SEQ } from './domain'
import { formatWorkOrderNumber } from './work-orders'

export const NumberSeries = z.enum(['HP', 'CT', 'OT'])
export type NumberSeries = z.infer<typeof NumberSeries>

/** The work-order (invoice) series; the others are protocol types. */
export const WORK_ORDER_SERIES = 'OT' satisfies NumberSeries

/**
 * The largest range a bench may number from on its own (typed by an administrator, claimed at
 * first contact): a few days of a busy bench. Anything longer is what server blocks are for.
 */
export const MAX_RANGE_NUMBERS = 2_000

export const SeqNumber = z.number().int().min(1).max(MAX_SEQ)

/** Years a typed range may be for, as the server checks them at claim time: this one and the next. */
export function rangeYears(now: Date): [number, number] {
  const year = now.getFullYear()
  return [year, year + 1]
}

/** The number as printed: `HP 26/0123` or `OT 26/0007`. */
export function formatSeriesNumber(series: NumberSeries, year: number, seq: number): string {
  return series === 'OT' ? formatWorkOrderNumber(year, seq) : formatProtocolNumber(series, year, seq)
}

/** `HP 26/0001-0899`: a range as a clerk reads it. */
export function formatRange(series: NumberSeries, year: number, start: number, end: number): string {
  return `${formatSeriesNumber(series, year, start)}-${String(end).padStart(4, '0')}`
}

const rangeFields = {
  year: z.number().int().min(2000).max(2999),
  start: SeqNumber,
  end: SeqNumber
}

/** start..end inclusive, in order, at most MAX_RANGE_NUMBERS long. */
export function refineRange<T extends z.ZodType<{ start: number; end: number }>>(schema: T) {
  return schema
    .refine((range) => range.start <= range.end, { path: ['end'], message: 'end before start' })
    .refine((range) => range.end - range.start + 1 <= MAX_RANGE_NUMBERS, {
      path: ['end'],
      message: `a range holds at most ${MAX_RANGE_NUMBERS} numbers`
    })
}

/** A range of one series and year, as the wire and the bench's form carry it. */
export const NumberRangeShape = z.object({ type: NumberSeries, ...rangeFields })
export const NumberRange = refineRange(NumberRangeShape)
export type NumberRange = z.infer<typeof NumberRange>
