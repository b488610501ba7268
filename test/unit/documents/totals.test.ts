import { describe, expect, it } from 'vitest'
import { computeTotals, formatMoney, formatPercent, isValidPercent, percentToBasisPoints, roundHalfUp } from '../../../src/shared/totals'
import type { TotalsInput, TotalsLineInput } from '../../../src/shared/totals'
import { seededRandom } from '../../../src/shared/seeded-random'

const line = (unitPriceCents: number, quantity = 1, taxRatePercent = 21, discountPercent = 0): TotalsLineInput => ({
  unitPriceCents,
  quantity,
  taxRatePercent,
  discountPercent
})

/** Intl separates amount and symbol with a no-break space; compare with plain spaces. */
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ')

describe('roundHalfUp', () => {
  it('rounds exact halves up and everything below half down', () => {
    expect(roundHalfUp(5n, 1000)).toBe(1n) // 0.5
    expect(roundHalfUp(4n, 1000)).toBe(0n) // 0.4
    expect(roundHalfUp(149n, 1000)).toBe(15n) // 14.9
    expect(roundHalfUp(145n, 1000)).toBe(15n) // 14.5
    expect(roundHalfUp(144n, 1000)).toBe(14n) // 14.4
    expect(roundHalfUp(150n, 2100)).toBe(32n) // 31.5
    expect(roundHalfUp(2n, 2100)).toBe(0n) // 0.42
    expect(roundHalfUp(0n, 2100)).toBe(0n)
  })

  it('treats 12.5 % exactly (as 1250 basis points)', () => {
    expect(percentToBasisPoints(12.5)).toBe(1250)
    expect(roundHalfUp(4n, percentToBasisPoints(12.5))).toBe(1n) // 0.5
    expect(roundHalfUp(3n, percentToBasisPoints(12.5))).toBe(0n) // 0.375
  })
})

describe('percent validation', () => {
  it('accepts 0-100 with up to two decimals and rejects the rest', () => {
    for (const ok of [0, 4, 10, 12.5, 21, 10.25, 99.99, 100, 0.1, 0.07]) expect(isValidPercent(ok)).toBe(true)
    for (const bad of [-1, 100.01, 12.345, Number.NaN, Number.POSITIVE_INFINITY]) expect(isValidPercent(bad)).toBe(false)
  })

  it('converts float-unfriendly percentages without drift', () => {
    expect(percentToBasisPoints(0.07)).toBe(7)
    expect(percentToBasisPoints(10.25)).toBe(1025)
    expect(percentToBasisPoints(16.15)).toBe(1615)
  })
})

describe('computeTotals', () => {
  it('computes one taxed line', () => {
    const totals = computeTotals({ lines: [line(1000, 1, 21)] })
    expect(totals.lines).toEqual([
      { grossCents: 1000, discountCents: 0, lineTotalCents: 1000, orderDiscountCents: 0, taxableCents: 1000, taxRatePercent: 21 }
    ])
    expect(totals.subtotalCents).toBe(1000)
    expect(totals.discountCents).toBe(0)
    expect(totals.taxes).toEqual([{ ratePercent: 21, baseCents: 1000, taxCents: 210 }])
    expect(totals.totalCents).toBe(1210)
  })

  it('returns zeros and no tax rows for an order without lines', () => {
    const totals = computeTotals({ lines: [], orderDiscountPercent: 10 })
    expect(totals).toEqual({ lines: [], subtotalCents: 0, discountCents: 0, lineDiscountCents: 0, taxes: [], totalCents: 0 })
  })

  it('rounds a half-cent line discount up', () => {
    // 5 cents at 10 % = 0.5 cent -> 1 cent off.
    const totals = computeTotals({ lines: [line(5, 1, 0, 10)] })
    expect(totals.lines[0]).toMatchObject({ grossCents: 5, discountCents: 1, lineTotalCents: 4 })
    expect(totals.lineDiscountCents).toBe(1)
  })

  it('applies the line discount to price x quantity, not per unit', () => {
    // 3 x 2475 = 7425; 10 % = 742.5 -> 743 (per unit it would be 3 x 248 = 744).
    const totals = computeTotals({ lines: [line(2475, 3, 21, 10)] })
    expect(totals.lines[0]).toMatchObject({ grossCents: 7425, discountCents: 743, lineTotalCents: 6682 })
  })

  it('rounds tax once per rate on the summed base, not per line', () => {
    // Three lines of 50 cents at 21 %: per line 10.5 -> 11 each (33); on the base 150 -> 31.5 -> 32.
    const totals = computeTotals({ lines: [line(50), line(50), line(50)] })
    expect(totals.taxes).toEqual([{ ratePercent: 21, baseCents: 150, taxCents: 32 }])
    expect(totals.totalCents).toBe(182)
  })

  it('shares the order discount out per line, after line discounts, and rounds each share', () => {
    // Line totals 5 and 5; 10 % each = 0.5 -> 1, so the order discount is 2 cents.
    const totals = computeTotals({ lines: [line(5, 1, 0), line(5, 1, 0)], orderDiscountPercent: 10 })
    expect(totals.lines.map((l) => l.orderDiscountCents)).toEqual([1, 1])
    expect(totals.discountCents).toBe(2)
    expect(totals.taxes).toEqual([{ ratePercent: 0, baseCents: 8, taxCents: 0 }])

    // 10000 with 20 % line discount = 8000; 5 % order discount of that = 400.
    const stacked = computeTotals({ lines: [line(10000, 1, 21, 20)], orderDiscountPercent: 5 })
    expect(stacked.lines[0]).toMatchObject({ discountCents: 2000, lineTotalCents: 8000, orderDiscountCents: 400, taxableCents: 7600 })
    expect(stacked.subtotalCents).toBe(8000)
    expect(stacked.discountCents).toBe(400)
    expect(stacked.taxes).toEqual([{ ratePercent: 21, baseCents: 7600, taxCents: 1596 }])
    expect(stacked.totalCents).toBe(9196)
  })

  it('groups several tax rates, highest first, and lowers each base by the order discount', () => {
    const totals = computeTotals({
      lines: [line(1000, 2, 10), line(2000, 1, 21), line(333, 1, 0), line(500, 1, 21), line(100, 3, 4)],
      orderDiscountPercent: 10
    })
    expect(totals.taxes.map((t) => t.ratePercent)).toEqual([21, 10, 4, 0])
    // 21 %: (2000 - 200) + (500 - 50) = 2250 -> 472.5 -> 473
    expect(totals.taxes[0]).toEqual({ ratePercent: 21, baseCents: 2250, taxCents: 473 })
    // 10 %: 2000 - 200 = 1800 -> 180
    expect(totals.taxes[1]).toEqual({ ratePercent: 10, baseCents: 1800, taxCents: 180 })
    // 4 %: 300 - 30 = 270 -> 10.8 -> 11
    expect(totals.taxes[2]).toEqual({ ratePercent: 4, baseCents: 270, taxCents: 11 })
    // 0 %: 333 - 33.3 -> 33 = 300
    expect(totals.taxes[3]).toEqual({ ratePercent: 0, baseCents: 300, taxCents: 0 })
    expect(totals.subtotalCents).toBe(2000 + 2000 + 333 + 500 + 300)
    expect(totals.totalCents).toBe(2250 + 473 + 1800 + 180 + 270 + 11 + 300)
  })

  it('stays exact for large quantities and prices beyond float-safe products', () => {
    // 999,999.99 x 1,000,000 = 99,999,999,000,000 cents; 21 % of it needs more than 2^53 in between.
    const totals = computeTotals({ lines: [line(99_999_999, 1_000_000, 21)] })
    expect(totals.subtotalCents).toBe(99_999_999_000_000)
    expect(totals.taxes).toEqual([{ ratePercent: 21, baseCents: 99_999_999_000_000, taxCents: 20_999_999_790_000 }])
    expect(totals.totalCents).toBe(120_999_998_790_000)
  })

  it('refuses totals that cannot be represented exactly', () => {
    expect(() => computeTotals({ lines: [line(Number.MAX_SAFE_INTEGER, 2, 0)] })).toThrow(RangeError)
  })

  it('rejects fractional or negative amounts and malformed percentages', () => {
    expect(() => computeTotals({ lines: [line(10.5)] })).toThrow(RangeError)
    expect(() => computeTotals({ lines: [line(-1)] })).toThrow(RangeError)
    expect(() => computeTotals({ lines: [line(100, 1.5)] })).toThrow(RangeError)
    expect(() => computeTotals({ lines: [line(100, 1, 21.123)] })).toThrow(RangeError)
    expect(() => computeTotals({ lines: [line(100, 1, 21, 101)] })).toThrow(RangeError)
    expect(() => computeTotals({ lines: [line(100)], orderDiscountPercent: -5 })).toThrow(RangeError)
  })

  it('gives nothing to pay for a 100 % discount', () => {
    const totals = computeTotals({ lines: [line(1234, 3, 21, 100), line(999, 1, 10)], orderDiscountPercent: 100 })
    expect(totals.totalCents).toBe(0)
    expect(totals.taxes.every((t) => t.baseCents === 0 && t.taxCents === 0)).toBe(true)
  })
})

function randomOrder(random: () => number): TotalsInput {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!
  const percents = [0, 0, 0, 5, 10, 12.5, 15, 33.33, 50, 99.99, 100]
  const lines = Array.from({ length: Math.floor(random() * 12) }, () => ({
    unitPriceCents: Math.floor(random() * 500_000),
    quantity: pick([1, 1, 2, 3, 7, 10, 250, 10_000]),
    discountPercent: pick(percents),
    taxRatePercent: pick([0, 4, 10, 21, 7.5])
  }))
  return { lines, orderDiscountPercent: pick(percents) }
}

/** |rounded - amount x bp / 10000| <= half a cent, checked in integers. */
function withinHalfCent(rounded: number, amount: number, basisPoints: number): boolean {
  const diff = BigInt(rounded) * 10_000n - BigInt(amount) * BigInt(basisPoints)
  return (diff < 0n ? -diff : diff) <= 5_000n
}

describe('computeTotals properties (500 seeded random orders)', () => {
  const seeds = Array.from({ length: 500 }, (_, i) => i + 1)

  it('every part adds up to the totals and every rounding is within half a cent', () => {
    for (const seed of seeds) {
      const order = randomOrder(seededRandom(seed))
      const totals = computeTotals(order)
      const orderBp = percentToBasisPoints(order.orderDiscountPercent ?? 0)
      const context = `seed ${seed}`

      totals.lines.forEach((result, i) => {
        const input = order.lines[i]!
        expect(result.grossCents, context).toBe(input.unitPriceCents * input.quantity)
        expect(result.lineTotalCents, context).toBe(result.grossCents - result.discountCents)
        expect(result.taxableCents, context).toBe(result.lineTotalCents - result.orderDiscountCents)
        expect(result.discountCents, context).toBeGreaterThanOrEqual(0)
        expect(result.taxableCents, context).toBeGreaterThanOrEqual(0)
        expect(withinHalfCent(result.discountCents, result.grossCents, percentToBasisPoints(input.discountPercent ?? 0)), context).toBe(true)
        expect(withinHalfCent(result.orderDiscountCents, result.lineTotalCents, orderBp), context).toBe(true)
      })

      const sum = (values: number[]) => values.reduce((a, b) => a + b, 0)
      expect(totals.subtotalCents, context).toBe(sum(totals.lines.map((l) => l.lineTotalCents)))
      expect(totals.discountCents, context).toBe(sum(totals.lines.map((l) => l.orderDiscountCents)))
      expect(totals.lineDiscountCents, context).toBe(sum(totals.lines.map((l) => l.discountCents)))
      expect(sum(totals.taxes.map((t) => t.baseCents)), context).toBe(totals.subtotalCents - totals.discountCents)
      expect(totals.totalCents, context).toBe(sum(totals.taxes.map((t) => t.baseCents + t.taxCents)))

      const rates = totals.taxes.map((t) => t.ratePercent)
      expect(rates, context).toEqual([...new Set(order.lines.map((l) => l.taxRatePercent))].sort((a, b) => b - a))
      for (const tax of totals.taxes) {
        const base = sum(totals.lines.filter((l) => l.taxRatePercent === tax.ratePercent).map((l) => l.taxableCents))
        expect(tax.baseCents, context).toBe(base)
        expect(withinHalfCent(tax.taxCents, tax.baseCents, percentToBasisPoints(tax.ratePercent)), context).toBe(true)
      }
    }
  })

  it('does not depend on the order of the lines', () => {
    for (const seed of seeds.slice(0, 100)) {
      const order = randomOrder(seededRandom(seed))
      const reversed = { ...order, lines: [...order.lines].reverse() }
      const a = computeTotals(order)
      const b = computeTotals(reversed)
      expect({ ...b, lines: [...b.lines].reverse() }, `seed ${seed}`).toEqual(a)
    }
  })
})

describe('formatMoney', () => {
  it('formats cents in Spanish and English conventions', () => {
    expect(plain(formatMoney(12_345_678, 'es'))).toBe('123.456,78 €')
    expect(formatMoney(12_345_678, 'en')).toBe('€123,456.78')
    expect(plain(formatMoney(5, 'es'))).toBe('0,05 €')
    expect(formatMoney(0, 'en')).toBe('€0.00')
    expect(plain(formatMoney(-1356, 'es'))).toBe('-13,56 €')
    expect(formatMoney(1999, 'en', 'USD')).toBe('$19.99')
  })

  it('prints the largest safe amount to the cent', () => {
    expect(formatMoney(Number.MAX_SAFE_INTEGER, 'en')).toBe('€90,071,992,547,409.91')
  })

  it('rejects non-integer cents', () => {
    expect(() => formatMoney(10.5, 'es')).toThrow(RangeError)
  })
})

describe('formatPercent', () => {
  it('keeps up to two decimals', () => {
    expect(plain(formatPercent(21, 'es'))).toBe('21 %')
    expect(formatPercent(12.5, 'en')).toBe('12.5%')
    expect(plain(formatPercent(10.25, 'es'))).toBe('10,25 %')
  })
})
