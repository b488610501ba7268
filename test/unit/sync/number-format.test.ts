import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { formatProtocolNumber, MAX_SEQ } from '../../../src/shared/domain'
import { MAX_RANGE_NUMBERS, NumberRange } from '../../../src/shared/numbering'
import { parseScan, parseProtocolNumber } from '../../../src/shared/scan'
import { formatWorkOrderNumber, parseWorkOrderNumber } from '../../../src/shared/work-orders'

/**
 * The number format is documented once (docs/sync-api.md) and kept in three places: the bound
 * servers lease and accept to, the schemas claims are read with, and the scan pattern labels are
 * read back with. They move together or this fails.
 */
describe('the documented number format', () => {
  const doc = readFileSync(resolve(import.meta.dirname, '../../../docs/sync-api.md'), 'utf8')

  it('names the same largest sequence and claim size as the code', () => {
    const documentedMax = /`1 <= seq <= (\d+)`/.exec(doc)?.[1]
    expect(Number(documentedMax)).toBe(MAX_SEQ)
    expect(doc).toContain(`\`1 <= start <= end <= ${MAX_SEQ}\` and at most ${MAX_RANGE_NUMBERS} numbers`)
  })

  it('scans back every number a server may lease, and nothing above', () => {
    for (const seq of [1, 123, 9_999, 10_000, MAX_SEQ]) {
      const printed = formatProtocolNumber('HP', 2026, seq)
      expect(parseProtocolNumber(printed), printed).toEqual({ type: 'HP', yy: 26, seq })
      expect(parseScan(printed)).toMatchObject({ kind: 'number', seq })
    }
    expect(parseProtocolNumber(`HP 26/${MAX_SEQ + 1}`)).toBeNull()
    expect(parseProtocolNumber('HP 26/0000')).toBeNull()
  })

  it('reads back every work-order number a server may lease, as printed or typed, and nothing above', () => {
    for (const seq of [1, 123, 9_999, 10_000, MAX_SEQ]) {
      const printed = formatWorkOrderNumber(2026, seq)
      expect(parseWorkOrderNumber(printed), printed).toEqual({ year: 2026, seq })
      expect(parseWorkOrderNumber(printed.toLowerCase().replace(' ', '').replace('/', '-')), printed).toEqual({ year: 2026, seq })
    }
    expect(parseWorkOrderNumber(`OT 26/${MAX_SEQ + 1}`)).toBeNull()
    expect(parseWorkOrderNumber('OT 26/0000')).toBeNull()
    expect(parseWorkOrderNumber('HP 26/0001')).toBeNull()
  })

  it('refuses a claim beyond the format or longer than a typed range may be', () => {
    expect(NumberRange.safeParse({ type: 'OT', year: 2026, start: MAX_SEQ - MAX_RANGE_NUMBERS + 1, end: MAX_SEQ }).success).toBe(true)
    expect(NumberRange.safeParse({ type: 'HP', year: 2026, start: MAX_SEQ, end: MAX_SEQ + 1 }).success).toBe(false)
    expect(NumberRange.safeParse({ type: 'HP', year: 2026, start: 1, end: MAX_RANGE_NUMBERS + 1 }).success).toBe(false)
    expect(NumberRange.safeParse({ type: 'HP', year: 2026, start: 10, end: 9 }).success).toBe(false)
  })
})
