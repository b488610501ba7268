/**
 * Work-order money: the one place that turns lines, discounts and tax rates into totals.
 * Pure and integer-only. Prices are integer cents; percentages may carry up to two decimals
 * (12.5 %, 10.25 %) and are converted to integer basis points before any arithmetic, so no
 * binary fraction ever reaches a total. Products go through BigInt, so a large quantity times
 * a large price cannot lose a cent to the 2^53 float limit before the final range check.
 *
 * Rounding policy (the only rounding in this module, see `roundHalfUp`):
 *  - Discounts are rounded PER LINE, half up to the cent, then summed: the line discount on the
 *    line's gross amount, and the order discount on the line's amount after its own discount
 *    (the order discount is shared out line by line so each tax base reflects it, as a Spanish
 *    invoice requires). Every figure printed on a line is therefore exact and every total is a
 *    plain sum of printed figures; the cost is that the order discount may differ by a few
 *    cents from "round(subtotal x %)", which is the accepted trade-off.
 *  - Tax is rounded ONCE PER RATE on the summed base of that rate (the "cuota" of each IVA
 *    rate), not per line, so rounding errors do not accumulate over many lines.
 */

export interface TotalsLineInput {
  unitPriceCents: number
  quantity: number
  /** Line discount, 0-100 with at most two decimals. */
  discountPercent?: number
  /** Tax rate of the line (21 for IVA general), 0-100 with at most two decimals. */
  taxRatePercent: number
}

export interface TotalsInput {
  lines: readonly TotalsLineInput[]
  /** Discount on the whole order, applied after line discounts. */
  orderDiscountPercent?: number
}

export interface LineTotals {
  /** unit price x quantity. */
  grossCents: number
  /** The line's own discount. */
  discountCents: number
  /** gross - line discount: the amount column of the printed line. */
  lineTotalCents: number
  /** This line's share of the order discount. */
  orderDiscountCents: number
  /** lineTotal - order discount share: what the line adds to its tax base. */
  taxableCents: number
  taxRatePercent: number
}

export interface TaxTotals {
  ratePercent: number
  baseCents: number
  taxCents: number
}

export interface Totals {
  lines: LineTotals[]
  /** Sum of line totals (after line discounts, before the order discount). */
  subtotalCents: number
  /** The order discount (sum of the per-line shares). */
  discountCents: number
  /** Sum of every line's own discount, for display ("you saved"). */
  lineDiscountCents: number
  /** One entry per distinct rate, highest rate first; baseCents sum to subtotal - discount. */
  taxes: TaxTotals[]
  /** Sum of bases plus sum of taxes. */
  totalCents: number
}

const BASIS_POINTS_PER_UNIT = 10_000n

/** True when `percent` is within 0-100 and has at most two decimals. */
export function isValidPercent(percent: number): boolean {
  if (!Number.isFinite(percent) || percent < 0 || percent > 100) return false
  const scaled = percent * 100
  return Math.abs(scaled - Math.round(scaled)) < 1e-6
}

/** 21 -> 2100, 12.5 -> 1250. Throws on anything `isValidPercent` rejects. */
export function percentToBasisPoints(percent: number): number {
  if (!isValidPercent(percent)) throw new RangeError(`invalid percentage: ${percent}`)
  return Math.round(percent * 100)
}

/**
 * amount x basisPoints / 10000 rounded half up to an integer (half away from zero; all
 * amounts here are non-negative). This is the module's only rounding.
 */
export function roundHalfUp(amount: bigint, basisPoints: number): bigint {
  const product = amount * BigInt(basisPoints)
  const quotient = product / BASIS_POINTS_PER_UNIT
  const remainder = product % BASIS_POINTS_PER_UNIT
  return remainder * 2n >= BASIS_POINTS_PER_UNIT ? quotient + 1n : quotient
}

function requireNonNegativeInt(value: number, what: string): bigint {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${what} must be a non-negative integer: ${value}`)
  return BigInt(value)
}

function toSafeNumber(value: bigint, what: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`${what} is too large to represent: ${value}`)
  return Number(value)
}

export function computeTotals(input: TotalsInput): Totals {
  const orderBp = percentToBasisPoints(input.orderDiscountPercent ?? 0)
  const taxBaseByRate = new Map<number, bigint>()
  let subtotal = 0n
  let orderDiscount = 0n
  let lineDiscount = 0n

  const lines = input.lines.map((line, index): LineTotals => {
    const unit = requireNonNegativeInt(line.unitPriceCents, `line ${index + 1} unit price`)
    const quantity = requireNonNegativeInt(line.quantity, `line ${index + 1} quantity`)
    const taxBp = percentToBasisPoints(line.taxRatePercent)
    const gross = unit * quantity
    const discount = roundHalfUp(gross, percentToBasisPoints(line.discountPercent ?? 0))
    const lineTotal = gross - discount
    const orderShare = roundHalfUp(lineTotal, orderBp)
    const taxable = lineTotal - orderShare
    subtotal += lineTotal
    orderDiscount += orderShare
    lineDiscount += discount
    taxBaseByRate.set(taxBp, (taxBaseByRate.get(taxBp) ?? 0n) + taxable)
    return {
      grossCents: toSafeNumber(gross, 'line gross'),
      discountCents: toSafeNumber(discount, 'line discount'),
      lineTotalCents: toSafeNumber(lineTotal, 'line total'),
      orderDiscountCents: toSafeNumber(orderShare, 'order discount share'),
      taxableCents: toSafeNumber(taxable, 'taxable amount'),
      taxRatePercent: taxBp / 100
    }
  })

  let total = 0n
  const taxes = [...taxBaseByRate.entries()]
    .sort(([a], [b]) => b - a)
    .map(([rateBp, base]): TaxTotals => {
      const tax = roundHalfUp(base, rateBp)
      total += base + tax
      return { ratePercent: rateBp / 100, baseCents: toSafeNumber(base, 'tax base'), taxCents: toSafeNumber(tax, 'tax') }
    })

  return {
    lines,
    subtotalCents: toSafeNumber(subtotal, 'subtotal'),
    discountCents: toSafeNumber(orderDiscount, 'order discount'),
    lineDiscountCents: toSafeNumber(lineDiscount, 'line discounts'),
    taxes,
    totalCents: toSafeNumber(total, 'total')
  }
}

// Building an Intl.NumberFormat costs far more than using one; renderers format hundreds of figures.
const numberFormats = new Map<string, Intl.NumberFormat>()

function cachedFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`
  let format = numberFormats.get(key)
  if (!format) {
    format = new Intl.NumberFormat(locale, options)
    numberFormats.set(key, format)
  }
  return format
}

/**
 * 123456 cents -> "1234,56 €" (es) / "€1,234.56" (en). The amount is handed to Intl as an exact
 * decimal string, so not even display goes through a float division.
 */
export function formatMoney(cents: number, locale: string, currency = 'EUR'): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`cents must be an integer: ${cents}`)
  const sign = cents < 0 ? '-' : ''
  const abs = BigInt(Math.abs(cents))
  const decimal = `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}` as `${number}`
  return cachedFormat(locale, { style: 'currency', currency, minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(decimal)
}

/** 21 -> "21 %" (es) / "21%" (en); 12.5 -> "12,5 %" / "12.5%". */
export function formatPercent(percent: number, locale: string): string {
  return cachedFormat(locale, { style: 'percent', maximumFractionDigits: 2 }).format(percent / 100)
}
