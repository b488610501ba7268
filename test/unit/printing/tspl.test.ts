import { describe, expect, it } from 'vitest'
import { layoutLabel } from '../../../src/shared/label-layout'
import { DEFAULT_LABEL_SETTINGS } from '../../../src/shared/label-settings'
import type { LabelSettings } from '../../../src/shared/label-settings'
import { buildTspl, buildTsplLabels, tsplText } from '../../../src/main/features/printing/languages/tspl'
import { expectGolden } from './golden'
import { ACCENTED_LABEL, LONG_LABEL } from './label-fixtures'

const at = (dpi: 203 | 300): LabelSettings => ({ ...DEFAULT_LABEL_SETTINGS, dpi })

describe('buildTspl', () => {
  it.each([203, 300] as const)('matches the golden bytes at %i dpi, accents and ñ as UTF-8', (dpi) => {
    const bytes = buildTspl(ACCENTED_LABEL, at(dpi))
    expectGolden(`accented-${dpi}.tspl`, bytes)
    const data = Buffer.from(bytes)
    expect(data.includes(Buffer.from('"Ñandú Peña"', 'utf8'))).toBe(true)
    expect(data.includes(Buffer.from('"Felino común"', 'utf8'))).toBe(true)
  })

  it('is CR LF command lines, sized, UTF-8, cleared, and ends by printing', () => {
    const lines = tsplText(ACCENTED_LABEL, { ...at(203), copies: 2, darkness: 21 }).split('\r\n')
    expect(lines.pop()).toBe('')
    expect(lines.every((line) => !line.includes('\n') && !line.includes('\r'))).toBe(true)
    expect(lines[0]).toBe('SIZE 39 mm,20 mm')
    expect(lines).toContain('CODEPAGE UTF-8')
    expect(lines).toContain('DENSITY 11')
    // CODEPAGE and CLS come before anything is drawn; PRINT is last.
    const firstDrawing = lines.findIndex((line) => line.startsWith('QRCODE') || line.startsWith('TEXT'))
    expect(lines.indexOf('CODEPAGE UTF-8')).toBeLessThan(firstDrawing)
    expect(lines.indexOf('CLS')).toBeLessThan(firstDrawing)
    expect(lines[lines.length - 1]).toBe('PRINT 1,2')
  })

  it('draws the QR at the layout position with the layout magnification, model 2', () => {
    for (const dpi of [203, 300] as const) {
      const { qr } = layoutLabel(ACCENTED_LABEL, at(dpi))
      expect(tsplText(ACCENTED_LABEL, at(dpi))).toContain(
        `QRCODE ${qr.x},${qr.y},Q,${qr.magnification},A,0,M2,S7,"${ACCENTED_LABEL.publicUrl}"\r\n`
      )
    }
  })

  it('prints every line in the scalable font, sized in points from the layout', () => {
    const layout = layoutLabel(ACCENTED_LABEL, at(300))
    const points = Math.round((layout.number.height * 72) / 300)
    expect(tsplText(ACCENTED_LABEL, at(300))).toContain(
      `TEXT ${layout.number.x},${layout.number.y},"0",0,${points},${points},"HP 26/0123"\r\n`
    )
    const textLines = tsplText(ACCENTED_LABEL, at(300)).split('\r\n').filter((line) => line.startsWith('TEXT '))
    expect(textLines).toHaveLength(4)
    for (const line of textLines) expect(line.split(',')[2]).toBe('"0"')
  })

  it('writes a quote inside data the way TSPL asks, and flattens newlines', () => {
    const text = tsplText({ ...ACCENTED_LABEL, animalName: 'Rex "el\nloco"' }, at(203))
    expect(text).toContain(',"Rex \\["]el loco\\["]"\r\n')
  })

  it('sends one whole label per container, each cleared, tagged and printed, and both lines of a long name', () => {
    const contents = [1, 2, 3].map((index) => ({ ...LONG_LABEL, container: { index, count: 3 } }))
    const text = Buffer.from(buildTsplLabels(contents, at(203))).toString('utf8')
    const labels = text.split('CLS\r\n').slice(1)
    expect(labels).toHaveLength(3)
    labels.forEach((label, i) => {
      expect(label).toContain(`"${i + 1}/3"`)
      expect(label.split('PRINT 1,1\r\n')).toHaveLength(2)
      const layout = layoutLabel(contents[i]!, at(203))
      expect(label).toContain(`"${layout.animalName.text}"`)
      expect(label).toContain(`"${layout.animalNameSecondLine!.text}"`)
    })
    expect(text.split('\r\n').filter((line) => line.startsWith('PRINT ')).length).toBe(3)
  })
})
