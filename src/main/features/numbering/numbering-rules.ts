/**
 * The rules every numbered row follows, whoever numbers it (a reception, an issued work order, a
 * renumbering): a number comes from a block the server leased or a range an administrator typed,
 * never from nowhere; a bench without either says what to do; a typed range stays within what
 * the server will register at first contact.
 */
import { HandledError } from '../../platform/dispatch'
import { MAX_SEQ } from '../../../shared/domain'
import { MAX_RANGE_NUMBERS, NumberSeries, rangeYears } from '../../../shared/numbering'
import type { NumberStatus } from '../../../shared/reception'
import type { NumberBlocksRepository, NumberSource } from './number-blocks-repository'

/** The numbers demo receptions and demo orders get: a bench in demo mode never pairs, so they never meet real ones. */
export const DEMO_BLOCK = { start: 1, end: 899 } as const

const SERIES_NAME: Record<NumberSeries, string> = { HP: 'HP protocol', CT: 'CT protocol', OT: 'work-order' }

/**
 * The next number of (series, year), inside the caller's transaction. A bench that never held a
 * block of the kind is told to pair or to have a range typed (`no_number_source`); one that used
 * them up, to sync or type a range (`numbers_exhausted`).
 */
export function takeNumber(numbers: NumberBlocksRepository, series: NumberSeries, year: number, source: NumberSource, at = new Date().toISOString()): number {
  // A bench trying the app never runs short: each year gets its demo block when first needed.
  if (source === 'demo' && !numbers.holds(series, year, 'demo')) {
    numbers.add({ type: series, year, rangeStart: DEMO_BLOCK.start, rangeEnd: DEMO_BLOCK.end, source: 'demo' }, at)
  }
  const seq = numbers.take(series, year, source)
  if (seq !== null) return seq
  if (numbers.holds(series, year, source)) {
    throw new HandledError('numbers_exhausted', `no ${SERIES_NAME[series]} numbers left for ${year}`, { type: series, year })
  }
  throw new HandledError(
    'no_number_source',
    `this bench has no ${SERIES_NAME[series]} numbers for ${year}: pair it with the lab server, or have an administrator type a range`
  )
}

/**
 * The number a row the server refused is renumbered with: only one the server already said is
 * this bench's (a leased block, a claimed range), since a second refusal would help nobody. None
 * left: `renumber_no_block`, and the caller's transaction changes nothing.
 */
export function takeRenumber(numbers: Pick<NumberBlocksRepository, 'take'>, series: NumberSeries, year: number): number {
  const seq = numbers.take(series, year, 'confirmed')
  if (seq === null) throw new HandledError('renumber_no_block', `no ${series} ${year} number confirmed by the server is left; sync to get a block`, { type: series, year })
  return seq
}

/**
 * The number the row's first label or document shows, which the renumber replaces: the one it
 * carries, or, when it gave that up to a row the server accepted, its latest alias.
 */
export function numberBeforeRenumber(numbers: Pick<NumberBlocksRepository, 'aliasesOf'>, entity: 'protocol' | 'work_order', id: string, carried: string | null): string | null {
  return carried ?? numbers.aliasesOf(entity, id).at(-1) ?? null
}

/** What the Reception panel and Settings show: numbers left per series, and every block. */
export function numberStatus(numbers: NumberBlocksRepository, year: number, lowWaterMark: number, demo: boolean): NumberStatus {
  const source: NumberSource = demo ? 'demo' : 'live'
  return {
    year,
    demo,
    types: NumberSeries.options.map((type) => {
      const remaining = numbers.remaining(type, year, source)
      return { type, remaining, low: remaining < lowWaterMark }
    }),
    blocks: numbers.list().filter((block) => (block.source === 'demo') === demo)
  }
}

/** A typed range must be one the server will register: this year or the next, 1..MAX_SEQ, at most MAX_RANGE_NUMBERS. */
export function checkTypedRange(range: { year: number; start: number; end: number }, now: Date): void {
  const years = rangeYears(now)
  if (!years.includes(range.year)) throw new HandledError('range_out_of_bounds', `a typed range is for ${years.join(' or ')}`)
  if (range.start < 1 || range.end > MAX_SEQ || range.start > range.end) {
    throw new HandledError('range_out_of_bounds', `a typed range runs from 1 to ${MAX_SEQ}, start before end`)
  }
  if (range.end - range.start + 1 > MAX_RANGE_NUMBERS) {
    throw new HandledError('range_out_of_bounds', `a typed range holds at most ${MAX_RANGE_NUMBERS} numbers`)
  }
}
