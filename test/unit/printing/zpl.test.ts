import { PNG } from 'pngjs'
import { describe, expect, it } from 'vitest'
import { ready } from 'zpl-renderer-js'
import { LABEL_DESIGN_MM, layoutLabel, mmToDots } from '../../../src/shared/label-layout'
import { DEFAULT_LABEL_SETTINGS } from '../../../src/shared/label-settings'
import type { LabelContent } from '../../../src/shared/label-layout'
import type { LabelSettings } from '../../../src/shared/label-settings'
import { buildZpl, buildZplLabels, zplText } from '../../../src/main/features/printing/languages/zpl'
import { decodeQr } from '../../support/pdf-tools'
import type { RgbaImage } from '../../support/pdf-tools'
import { expectGolden } from './golden'
import { inkBounds } from './raster'
import { ACCENTED_LABEL, CONTROL_CHARS_LABEL, LONG_LABEL } from './label-fixtures'

const at = (dpi: 203 | 300): LabelSettings => ({ ...DEFAULT_LABEL_SETTINGS, dpi })
const utf8 = (text: string) => Buffer.from(text, 'utf8')

/**
 * zpl-renderer-js (zebrash in WebAssembly) draws the label the way Labelary does. It takes whole
 * dots per mm (8 or 12); the canvas is 10 mm wider than the label so nothing of the label is
 * cropped (it clips at ^PW itself, so ink in the right margin means text ran over).
 */
async function renderZpl(content: LabelContent, settings: LabelSettings): Promise<RgbaImage> {
  const { api } = await ready
  const zpl = Buffer.from(buildZpl(content, settings)).toString('utf8')
  const base64 = await api.zplToBase64Async(zpl, settings.widthMm + 10, settings.heightMm, Math.round(settings.dpi / 25.4))
  const png = PNG.sync.read(Buffer.from(base64, 'base64'))
  return { width: png.width, height: png.height, data: new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length) }
}

describe('buildZpl', () => {
  it.each([203, 300] as const)('matches the golden bytes at %i dpi, accents and ñ as UTF-8', (dpi) => {
    const bytes = buildZpl(ACCENTED_LABEL, at(dpi))
    expectGolden(`accented-${dpi}.zpl`, bytes)
    const data = Buffer.from(bytes)
    expect(data.includes(utf8('^CI28'))).toBe(true)
    expect(data.includes(utf8('Ñandú Peña'))).toBe(true)
    expect(data.includes(utf8('Felino común'))).toBe(true)
  })

  it('sizes the label and the QR from the layout, with an explicit magnification', () => {
    for (const dpi of [203, 300] as const) {
      const layout = layoutLabel(ACCENTED_LABEL, at(dpi))
      const zpl = zplText(ACCENTED_LABEL, at(dpi))
      expect(zpl).toContain(`^PW${mmToDots(39, dpi)}\n`)
      expect(zpl).toContain(`^LL${mmToDots(20, dpi)}\n`)
      expect(zpl).toContain(`^BQN,2,${layout.qr.magnification}^FDQA,${ACCENTED_LABEL.publicUrl}^FS`)
      expect(layout.qr.magnification).toBeGreaterThanOrEqual(2)
    }
  })

  it('writes darkness, copies and the label home from the settings', () => {
    const zpl = zplText(ACCENTED_LABEL, { ...at(203), darkness: 7, copies: 3, offsetXmm: 1, offsetYmm: 0.5 })
    expect(zpl.startsWith('~SD07\n^XA\n')).toBe(true)
    expect(zpl).toContain('^PQ3\n')
    expect(zpl).toContain(`^LH${mmToDots(1, 203)},${mmToDots(0.5, 203)}\n`)
    expect(zpl.endsWith('^XZ\n')).toBe(true)
  })

  it('hex-escapes ^ ~ and _ in user data so they cannot end or inject a command', () => {
    const zpl = zplText(CONTROL_CHARS_LABEL, at(203))
    expect(zpl).toContain('^FH^FDRex _5EXZ_7EJR^FS')
    expect(zpl).toContain('^FH^FDQA,https://lab.example.org/_7Ep/abc^FS')
    // A field without ^ or ~ goes as typed: its underscore is plain data there.
    expect(zpl).toContain('^FDperro_mestizo^FS')
    // Exactly one label: the injected ^XZ did not end the format early.
    expect(zpl.match(/\^XA/g)).toHaveLength(1)
    expect(zpl.match(/\^XZ/g)).toHaveLength(1)
  })

  it('keeps a pasted newline from splitting a field', () => {
    const zpl = zplText({ ...ACCENTED_LABEL, animalName: 'Luna\r\nBella' }, at(203))
    expect(zpl).toContain('^FDLuna Bella^FS')
  })

  it.each([203, 300] as const)('renders offline at %i dpi to a QR that reads back the public URL', async (dpi) => {
    const image = await renderZpl(ACCENTED_LABEL, at(dpi))
    expect(decodeQr(image)).toBe(ACCENTED_LABEL.publicUrl)
  })

  it.each([203, 300] as const)('keeps long names inside the 39 mm at %i dpi', async (dpi) => {
    const settings = at(dpi)
    const layout = layoutLabel(LONG_LABEL, settings)
    expect(layout.animalNameSecondLine?.text.endsWith('...')).toBe(true)
    expect(layout.species.text.endsWith('...')).toBe(true)
    const image = await renderZpl(LONG_LABEL, settings)
    expect(decodeQr(image)).toBe(LONG_LABEL.publicUrl)
    // The renderer centres the label on the wider canvas; the QR's left edge marks the label's x.
    const ink = inkBounds(image)
    const labelX = (ink?.left ?? 0) - layout.qr.x
    const rightmostInk = (ink?.right ?? 0) - labelX
    expect(rightmostInk).toBeGreaterThan(layout.animalName.x)
    expect(rightmostInk).toBeLessThan(layout.width - mmToDots(LABEL_DESIGN_MM.marginMm, dpi) + 1)
  })

  it('sends one whole format per container, each with its tag, and the tag and both name lines drawn inside the label', async () => {
    const contents = [1, 2, 3].map((index) => ({ ...LONG_LABEL, container: { index, count: 3 } }))
    const text = Buffer.from(buildZplLabels(contents, at(203))).toString('utf8')
    const formats = text.split('^XA').slice(1)
    expect(formats).toHaveLength(3)
    formats.forEach((format, i) => {
      expect(format).toContain(`^FD${i + 1}/3^FS`)
      expect(format.split('^XZ')).toHaveLength(2)
    })
    const layout = layoutLabel(contents[2]!, at(203))
    expect(formats[2]).toContain(`^FD${layout.animalNameSecondLine!.text}^FS`)
    // Rendered, the tag's box right of the badge holds ink that the untagged label leaves blank.
    const tag = layout.container!
    const inkInTagBox = (image: RgbaImage) => {
      const labelX = (inkBounds(image)?.left ?? 0) - layout.qr.x
      let dark = 0
      for (let y = tag.y; y < tag.y + tag.height; y++) {
        for (let x = labelX + tag.x; x < labelX + tag.x + tag.maxWidth; x++) if ((image.data[(y * image.width + x) * 4] ?? 255) < 128) dark++
      }
      return dark
    }
    expect(inkInTagBox(await renderZpl(LONG_LABEL, at(203)))).toBe(0)
    expect(inkInTagBox(await renderZpl(contents[2]!, at(203)))).toBeGreaterThan(20)
  })
})
