import { describe, expect, it } from 'vitest'
import { centsFromText, priceListFromJson, priceListFromRows, PriceListError } from '../../server/src/price-list'

const problemsOf = (read: () => unknown): string[] => {
  try {
    read()
  } catch (error) {
    if (error instanceof PriceListError) return error.problems
    throw error
  }
  throw new Error('the list was taken')
}

describe('the price list file', () => {
  it('reads euros as a spreadsheet writes them into cents, and nothing else', () => {
    expect(['35', '35,5', '35.50', '0,07', ' 1200,00 '].map(centsFromText)).toEqual([3500, 3550, 3550, 7, 120000])
    expect(['-3', '1.234,50', '3,505', 'abc', '', '35 €'].map(centsFromText)).toEqual([null, null, null, null, null, null])
  })

  it('takes a CSV by its header names in Spanish or English, in any column order', () => {
    const list = priceListFromRows([
      ['IVA', 'Código', 'Descripción', 'Precio', 'Activo'],
      ['21', 'HP-BIOPSIA', 'Biopsia', '35,00', 'sí'],
      ['10,5', 'CT-CITO', 'Citología', '22.5', 'no'],
      ['', '', '', '', '']
    ])
    expect(list).toEqual([
      { code: 'HP-BIOPSIA', description: 'Biopsia', unitPriceCents: 3500, taxRatePercent: 21, active: true },
      { code: 'CT-CITO', description: 'Citología', unitPriceCents: 2250, taxRatePercent: 10.5, active: false }
    ])
  })

  it('names every bad line and takes none of them', () => {
    const problems = problemsOf(() =>
      priceListFromRows([
        ['code', 'description', 'price', 'tax'],
        ['HP-1', 'Biopsia', '35,00', '21'],
        ['HP-2', 'Otra', 'gratis', '21'],
        ['hp-1', 'Duplicada', '1', '21'],
        ['HP-3', '', '1', '250']
      ])
    )
    expect(problems).toHaveLength(3)
    expect(problems[0]).toMatch(/^line 3: price "gratis"/)
    expect(problems[1]).toMatch(/^line 4: code hp-1 is already on line 2/)
    expect(problems[2]).toMatch(/^line 5: .*description.*taxRatePercent/)
  })

  it('refuses a header without the needed columns and an empty list', () => {
    expect(problemsOf(() => priceListFromRows([['code', 'precio']]))).toEqual([
      'line 1: the header needs the columns description, tax (found: code, precio)'
    ])
    expect(problemsOf(() => priceListFromRows([['code', 'description', 'price', 'tax']]))[0]).toMatch(/empty/)
    expect(problemsOf(() => priceListFromJson('[]'))[0]).toMatch(/empty/)
  })

  it('takes JSON in the sync fields, cents as integers', () => {
    expect(priceListFromJson('[{"code":"HP-1","description":"Biopsia","unitPriceCents":3500,"taxRatePercent":21}]')).toEqual([
      { code: 'HP-1', description: 'Biopsia', unitPriceCents: 3500, taxRatePercent: 21, active: true }
    ])
    expect(problemsOf(() => priceListFromJson('[{"code":"HP-1","description":"Biopsia","unitPriceCents":35.5,"taxRatePercent":21}]'))[0]).toMatch(
      /^entry 1: unitPriceCents/
    )
    expect(problemsOf(() => priceListFromJson('{"code":"HP-1"}'))).toEqual(['the JSON must be an array of services'])
    expect(problemsOf(() => priceListFromJson('not json'))[0]).toMatch(/^not JSON/)
  })
})
