import { describe, expect, it } from 'vitest'
import { csvField } from '../../../src/main/features/exports/csv-format'

describe('CSV cells a spreadsheet would run as formulas', () => {
  it('are quoted with a leading apostrophe, also behind blanks and in full-width forms', () => {
    for (const text of [
      '=HYPERLINK("http://x")',
      '+1+1',
      '-2+3',
      '@SUM(A1)',
      ' =1+1',
      '   +1',
      '\u00a0=1+1',
      '\u3000=1+1',
      '\u200b=1+1',
      '\t=1+1',
      '\tplain',
      '\rplain',
      '＝1+1',
      '＋1',
      '－1',
      '＠SUM(A1)',
      '  ＝1+1'
    ]) {
      expect(csvField(text, ';').replace(/^"/, '').startsWith("'"), JSON.stringify(text)).toBe(true)
    }
  })

  it('leaves ordinary text, inner signs and numbers alone', () => {
    expect(csvField('García = López', ';')).toBe('García = López')
    expect(csvField(' Luna', ';')).toBe(' Luna')
    expect(csvField('a@b.es', ';')).toBe('a@b.es')
    expect(csvField(-5, ';')).toBe('-5')
    expect(csvField('x;y', ';')).toBe('"x;y"')
  })
})
