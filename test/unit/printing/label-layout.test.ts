import { jsPDF } from 'jspdf'
import QRCode from 'qrcode'
import { describe, expect, it } from 'vitest'
import {
  ELLIPSIS,
  LABEL_DESIGN_MM,
  fitText,
  layoutLabel,
  wrapText,
  mmToDots,
  qrModulesForBytes,
  sanitizeLabelText,
  textWidthEm,
  transliterateForLabel,
  utf8Length
} from '../../../src/shared/label-layout'
import type { LabelLayout, TextBox } from '../../../src/shared/label-layout'
import { DEFAULT_LABEL_SETTINGS, LabelSettingsSchema, type LabelSettings } from '../../../src/shared/label-settings'
import { ACCENTED_LABEL, LONG_LABEL } from './label-fixtures'

const at = (dpi: 203 | 300): LabelSettings => ({ ...DEFAULT_LABEL_SETTINGS, dpi })
const textBoxes = (layout: LabelLayout): TextBox[] =>
  [layout.number, layout.animalName, layout.animalNameSecondLine, layout.species, layout.badge.text, layout.container].filter((box): box is TextBox => box !== null)

describe('layoutLabel', () => {
  it('lays 300 dpi out from millimetres, not by rescaling the 203 dpi dots', () => {
    let differsFromRescaled = 0
    const design: [number, (layout: LabelLayout) => number][] = [
      [LABEL_DESIGN_MM.marginMm, (layout) => layout.qr.x],
      [LABEL_DESIGN_MM.numberTopMm, (layout) => layout.number.y],
      [LABEL_DESIGN_MM.nameTopMm, (layout) => layout.animalName.y],
      [LABEL_DESIGN_MM.nameHeightMm, (layout) => layout.animalName.height],
      [LABEL_DESIGN_MM.speciesTopMm, (layout) => layout.species.y],
      [LABEL_DESIGN_MM.speciesHeightMm, (layout) => layout.species.height],
      [LABEL_DESIGN_MM.badgeHeightMm, (layout) => layout.badge.height],
      [39, (layout) => layout.width],
      [20, (layout) => layout.height]
    ]
    const low = layoutLabel(ACCENTED_LABEL, at(203))
    const high = layoutLabel(ACCENTED_LABEL, at(300))
    for (const [mm, pick] of design) {
      expect(pick(low)).toBe(Math.round((mm * 203) / 25.4))
      expect(pick(high)).toBe(Math.round((mm * 300) / 25.4))
      if (pick(high) !== Math.round((pick(low) * 300) / 203)) differsFromRescaled++
    }
    // The check above would be vacuous if rounding never told the two methods apart.
    expect(differsFromRescaled).toBeGreaterThan(0)
  })

  it('puts the QR on the left, inside the label, and the text to its right', () => {
    for (const dpi of [203, 300] as const) {
      const layout = layoutLabel(ACCENTED_LABEL, at(dpi))
      const { qr } = layout
      expect(qr.size).toBe(qr.modules * qr.magnification)
      expect(qr.y).toBeGreaterThanOrEqual(mmToDots(LABEL_DESIGN_MM.marginMm, dpi))
      expect(qr.y + qr.size).toBeLessThanOrEqual(layout.height - mmToDots(LABEL_DESIGN_MM.marginMm, dpi))
      for (const box of textBoxes(layout)) {
        expect(box.x).toBeGreaterThan(qr.x + qr.size)
        expect(box.y + box.height).toBeLessThanOrEqual(layout.height)
      }
      // Lines never overlap one another.
      const lines = [layout.number, layout.animalName, layout.species]
      for (let i = 1; i < lines.length; i++) expect(lines[i]!.y).toBeGreaterThanOrEqual(lines[i - 1]!.y + lines[i - 1]!.height)
      expect(layout.badge.y).toBeGreaterThanOrEqual(layout.species.y + layout.species.height)
    }
  })

  it('keeps the lines of a wrapped name and the container tag apart from everything else, at 20 mm and taller', () => {
    for (const dpi of [203, 300] as const) {
      for (const heightMm of [20, 25, 30]) {
        const layout = layoutLabel({ ...LONG_LABEL, container: { index: 12, count: 12 } }, { ...at(dpi), heightMm })
        const lines = [layout.number, layout.animalName, layout.animalNameSecondLine!, layout.species]
        for (let i = 1; i < lines.length; i++) expect(lines[i]!.y).toBeGreaterThanOrEqual(lines[i - 1]!.y + lines[i - 1]!.height)
        expect(layout.badge.y).toBeGreaterThanOrEqual(layout.species.y + layout.species.height)
        // The tag sits right of the badge on its row, inside the label.
        const tag = layout.container!
        expect(tag.text).toBe('12/12')
        expect(tag.x).toBeGreaterThanOrEqual(layout.badge.x + layout.badge.width)
        expect(tag.y).toBeGreaterThanOrEqual(layout.badge.y)
        expect(tag.x + textWidthEm(tag.text) * tag.height).toBeLessThanOrEqual(layout.width - mmToDots(LABEL_DESIGN_MM.marginMm, dpi))
      }
    }
  })

  it('prints no container tag on a label for the whole protocol', () => {
    expect(layoutLabel(ACCENTED_LABEL, at(203)).container).toBeNull()
    expect(layoutLabel({ ...ACCENTED_LABEL, container: { index: 2, count: 3 } }, at(203)).container?.text).toBe('2/3')
  })

  it('shrinks the protocol number to fit rather than cutting it', () => {
    for (const dpi of [203, 300] as const) {
      const layout = layoutLabel(LONG_LABEL, at(dpi))
      expect(layout.number.text).toBe(LONG_LABEL.number)
      expect(textWidthEm(layout.number.text) * layout.number.height).toBeLessThanOrEqual(layout.number.maxWidth)
      const short = layoutLabel(ACCENTED_LABEL, at(dpi))
      expect(layout.number.height).toBeLessThan(short.number.height)
    }
  })

  it('wraps a long name onto a second line, cuts only that one with "...", and every line fits its column', () => {
    for (const dpi of [203, 300] as const) {
      const layout = layoutLabel(LONG_LABEL, at(dpi))
      for (const box of textBoxes(layout)) {
        expect(textWidthEm(box.text) * box.height).toBeLessThanOrEqual(box.maxWidth)
        expect(box.x + box.maxWidth).toBeLessThanOrEqual(layout.width - mmToDots(LABEL_DESIGN_MM.marginMm, dpi))
      }
      const second = layout.animalNameSecondLine
      expect(second).not.toBeNull()
      expect(layout.animalName.text.endsWith(ELLIPSIS)).toBe(false)
      expect(second!.text.endsWith(ELLIPSIS)).toBe(true)
      // The two lines read as the start of the name, broken at a space.
      expect(LONG_LABEL.animalName.startsWith(`${layout.animalName.text} ${second!.text.slice(0, -ELLIPSIS.length)}`)).toBe(true)
      expect(layout.species.text.endsWith(ELLIPSIS)).toBe(true)
      const short = layoutLabel(ACCENTED_LABEL, at(dpi))
      expect(short.animalName.text).toBe(ACCENTED_LABEL.animalName)
      expect(short.animalNameSecondLine).toBeNull()
      expect(short.species.text).toBe(ACCENTED_LABEL.species)
    }
  })

  it('prints a name that fits two lines whole, without "..."', () => {
    const name = 'Luna Bella de Peñaflor'
    const layout = layoutLabel({ ...ACCENTED_LABEL, animalName: name }, at(203))
    expect(layout.animalNameSecondLine).not.toBeNull()
    expect(`${layout.animalName.text} ${layout.animalNameSecondLine!.text}`).toBe(name)
  })

  it('turns a calibration offset into the label home, or moves the fields when it is negative', () => {
    const base = layoutLabel(ACCENTED_LABEL, at(203))
    const right = layoutLabel(ACCENTED_LABEL, { ...at(203), offsetXmm: 1.5, offsetYmm: 0.5 })
    expect(right.home).toEqual({ x: mmToDots(1.5, 203), y: mmToDots(0.5, 203) })
    expect(right.number).toEqual(base.number)
    const left = layoutLabel(ACCENTED_LABEL, { ...at(203), offsetXmm: -0.5, offsetYmm: -0.25 })
    expect(left.home).toEqual({ x: 0, y: 0 })
    expect(left.number.x).toBe(base.number.x - mmToDots(0.5, 203))
    expect(left.number.y).toBe(base.number.y - mmToDots(0.25, 203))
  })

  it('reserves room for the QR the printer will draw (byte mode, ECC Q)', () => {
    for (let bytes = 1; bytes <= 300; bytes += 7) {
      const symbol = QRCode.create('a'.repeat(bytes), { errorCorrectionLevel: 'Q' })
      expect(qrModulesForBytes(bytes)).toBe(symbol.modules.size)
    }
  })
})

describe('text measuring and fitting', () => {
  it('measures with Helvetica-Bold widths, the same jsPDF uses for the label PDF', () => {
    const doc = new jsPDF({ unit: 'mm' })
    doc.setFont('helvetica', 'bold')
    for (let code = 0x20; code <= 0x7e; code++) {
      const char = String.fromCharCode(code)
      expect(Math.abs(textWidthEm(char) - doc.getStringUnitWidth(char))).toBeLessThan(0.01)
    }
    expect(textWidthEm('ñ')).toBe(textWidthEm('n'))
    expect(textWidthEm('Á')).toBe(textWidthEm('A'))
    // Unknown glyphs count a full em, so they can only make a line shorter than it could be.
    expect(textWidthEm('漢')).toBe(1)
  })

  it('cuts at a character boundary and never returns more than fits', () => {
    expect(fitText('Ñandú', 1000, 10)).toBe('Ñandú')
    const cut = fitText('Wenceslao Muñoz', 50, 10)
    expect(cut.endsWith(ELLIPSIS)).toBe(true)
    expect(textWidthEm(cut) * 10).toBeLessThanOrEqual(50)
    expect(fitText('Wenceslao', 5, 10)).toBe('')
    expect(fitText('😀😀😀😀😀😀', 40, 10)).toBe('😀😀😀...')
  })

  it('wraps at spaces into at most the lines asked for, cutting only the last with "..."', () => {
    // 10 dots high, 60 dots wide: 6 em a line.
    expect(wrapText('Luna', 60, 10, 2)).toEqual(['Luna'])
    const two = wrapText('Luna Bella Peña', 60, 10, 2)
    expect(two).toHaveLength(2)
    expect(two.join(' ')).toBe('Luna Bella Peña')
    const cut = wrapText('Maximiliano Wenceslao de la Santísima Trinidad', 60, 10, 2)
    expect(cut).toHaveLength(2)
    expect(cut[0]!.endsWith(ELLIPSIS)).toBe(false)
    expect(cut[1]!.endsWith(ELLIPSIS)).toBe(true)
    for (const line of cut) expect(textWidthEm(line) * 10).toBeLessThanOrEqual(60)
    // A word wider than a whole line is broken inside it rather than cut on the first line.
    const long = wrapText('Wenceslaowenceslao', 60, 10, 2)
    expect(long[0]!.length).toBeGreaterThan(0)
    expect(`${long[0]}${long[1]!.replace(ELLIPSIS, '')}`).toBe('Wenceslaowenceslao'.slice(0, long[0]!.length + long[1]!.length - (long[1]!.endsWith(ELLIPSIS) ? ELLIPSIS.length : 0)))
    // One line asked for: the same as fitText.
    expect(wrapText('Maximiliano Wenceslao', 60, 10, 1)).toEqual([fitText('Maximiliano Wenceslao', 60, 10)])
    expect(wrapText('Luna', 0, 10, 2)).toEqual([''])
  })

  it('flattens control characters and composes decomposed accents', () => {
    expect(sanitizeLabelText('  Luna\r\n\tBella  ')).toBe('Luna Bella')
    expect(sanitizeLabelText('n\u0303andu\u0301')).toBe('ñandú')
    expect(utf8Length('ñ€😀a')).toBe(2 + 3 + 4 + 1)
  })

  it('keeps what the printer font draws and transliterates or leaves out the rest', () => {
    // ñ, accents and the rest of Latin-1 go through as they are.
    expect(transliterateForLabel('Ñandú Pérez Çà ß ø')).toBe('Ñandú Pérez Çà ß ø')
    // Letters outside Latin-1 lose their accent (ř -> r, Ł -> L; á, í stay); quotes, dashes and signs are spelled plainly.
    expect(transliterateForLabel('Łukasz Dvořák – “Bobík” …')).toBe('Lukasz Dvorák - "Bobík" ...')
    // Emoji and other scripts would print as boxes: left out, and the spaces they leave tidied.
    expect(transliterateForLabel('Luna 🐶🐾 Bella')).toBe('Luna Bella')
    expect(transliterateForLabel('Rex 👨‍👩‍👧')).toBe('Rex')
    expect(transliterateForLabel('小狗')).toBe('?')
    expect(transliterateForLabel('')).toBe('')
  })

  it('lays out the animal and species as the printer font can draw them', () => {
    const layout = layoutLabel({ ...ACCENTED_LABEL, animalName: 'Toñito 🐶', species: 'Perro – mestizo' }, at(203))
    expect(layout.animalName.text).toBe('Toñito')
    expect(layout.species.text).toBe('Perro - mestizo')
  })
})

describe('LabelSettingsSchema', () => {
  it('accepts the defaults and rejects out-of-range values', () => {
    expect(LabelSettingsSchema.parse(DEFAULT_LABEL_SETTINGS)).toEqual(DEFAULT_LABEL_SETTINGS)
    expect(LabelSettingsSchema.safeParse({ ...DEFAULT_LABEL_SETTINGS, dpi: 600 }).success).toBe(false)
    expect(LabelSettingsSchema.safeParse({ ...DEFAULT_LABEL_SETTINGS, darkness: 31 }).success).toBe(false)
    expect(LabelSettingsSchema.safeParse({ ...DEFAULT_LABEL_SETTINGS, copies: 0 }).success).toBe(false)
  })
})
